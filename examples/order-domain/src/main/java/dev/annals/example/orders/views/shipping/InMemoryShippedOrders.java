// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.views.shipping;

import dev.annals.example.orders.order.OrderId;
import dev.annals.example.orders.views.QueryResult;
import java.util.Collection;
import java.util.function.Supplier;

/** Answers shipped-order queries from view states held in memory; rows not yet shipped are not found. */
public final class InMemoryShippedOrders implements ShippedOrders {
    private final Supplier<? extends Collection<ShippedOrder>> states;

    public InMemoryShippedOrders(Supplier<? extends Collection<ShippedOrder>> states) {
        this.states = states;
    }

    @Override
    public QueryResult<ShippedOrder> find(OrderId orderId) {
        return states.get().stream().filter(s -> s.orderId().equals(orderId) && s.isShipped()).findFirst()
                .<QueryResult<ShippedOrder>>map(QueryResult.Found::new)
                .orElseGet(QueryResult.NotFound::new);
    }
}
