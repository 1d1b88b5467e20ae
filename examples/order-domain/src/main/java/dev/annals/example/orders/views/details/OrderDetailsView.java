// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.views.details;

import dev.annals.core.event.EventEnvelope;
import dev.annals.core.view.View;
import dev.annals.example.orders.order.OrderEvent;
import dev.annals.example.orders.order.OrderEvent.ItemAdded;
import dev.annals.example.orders.order.OrderEvent.ItemRemoved;
import dev.annals.example.orders.order.OrderEvent.OrderCancelled;
import dev.annals.example.orders.order.OrderEvent.OrderConfirmed;
import dev.annals.example.orders.order.OrderEvent.OrderCreated;
import dev.annals.example.orders.order.OrderEvent.OrderPaid;
import dev.annals.example.orders.order.OrderEvent.OrderReadyToShip;
import dev.annals.example.orders.order.OrderEvent.OrderRefunded;
import dev.annals.example.orders.order.OrderEvent.OrderShipped;
import dev.annals.example.orders.order.OrderEvent.OrderTotalCorrected;
import dev.annals.example.orders.order.Money;
import dev.annals.example.orders.order.OrderLine;
import dev.annals.example.orders.order.OrderStatus;
import dev.annals.example.orders.views.details.OrderDetails.Cancellation;
import dev.annals.example.orders.views.details.OrderDetails.Item;
import dev.annals.example.orders.views.details.OrderDetails.Payment;
import dev.annals.example.orders.views.details.OrderDetails.Refund;
import dev.annals.example.orders.views.details.OrderDetails.Shipping;
import dev.annals.example.orders.views.details.OrderDetails.TimelineEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Folds one order's events into its {@link OrderDetails}. Keyed by order id ({@link #keyOf}). The
 * state is empty until {@code OrderCreated}. An event of another order, or one at a version already
 * applied (a redelivery), changes nothing.
 */
public final class OrderDetailsView implements View<Optional<OrderDetails>, EventEnvelope<OrderEvent>> {

    /** The read model key: the order id. */
    public static String keyOf(EventEnvelope<OrderEvent> envelope) {
        return envelope.event().orderId().value();
    }

    @Override
    public Optional<OrderDetails> initialState() {
        return Optional.empty();
    }

    @Override
    public Optional<OrderDetails> evolve(Optional<OrderDetails> state, EventEnvelope<OrderEvent> envelope) {
        OrderEvent event = envelope.event();
        if (state.isEmpty()) {
            return event instanceof OrderCreated created ? Optional.of(create(created, envelope)) : state;
        }
        OrderDetails d = state.get();
        if (!d.orderId().equals(event.orderId()) || !envelope.version().isAfter(d.version())) {
            return state;
        }
        OrderDetails changed = switch (event) {
            case OrderCreated e -> d;
            case ItemAdded e -> withItems(d, plus(d.items(), e.line()), e.total());
            case ItemRemoved e -> withItems(d, d.items().stream()
                    .filter(i -> !i.productId().equals(e.line().productId())).toList(), e.total());
            case OrderConfirmed e -> withStatus(d, OrderStatus.CONFIRMED);
            case OrderReadyToShip e -> withStatus(d, OrderStatus.READY_TO_SHIP);
            case OrderPaid e -> new OrderDetails(d.orderId(), d.customerId(), d.status(), d.items(), d.total(), true,
                    new Payment(e.paymentId(), e.amount(), e.at()), d.shipping(), d.cancellation(), d.refund(), d.timeline(),
                    d.createdAt(), d.updatedAt(), d.version());
            case OrderShipped e -> new OrderDetails(d.orderId(), d.customerId(), OrderStatus.SHIPPED, d.items(), d.total(),
                    d.isPaid(), d.payment(), new Shipping(e.trackingNumber(), e.carrier(), e.at()), d.cancellation(), d.refund(),
                    d.timeline(), d.createdAt(), d.updatedAt(), d.version());
            case OrderCancelled e -> new OrderDetails(d.orderId(), d.customerId(), OrderStatus.CANCELLED, d.items(), d.total(),
                    d.isPaid(), d.payment(), d.shipping(), new Cancellation(e.reason(), e.at()), d.refund(), d.timeline(),
                    d.createdAt(), d.updatedAt(), d.version());
            case OrderRefunded e -> new OrderDetails(d.orderId(), d.customerId(), d.status(), d.items(), d.total(), d.isPaid(),
                    d.payment(), d.shipping(), d.cancellation(), new Refund(e.amount(), e.reason(), e.at()), d.timeline(),
                    d.createdAt(), d.updatedAt(), d.version());
            case OrderTotalCorrected e -> withItems(d, d.items(), e.correctedTotal());
        };
        return Optional.of(stamp(changed, envelope));
    }

