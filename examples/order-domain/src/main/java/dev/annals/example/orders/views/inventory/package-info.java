// SPDX-License-Identifier: Apache-2.0
/** The inventory level read model ({@code GET /api/products/{productId}/inventory}), keyed by product. */
@NullMarked
package dev.annals.example.orders.views.inventory;

import org.jspecify.annotations.NullMarked;
