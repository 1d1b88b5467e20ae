// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.views.summary;

import dev.annals.example.orders.views.Page;
import dev.annals.example.orders.views.QueryResult;
import dev.annals.example.orders.views.ResultPage;
import dev.annals.example.orders.views.summary.OrderSummaryQuery.ById;
import dev.annals.example.orders.views.summary.OrderSummaryQuery.Search;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Answers summary queries over view states held in memory: each query becomes a
 * {@link Predicate}, the newest-first {@link #NEWEST_FIRST} order and a page slice, the same
 * meaning the SQL translation gives them.
 */
public final class InMemoryOrderSummaries implements OrderSummaries {
    /** createdAt descending, then order id ascending, so equal times page stably. */
    public static final Comparator<OrderSummary> NEWEST_FIRST = Comparator.comparing(OrderSummary::createdAt).reversed()
            .thenComparing(OrderSummary::orderId);

    private final Supplier<? extends Collection<OrderSummary>> states;

    public InMemoryOrderSummaries(Supplier<? extends Collection<OrderSummary>> states) {
        this.states = states;
    }

    @Override
    public QueryResult<ResultPage<OrderSummary>> find(OrderSummaryQuery query) {
        List<OrderSummary> matches = states.get().stream().filter(predicate(query)).sorted(NEWEST_FIRST).toList();
        return switch (query) {
            case ById byId -> matches.isEmpty()
                    ? new QueryResult.NotFound<>()
                    : new QueryResult.Found<>(new ResultPage<>(matches.subList(0, 1), Page.of(1, 1), 1));
            case Search search -> new QueryResult.Found<>(new ResultPage<>(slice(matches, search.page()), search.page(),
                    matches.size()));
        };
    }

    /** What a summary must satisfy to answer the query. */
    public static Predicate<OrderSummary> predicate(OrderSummaryQuery query) {
        return switch (query) {
            case ById(var orderId) -> s -> s.orderId().equals(orderId);
            case Search q -> s -> (q.customerId() == null || s.customerId().equals(q.customerId()))
                    && (q.status() == null || s.status() == q.status())
                    && (q.minTotal() == null || s.total().compareTo(q.minTotal()) >= 0)
                    && (q.maxTotal() == null || s.total().compareTo(q.maxTotal()) <= 0)
                    && (q.createdFrom() == null || !s.createdAt().isBefore(q.createdFrom()))
                    && (q.createdTo() == null || s.createdAt().isBefore(q.createdTo()));
        };
    }

    private static List<OrderSummary> slice(List<OrderSummary> sorted, Page page) {
        int from = Math.min(page.offset(), sorted.size());
        int to = Math.min(from + page.size(), sorted.size());
        return sorted.subList(from, to);
    }
}
