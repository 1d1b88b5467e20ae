// SPDX-License-Identifier: Apache-2.0
/** The shipped orders read model ({@code GET /api/shipped-orders/{id}}): a flat row per shipped order. */
@NullMarked
package dev.annals.example.orders.views.shipping;

import org.jspecify.annotations.NullMarked;
