// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.views.details;

import dev.annals.example.orders.order.OrderId;
import dev.annals.example.orders.views.QueryResult;

/** Port: one order's details, as far as the projection has applied events. */
public interface OrderDetailsReadModel {
    QueryResult<OrderDetails> find(OrderId orderId);
}
