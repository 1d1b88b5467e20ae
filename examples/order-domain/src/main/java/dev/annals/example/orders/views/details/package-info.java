// SPDX-License-Identifier: Apache-2.0
/**
 * The order details read model ({@code GET /api/orders/{id}}): one entry per order with its items,
 * payment, shipping and full timeline; the view, its query port and an in-memory answerer.
 */
@NullMarked
package dev.annals.example.orders.views.details;

import org.jspecify.annotations.NullMarked;
