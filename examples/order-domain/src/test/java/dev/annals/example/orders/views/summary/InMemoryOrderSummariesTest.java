// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.views.summary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.core.store.StreamVersion;
import dev.annals.example.orders.order.CustomerId;
import dev.annals.example.orders.order.Money;
import dev.annals.example.orders.order.OrderId;
import dev.annals.example.orders.order.OrderStatus;
import dev.annals.example.orders.views.Page;
import dev.annals.example.orders.views.QueryResult;
import dev.annals.example.orders.views.ResultPage;
import dev.annals.example.orders.views.summary.OrderSummaryQuery.ById;
import dev.annals.example.orders.views.summary.OrderSummaryQuery.Search;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-memory translation of summary queries: filters, newest first, paging, totals. */
class InMemoryOrderSummariesTest {
    private static final Instant DAY = Instant.parse("2026-03-01T00:00:00Z");
    private static final CustomerId ALICE = CustomerId.of("alice");
    private static final CustomerId BOB = CustomerId.of("bob");

    private static OrderSummary summary(String id, CustomerId customer, OrderStatus status, String total, int hour) {
        Instant createdAt = DAY.plusSeconds(3600L * hour);
        return new OrderSummary(OrderId.of(id), customer, status, 1, Money.of(total), createdAt, createdAt, StreamVersion.FIRST);
    }

    private final OrderSummary a1 = summary("a1", ALICE, OrderStatus.PENDING, "10.00", 1);
    private final OrderSummary a2 = summary("a2", ALICE, OrderStatus.SHIPPED, "20.00", 2);
    private final OrderSummary b3 = summary("b3", BOB, OrderStatus.PENDING, "30.00", 3);
    private final OrderSummary a4 = summary("a4", ALICE, OrderStatus.CANCELLED, "40.00", 4);
    private final OrderSummaries summaries = new InMemoryOrderSummaries(() -> List.of(a2, b3, a1, a4));

    private List<OrderSummary> items(Search search) {
        return page(search).items();
    }

    private ResultPage<OrderSummary> page(Search search) {
        return switch (summaries.find(search)) {
            case QueryResult.Found<ResultPage<OrderSummary>> found -> found.value();
            case QueryResult.NotFound<ResultPage<OrderSummary>> notFound -> throw new AssertionError("search answered not found");
            case QueryResult.Failed<ResultPage<OrderSummary>> failed -> throw new AssertionError(failed.failure());
        };
    }

    @Test
    void listsEveryOrderNewestFirst() {
        assertThat(items(Search.all())).containsExactly(a4, b3, a2, a1);
        assertThat(page(Search.all()).total()).isEqualTo(4);
    }

    @Test
    void breaksTiesOnCreationTimeByOrderId() {
        OrderSummary x = summary("x", BOB, OrderStatus.PENDING, "1.00", 5);
        OrderSummary y = summary("y", BOB, OrderStatus.PENDING, "1.00", 5);
        var tied = new InMemoryOrderSummaries(() -> List.of(y, x));
        assertThat(tied.find(Search.all())).isEqualTo(new QueryResult.Found<>(new ResultPage<>(List.of(x, y), Page.FIRST, 2)));
    }

    @Test
    void filtersByCustomer() {
        assertThat(items(Search.all().withCustomer(ALICE))).containsExactly(a4, a2, a1);
    }

    @Test
    void filtersByStatus() {
        assertThat(items(Search.all().withStatus(OrderStatus.PENDING))).containsExactly(b3, a1);
    }

    @Test
    void filtersByTotalWithInclusiveBounds() {
        assertThat(items(Search.all().withTotalBetween(Money.of("20.00"), Money.of("30.00")))).containsExactly(b3, a2);
        assertThat(items(Search.all().withTotalBetween(Money.of("30.00"), null))).containsExactly(a4, b3);
        assertThat(items(Search.all().withTotalBetween(null, Money.of("10.00")))).containsExactly(a1);
    }

    @Test
    void filtersByCreationTimeFromInclusiveToExclusive() {
        Instant from = DAY.plusSeconds(3600 * 2);
        Instant to = DAY.plusSeconds(3600 * 4);
        assertThat(items(Search.all().withCreatedBetween(from, to))).containsExactly(b3, a2);
    }

    @Test
    void combinesFilters() {
        assertThat(items(Search.all().withCustomer(ALICE).withStatus(OrderStatus.PENDING))).containsExactly(a1);
        assertThat(items(Search.all().withCustomer(BOB).withStatus(OrderStatus.SHIPPED))).isEmpty();
    }

    @Test
    void pagesThroughMatchesAndCountsEveryMatch() {
        List<OrderSummary> many = new ArrayList<>();
        for (int hour = 0; hour < 25; hour++) {
            many.add(summary("o" + hour, ALICE, OrderStatus.PENDING, "1.00", hour));
        }
        var big = new InMemoryOrderSummaries(() -> many);

        var second = big.find(Search.all().withPage(Page.of(2, 10)));
        var third = big.find(Search.all().withPage(Page.of(3, 10)));
        var beyond = big.find(Search.all().withPage(Page.of(4, 10)));

        assertThat(second).isEqualTo(new QueryResult.Found<>(new ResultPage<>(
                many.reversed().subList(10, 20), Page.of(2, 10), 25)));
        assertThat(third).isEqualTo(new QueryResult.Found<>(new ResultPage<>(many.reversed().subList(20, 25), Page.of(3, 10), 25)));
        assertThat(beyond).isEqualTo(new QueryResult.Found<>(new ResultPage<>(List.of(), Page.of(4, 10), 25)));
    }

    @Test
    void findsOneOrderById() {
        assertThat(summaries.find(new ById(OrderId.of("b3"))))
                .isEqualTo(new QueryResult.Found<>(new ResultPage<>(List.of(b3), Page.of(1, 1), 1)));
    }

    @Test
    void answersNotFoundForAnUnknownId() {
        assertThat(summaries.find(new ById(OrderId.of("nope")))).isEqualTo(new QueryResult.NotFound<>());
    }

    @Test
    void aSearchWithNoMatchIsAnEmptyPageNotANotFound() {
        assertThat(summaries.find(Search.all().withCustomer(CustomerId.of("carol"))))
                .isEqualTo(new QueryResult.Found<>(new ResultPage<>(List.of(), Page.FIRST, 0)));
    }

    @Test
    void refusesAnInvalidPage() {
        assertThat(Page.isValid(0, 10)).isFalse();
        assertThat(Page.isValid(1, 0)).isFalse();
        assertThat(Page.isValid(1, Page.MAX_SIZE + 1)).isFalse();
        assertThat(Page.isValid(1, Page.MAX_SIZE)).isTrue();
        assertThat(Page.of(3, 20).offset()).isEqualTo(40);
    }
}
