// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.views.summary;

import static dev.annals.example.orders.order.OrderFixtures.APPLE;
import static dev.annals.example.orders.order.OrderFixtures.CUSTOMER;
import static dev.annals.example.orders.order.OrderFixtures.ORDER;
import static dev.annals.example.orders.order.OrderFixtures.PLUM;
import static dev.annals.example.orders.order.OrderFixtures.T0;
import static dev.annals.example.orders.order.OrderFixtures.TOTAL;
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

import dev.annals.core.event.EventEnvelope;
import dev.annals.core.store.StreamVersion;
import dev.annals.example.orders.order.CustomerId;
import dev.annals.example.orders.order.OrderEvent;
import dev.annals.example.orders.order.OrderEvent.ItemAdded;
import dev.annals.example.orders.order.OrderEvent.ItemRemoved;
import dev.annals.example.orders.order.OrderEvent.OrderCreated;
import dev.annals.example.orders.order.OrderEvent.OrderTotalCorrected;
import dev.annals.example.orders.order.OrderId;
import dev.annals.example.orders.order.OrderStatus;
import dev.annals.testing.spec.ViewSpec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OrderSummaryViewTest {
    private final ViewSpec<Optional<OrderSummary>, EventEnvelope<OrderEvent>> summary = ViewSpec.of(new OrderSummaryView());

    private static Optional<OrderSummary> summaryOf(OrderStatus status, int itemCount, String total, int updatedMinute,
                                                    long version) {
        return Optional.of(new OrderSummary(ORDER, CUSTOMER, status, itemCount, money(total), T0, at(updatedMinute),
                StreamVersion.of(version)));
    }

    @Test
    void summarisesANewOrder() {
        summary.given(orderStream(created())).thenState(summaryOf(OrderStatus.PENDING, 2, "5.25", 0, 0));
    }

    @Test
    void followsTheStatusToShipmentAndMovesUpdatedAtAndVersionOnEveryEvent() {
        summary.given(orderStream(created(), confirmed(), readyToShip(), paid(), shipped()))
                .thenState(summaryOf(OrderStatus.SHIPPED, 2, "5.25", 4, 4));
    }

    @Test
    void showsACancelledOrder() {
        summary.given(orderStream(created(), confirmed(), cancelled(OrderStatus.CONFIRMED)))
                .thenState(summaryOf(OrderStatus.CANCELLED, 2, "5.25", 5, 2));
    }

    @Test
    void countsItemsAndFollowsTheTotalThroughChangesAndCorrections() {
        summary.given(orderStream(created(),
                        new ItemAdded(ORDER, CUSTOMER, line(PLUM, 1, "1.00"), money("6.25"), at(1)),
                        new ItemRemoved(ORDER, CUSTOMER, line(APPLE, 2, "1.50"), money("3.25"), at(2)),
                        new ItemAdded(ORDER, CUSTOMER, line(APPLE, 1, "1.00"), money("4.25"), at(3)),
                        new OrderTotalCorrected(ORDER, CUSTOMER, money("4.25"), money("4.00"), "voucher", at(4))))
                .thenState(summaryOf(OrderStatus.PENDING, 3, "4.00", 4, 4));
    }

    @Test
    void anEventOfAnotherOrderChangesNothing() {
        OrderId other = OrderId.of("order-2");
        var otherCreated = new OrderCreated(other, CustomerId.of("customer-2"), List.of(line(APPLE, 1, "1.00")), money("1.00"), T0);
        summary.given(orderStream(created()))
                .thenUnchangedBy(orderStream(9, otherCreated).getFirst())
                .thenState(summaryOf(OrderStatus.PENDING, 2, "5.25", 0, 0));
    }

    @Test
    void aRedeliveredEventChangesNothing() {
        var stream = orderStream(created(), confirmed(), paid());
        summary.given(stream).thenUnchangedBy(stream.get(1));
    }

    @Test
    void anEventBeforeCreationLeavesNoSummary() {
        summary.given().thenUnchangedBy(orderStream(confirmed()).getFirst());
    }

    @Test
    void theCreatedTotalIsTheOrdersTotal() {
        summary.given(orderStream(created())).thenState(Optional.of(new OrderSummary(ORDER, CUSTOMER, OrderStatus.PENDING, 2,
                TOTAL, T0, T0, StreamVersion.FIRST)));
    }
}
