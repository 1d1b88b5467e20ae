// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.views.shipping;

import static dev.annals.example.orders.order.OrderFixtures.APPLE;
import static dev.annals.example.orders.order.OrderFixtures.CUSTOMER;
import static dev.annals.example.orders.order.OrderFixtures.ORDER;
import static dev.annals.example.orders.order.OrderFixtures.PLUM;
import static dev.annals.example.orders.order.OrderFixtures.T0;
import static dev.annals.example.orders.order.OrderFixtures.TOTAL;
import static dev.annals.example.orders.order.OrderFixtures.at;
import static dev.annals.example.orders.order.OrderFixtures.confirmed;
import static dev.annals.example.orders.order.OrderFixtures.created;
import static dev.annals.example.orders.order.OrderFixtures.line;
import static dev.annals.example.orders.order.OrderFixtures.money;
import static dev.annals.example.orders.order.OrderFixtures.paid;
import static dev.annals.example.orders.order.OrderFixtures.readyToShip;
import static dev.annals.example.orders.order.OrderFixtures.shipped;
import static dev.annals.example.orders.views.Envelopes.orderStream;
import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.core.event.EventEnvelope;
import dev.annals.core.store.StreamVersion;
import dev.annals.example.orders.order.CustomerId;
import dev.annals.example.orders.order.OrderEvent;
import dev.annals.example.orders.order.OrderEvent.ItemAdded;
import dev.annals.example.orders.order.OrderEvent.OrderCreated;
import dev.annals.example.orders.order.OrderEvent.OrderTotalCorrected;
import dev.annals.example.orders.order.OrderId;
import dev.annals.example.orders.views.QueryResult;
import dev.annals.testing.spec.ViewSpec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ShippedOrderViewTest {
    private final ViewSpec<Optional<ShippedOrder>, EventEnvelope<OrderEvent>> shippedOrders = ViewSpec.of(new ShippedOrderView());

    @Test
    void showsAShippedOrderFlatWithTrackingNumberCarrierAndShippingTime() {
        shippedOrders.given(orderStream(created(), confirmed(), readyToShip(), paid(), shipped()))
                .thenState(Optional.of(new ShippedOrder(ORDER, CUSTOMER, 2, TOTAL, "TRACK-1", "DHL", at(4), StreamVersion.of(4))));
    }

    @Test
    void keepsAnUnshippedOrderOutOfTheAnswers() {
        ShippedOrder row = shippedOrders.given(orderStream(created(), confirmed())).state().orElseThrow();
        assertThat(row.isShipped()).isFalse();
        assertThat(new InMemoryShippedOrders(() -> List.of(row)).find(ORDER)).isEqualTo(new QueryResult.NotFound<>());
    }

    @Test
    void answersAShippedOrderById() {
        ShippedOrder row = shippedOrders.given(orderStream(created(), confirmed(), readyToShip(), paid(), shipped()))
                .state().orElseThrow();
        var readModel = new InMemoryShippedOrders(() -> List.of(row));
        assertThat(readModel.find(ORDER)).isEqualTo(new QueryResult.Found<>(row));
        assertThat(readModel.find(OrderId.of("nope"))).isEqualTo(new QueryResult.NotFound<>());
    }

    @Test
    void countsItemsAndTakesTheCorrectedTotal() {
        shippedOrders.given(orderStream(created(),
                        new ItemAdded(ORDER, CUSTOMER, line(PLUM, 1, "1.00"), money("6.25"), at(1)),
                        new OrderTotalCorrected(ORDER, CUSTOMER, money("6.25"), money("6.00"), "voucher", at(2))))
                .thenState(Optional.of(new ShippedOrder(ORDER, CUSTOMER, 3, money("6.00"), null, null, null, StreamVersion.of(2))));
    }

    @Test
    void paymentAndReadinessChangeNothing() {
        var stream = orderStream(created(), confirmed(), readyToShip(), paid());
        shippedOrders.given(stream.subList(0, 1))
                .thenUnchangedBy(stream.get(1))
                .thenUnchangedBy(stream.get(2))
                .thenUnchangedBy(stream.get(3));
    }

    @Test
    void anEventOfAnotherOrderChangesNothing() {
        var other = new OrderCreated(OrderId.of("order-2"), CustomerId.of("c-2"), List.of(line(APPLE, 1, "1.00")), money("1.00"), T0);
        shippedOrders.given(orderStream(created())).thenUnchangedBy(orderStream(9, other).getFirst());
    }

    @Test
    void aRedeliveredShipmentChangesNothing() {
        var stream = orderStream(created(), confirmed(), readyToShip(), paid(), shipped());
        shippedOrders.given(stream).thenUnchangedBy(stream.get(4));
    }
}
