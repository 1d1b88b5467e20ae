// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.views.history;

import dev.annals.example.orders.order.OrderId;
import dev.annals.example.orders.views.QueryResult;
import java.util.Collection;
import java.util.function.Supplier;

/** Answers history queries from view states held in memory. */
public final class InMemoryOrderHistories implements OrderHistories {
    private final Supplier<? extends Collection<OrderHistory>> states;

    public InMemoryOrderHistories(Supplier<? extends Collection<OrderHistory>> states) {
        this.states = states;
    }

    @Override
    public QueryResult<OrderHistory> find(OrderId orderId) {
        return states.get().stream().filter(h -> h.orderId().equals(orderId)).findFirst()
                .<QueryResult<OrderHistory>>map(QueryResult.Found::new)
                .orElseGet(QueryResult.NotFound::new);
    }
}
