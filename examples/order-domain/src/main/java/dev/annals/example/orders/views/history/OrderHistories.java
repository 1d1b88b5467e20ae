// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.views.history;

import dev.annals.example.orders.order.OrderId;
import dev.annals.example.orders.views.QueryResult;

/** Port: one order's status history. */
public interface OrderHistories {
    QueryResult<OrderHistory> find(OrderId orderId);
}
