// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.views.details;

import dev.annals.example.orders.order.OrderId;
import dev.annals.example.orders.views.QueryResult;
import java.util.Collection;
import java.util.function.Supplier;

/** Answers details queries from view states held in memory (tests, the embedded service). */
public final class InMemoryOrderDetails implements OrderDetailsReadModel {
    private final Supplier<? extends Collection<OrderDetails>> states;

    public InMemoryOrderDetails(Supplier<? extends Collection<OrderDetails>> states) {
        this.states = states;
    }

    @Override
    public QueryResult<OrderDetails> find(OrderId orderId) {
        return states.get().stream().filter(d -> d.orderId().equals(orderId)).findFirst()
                .<QueryResult<OrderDetails>>map(QueryResult.Found::new)
                .orElseGet(QueryResult.NotFound::new);
    }
}
