// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.views.shipping;

import dev.annals.example.orders.order.OrderId;
import dev.annals.example.orders.views.QueryResult;

/** Port: one shipped order; {@link QueryResult.NotFound} for an unknown or not yet shipped order. */
public interface ShippedOrders {
    QueryResult<ShippedOrder> find(OrderId orderId);
}
