// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.views.customers;

import dev.annals.example.orders.order.CustomerId;
import dev.annals.example.orders.views.QueryResult;
import java.util.Collection;
import java.util.function.Supplier;

/** Answers customer statistics queries from view states held in memory. */
public final class InMemoryCustomerStatistics implements CustomerStatisticsReadModel {
    private final Supplier<? extends Collection<CustomerStatistics>> states;

    public InMemoryCustomerStatistics(Supplier<? extends Collection<CustomerStatistics>> states) {
        this.states = states;
    }

    @Override
    public QueryResult<CustomerStatistics> find(CustomerId customerId) {
        return states.get().stream().filter(s -> s.customerId().equals(customerId)).findFirst()
                .<QueryResult<CustomerStatistics>>map(QueryResult.Found::new)
                .orElseGet(QueryResult.NotFound::new);
    }
}
