// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.views.history;

import static dev.annals.example.orders.order.OrderFixtures.APPLE;
import static dev.annals.example.orders.order.OrderFixtures.CUSTOMER;
import static dev.annals.example.orders.order.OrderFixtures.ORDER;
import static dev.annals.example.orders.order.OrderFixtures.T0;
import static dev.annals.example.orders.order.OrderFixtures.at;
import static dev.annals.example.orders.order.OrderFixtures.cancelled;
import static dev.annals.example.orders.order.OrderFixtures.confirmed;
import static dev.annals.example.orders.order.OrderFixtures.created;
import static dev.annals.example.orders.order.OrderFixtures.line;
import static dev.annals.example.orders.order.OrderFixtures.money;
import static dev.annals.example.orders.order.OrderFixtures.paid;
import static dev.annals.example.orders.order.OrderFixtures.readyToShip;
import static dev.annals.example.orders.order.OrderFixtures.shipped;
import static dev.annals.example.orders.views.Envelopes.orderStream;
import static dev.annals.example.orders.views.Envelopes.recordedAt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.core.event.EventEnvelope;
import dev.annals.core.store.StreamVersion;
import dev.annals.example.orders.order.CustomerId;
import dev.annals.example.orders.order.OrderEvent;
import dev.annals.example.orders.order.OrderEvent.ItemAdded;
import dev.annals.example.orders.order.OrderEvent.OrderConfirmed;
import dev.annals.example.orders.order.OrderEvent.OrderCreated;
import dev.annals.example.orders.order.OrderId;
import dev.annals.example.orders.order.OrderLine;
import dev.annals.example.orders.order.OrderStatus;
import dev.annals.example.orders.views.QueryResult;
import dev.annals.example.orders.views.history.OrderHistory.StatusChange;
import dev.annals.testing.spec.ViewSpec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OrderHistoryViewTest {
    private final ViewSpec<Optional<OrderHistory>, EventEnvelope<OrderEvent>> history = ViewSpec.of(new OrderHistoryView());

    private static StatusChange change(OrderStatus status, long version) {
        return new StatusChange(status, StreamVersion.of(version), recordedAt(version + 1));
    }

    @Test
    void startsPendingWhenTheOrderIsCreated() {
        history.given(orderStream(created()))
                .thenState(Optional.of(new OrderHistory(ORDER, List.of(change(OrderStatus.PENDING, 0)))));
    }

    @Test
    void recordsEveryStatusWithTheVersionAndTimeOfTheEventThatSetIt() {
        history.given(orderStream(created(), confirmed(), readyToShip(), paid(), shipped()))
                .thenState(Optional.of(new OrderHistory(ORDER, List.of(change(OrderStatus.PENDING, 0),
                        change(OrderStatus.CONFIRMED, 1), change(OrderStatus.READY_TO_SHIP, 2), change(OrderStatus.SHIPPED, 4)))));
    }

    @Test
    void recordsACancellation() {
        history.given(orderStream(created(), cancelled(OrderStatus.PENDING)))
                .thenState(Optional.of(new OrderHistory(ORDER, List.of(change(OrderStatus.PENDING, 0),
                        change(OrderStatus.CANCELLED, 1)))));
    }

    @Test
    void eventsThatChangeNoStatusChangeNothing() {
        var stream = orderStream(created(), confirmed(), paid(),
                new ItemAdded(ORDER, CUSTOMER, line(APPLE, 1, "1.00"), money("1.00"), at(4)));
        history.given(stream.subList(0, 2))
                .thenUnchangedBy(stream.get(2))
                .thenUnchangedBy(stream.get(3));
    }

    @Test
    void anEventOfAnotherOrderChangesNothing() {
        OrderId otherId = OrderId.of("order-2");
        CustomerId otherCustomer = CustomerId.of("c-2");
        List<OrderLine> lines = List.of(line(APPLE, 1, "1.00"));
        var other = orderStream(5, new OrderCreated(otherId, otherCustomer, lines, money("1.00"), T0),
                new OrderConfirmed(otherId, otherCustomer, lines, money("1.00"), at(1)));
        history.given(orderStream(created())).thenUnchangedBy(other.get(0)).thenUnchangedBy(other.get(1));
    }

    @Test
    void aRedeliveredStatusChangeIsNotRecordedTwice() {
        var stream = orderStream(created(), confirmed());
        history.given(stream).thenUnchangedBy(stream.get(1));
    }

    @Test
    void answersTheHistoryByOrderId() {
        OrderHistory one = history.given(orderStream(created())).state().orElseThrow();
        var histories = new InMemoryOrderHistories(() -> List.of(one));
        assertThat(histories.find(ORDER)).isEqualTo(new QueryResult.Found<>(one));
        assertThat(histories.find(OrderId.of("nope"))).isEqualTo(new QueryResult.NotFound<>());
    }
}
