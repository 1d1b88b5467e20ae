// SPDX-License-Identifier: Apache-2.0
/**
 * The order summary read model ({@code GET /api/orders?…}): one row per order, searched by customer,
 * status, total and creation time, newest first. Queries are data; backends translate them.
 */
@NullMarked
package dev.annals.example.orders.views.summary;

import org.jspecify.annotations.NullMarked;
