// SPDX-License-Identifier: Apache-2.0
/**
 * The customer statistics read model ({@code GET /api/customers/{customerId}/statistics}), keyed by
 * customer: order counts by status and money spent.
 */
@NullMarked
package dev.annals.example.orders.views.customers;

import org.jspecify.annotations.NullMarked;
