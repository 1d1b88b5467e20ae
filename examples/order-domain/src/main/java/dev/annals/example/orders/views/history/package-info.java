// SPDX-License-Identifier: Apache-2.0
/** The order status history read model ({@code GET /api/orders/{id}/history}): every status an order passed through. */
@NullMarked
package dev.annals.example.orders.views.history;

import org.jspecify.annotations.NullMarked;