    /** The event's name on the timeline: the same for every schema version of the event. */
    public static String typeOf(OrderEvent event) {
        return switch (event) {
            case OrderCreated e -> "OrderCreated";
            case ItemAdded e -> "ItemAdded";
            case ItemRemoved e -> "ItemRemoved";
            case OrderConfirmed e -> "OrderConfirmed";
            case OrderReadyToShip e -> "OrderReadyToShip";
            case OrderPaid e -> "OrderPaid";
            case OrderShipped e -> "OrderShipped";
            case OrderCancelled e -> "OrderCancelled";
            case OrderRefunded e -> "OrderRefunded";
            case OrderTotalCorrected e -> "OrderTotalCorrected";
        };
    }

    /** A sentence for people reading the timeline. */
    public static String describe(OrderEvent event) {
        return switch (event) {
            case OrderCreated e -> "Order created with " + e.lines().size() + (e.lines().size() == 1 ? " item" : " items")
                    + ", total " + e.total();
            case ItemAdded e -> "Added " + e.line().quantity() + " x " + e.line().productId() + " at " + e.line().unitPrice();
            case ItemRemoved e -> "Removed " + e.line().productId();
            case OrderConfirmed e -> "Order confirmed";
            case OrderReadyToShip e -> "Stock reserved, ready to ship";
            case OrderPaid e -> "Paid " + e.amount() + " (payment " + e.paymentId() + ")";
            case OrderShipped e -> "Shipped with " + e.carrier() + ", tracking number " + e.trackingNumber();
            case OrderCancelled e -> "Cancelled: " + e.reason();
            case OrderRefunded e -> "Refunded " + e.amount();
            case OrderTotalCorrected e -> "Total corrected from " + e.previousTotal() + " to " + e.correctedTotal() + ": "
                    + e.reason();
        };
    }

    private static OrderDetails create(OrderCreated e, EventEnvelope<OrderEvent> envelope) {
        List<Item> items = e.lines().stream().map(OrderDetailsView::item).toList();
        return new OrderDetails(e.orderId(), e.customerId(), OrderStatus.PENDING, items, e.total(), false, null, null, null,
                null, List.of(entry(envelope)), e.at(), e.at(), envelope.version());
    }

    private static OrderDetails stamp(OrderDetails d, EventEnvelope<OrderEvent> envelope) {
        List<TimelineEntry> timeline = new ArrayList<>(d.timeline());
        timeline.add(entry(envelope));
        return new OrderDetails(d.orderId(), d.customerId(), d.status(), d.items(), d.total(), d.isPaid(), d.payment(),
                d.shipping(), d.cancellation(), d.refund(), timeline, d.createdAt(), envelope.event().at(), envelope.version());
    }

    private static TimelineEntry entry(EventEnvelope<OrderEvent> envelope) {
        return new TimelineEntry(typeOf(envelope.event()), envelope.version(), envelope.position(), envelope.recordedAt(),
                describe(envelope.event()));
    }

    private static OrderDetails withItems(OrderDetails d, List<Item> items, Money total) {
        return new OrderDetails(d.orderId(), d.customerId(), d.status(), items, total, d.isPaid(), d.payment(), d.shipping(),
                d.cancellation(), d.refund(), d.timeline(), d.createdAt(), d.updatedAt(), d.version());
    }

    private static OrderDetails withStatus(OrderDetails d, OrderStatus status) {
        return new OrderDetails(d.orderId(), d.customerId(), status, d.items(), d.total(), d.isPaid(), d.payment(), d.shipping(),
                d.cancellation(), d.refund(), d.timeline(), d.createdAt(), d.updatedAt(), d.version());
    }

    private static List<Item> plus(List<Item> items, OrderLine line) {
        List<Item> copy = new ArrayList<>(items);
        copy.add(item(line));
        return copy;
    }

    private static Item item(OrderLine line) {
        return new Item(line.productId(), line.quantity(), line.unitPrice(), line.lineTotal());
    }
}
