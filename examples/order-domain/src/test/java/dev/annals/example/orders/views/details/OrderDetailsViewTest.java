// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.views.details;

import static dev.annals.example.orders.order.OrderFixtures.APPLE;
import static dev.annals.example.orders.order.OrderFixtures.CUSTOMER;
import static dev.annals.example.orders.order.OrderFixtures.ORDER;
import static dev.annals.example.orders.order.OrderFixtures.PEAR;
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
import static dev.annals.example.orders.views.Envelopes.recordedAt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.core.event.EventEnvelope;
import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.StreamVersion;
import dev.annals.example.orders.order.CustomerId;
import dev.annals.example.orders.order.OrderEvent;
import dev.annals.example.orders.order.OrderEvent.ItemAdded;
import dev.annals.example.orders.order.OrderEvent.ItemRemoved;
import dev.annals.example.orders.order.OrderEvent.OrderCreated;
import dev.annals.example.orders.order.OrderEvent.OrderRefunded;
import dev.annals.example.orders.order.OrderEvent.OrderTotalCorrected;
import dev.annals.example.orders.order.OrderId;
import dev.annals.example.orders.order.OrderStatus;
import dev.annals.example.orders.views.QueryResult;
import dev.annals.example.orders.views.details.OrderDetails.Cancellation;
import dev.annals.example.orders.views.details.OrderDetails.Item;
import dev.annals.example.orders.views.details.OrderDetails.Payment;
import dev.annals.example.orders.views.details.OrderDetails.Refund;
import dev.annals.example.orders.views.details.OrderDetails.Shipping;
import dev.annals.example.orders.views.details.OrderDetails.TimelineEntry;
import dev.annals.testing.spec.ViewSpec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OrderDetailsViewTest {
    private static final List<Item> ITEMS = List.of(
            new Item(APPLE, 2, money("1.50"), money("3.00")), new Item(PEAR, 1, money("2.25"), money("2.25")));

    private final ViewSpec<Optional<OrderDetails>, EventEnvelope<OrderEvent>> details = ViewSpec.of(new OrderDetailsView());

    private static TimelineEntry entry(String type, long version, String description) {
        return new TimelineEntry(type, StreamVersion.of(version), GlobalPosition.of(version + 1), recordedAt(version + 1),
                description);
    }

    @Test
    void showsANewOrderWithItsItemsLineTotalsAndFirstTimelineEntry() {
        details.given(orderStream(created())).thenState(Optional.of(new OrderDetails(ORDER, CUSTOMER, OrderStatus.PENDING,
                ITEMS, TOTAL, false, null, null, null, null,
                List.of(entry("OrderCreated", 0, "Order created with 2 items, total 5.25")), T0, T0, StreamVersion.of(0))));
    }

    @Test
    void followsAnOrderToShipmentWithOneTimelineEntryPerEvent() {
        details.given(orderStream(created(), confirmed(), readyToShip(), paid(), shipped()))
                .thenState(Optional.of(new OrderDetails(ORDER, CUSTOMER, OrderStatus.SHIPPED, ITEMS, TOTAL, true,
                        new Payment("pay-1", TOTAL, at(3)), new Shipping("TRACK-1", "DHL", at(4)), null, null,
                        List.of(entry("OrderCreated", 0, "Order created with 2 items, total 5.25"),
                                entry("OrderConfirmed", 1, "Order confirmed"),
                                entry("OrderReadyToShip", 2, "Stock reserved, ready to ship"),
                                entry("OrderPaid", 3, "Paid 5.25 (payment pay-1)"),
                                entry("OrderShipped", 4, "Shipped with DHL, tracking number TRACK-1")),
                        T0, at(4), StreamVersion.of(4))));
    }

    @Test
    void showsTheCancellationAndTheRefundOfAPaidOrder() {
        OrderDetails d = details.given(orderStream(created(), confirmed(), paid(), cancelled(OrderStatus.CONFIRMED),
                new OrderRefunded(ORDER, CUSTOMER, TOTAL, "changed my mind", at(6)))).state().orElseThrow();

        assertThat(d.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(d.isPaid()).isTrue();
        assertThat(d.cancellation()).isEqualTo(new Cancellation("changed my mind", at(5)));
        assertThat(d.refund()).isEqualTo(new Refund(TOTAL, "changed my mind", at(6)));
        assertThat(d.timeline()).extracting(TimelineEntry::type)
                .containsExactly("OrderCreated", "OrderConfirmed", "OrderPaid", "OrderCancelled", "OrderRefunded");
        assertThat(d.timeline().get(3).description()).isEqualTo("Cancelled: changed my mind");
        assertThat(d.updatedAt()).isEqualTo(at(6));
        assertThat(d.version()).isEqualTo(StreamVersion.of(4));
    }

    @Test
    void followsItemChangesAndTotalCorrections() {
        OrderDetails d = details.given(orderStream(created(),
                new ItemAdded(ORDER, CUSTOMER, line(PLUM, 4, "0.50"), money("7.25"), at(1)),
                new ItemRemoved(ORDER, CUSTOMER, line(APPLE, 2, "1.50"), money("4.25"), at(2)),
                new OrderTotalCorrected(ORDER, CUSTOMER, money("4.25"), money("4.00"), "voucher", at(3)))).state().orElseThrow();

        assertThat(d.items()).containsExactly(new Item(PEAR, 1, money("2.25"), money("2.25")),
                new Item(PLUM, 4, money("0.50"), money("2.00")));
        assertThat(d.total()).isEqualTo(money("4.00"));
        assertThat(d.timeline()).extracting(TimelineEntry::description).containsExactly(
                "Order created with 2 items, total 5.25", "Added 4 x plum at 0.50", "Removed apple",
                "Total corrected from 4.25 to 4.00: voucher");
    }

    @Test
    void anEventOfAnotherOrderChangesNothing() {
        OrderId other = OrderId.of("order-2");
        details.given(orderStream(created(), confirmed()))
                .thenUnchangedBy(orderStream(7, new OrderCreated(other, CustomerId.of("customer-2"), List.of(line(APPLE, 1, "1.00")),
                        money("1.00"), T0), new OrderEvent.OrderConfirmed(other, CustomerId.of("customer-2"),
                        List.of(line(APPLE, 1, "1.00")), money("1.00"), T0)).get(1));
    }

    @Test
    void aRedeliveredEventChangesNothing() {
        var stream = orderStream(created(), confirmed());
        details.given(stream).thenUnchangedBy(stream.get(1));
    }

    @Test
    void anEventBeforeOrderCreatedLeavesTheViewEmpty() {
        details.given().thenUnchangedBy(orderStream(confirmed()).getFirst()).thenState(Optional.empty());
    }

    @Test
    void answersDetailsByOrderIdFromHeldStates() {
        OrderDetails one = details.given(orderStream(created())).state().orElseThrow();
        var readModel = new InMemoryOrderDetails(() -> List.of(one));

        assertThat(readModel.find(ORDER)).isEqualTo(new QueryResult.Found<>(one));
        assertThat(readModel.find(OrderId.of("unknown"))).isEqualTo(new QueryResult.NotFound<>());
    }
}
