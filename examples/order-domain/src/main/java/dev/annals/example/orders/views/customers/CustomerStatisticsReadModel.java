// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.views.customers;

import dev.annals.example.orders.order.CustomerId;
import dev.annals.example.orders.views.QueryResult;

/** Port: one customer's statistics; {@link QueryResult.NotFound} for a customer with no orders. */
public interface CustomerStatisticsReadModel {
    QueryResult<CustomerStatistics> find(CustomerId customerId);
}
