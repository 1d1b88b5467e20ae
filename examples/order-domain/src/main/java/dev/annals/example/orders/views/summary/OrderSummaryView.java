// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.views.summary;

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
import dev.annals.example.orders.order.OrderStatus;
import java.util.Optional;

/**
 * Folds one order's events into its {@link OrderSummary}. Keyed by order id ({@link #keyOf}). Every
 * event of the order moves {@code version} and {@code updatedAt}; an event of another order, or one
 * at a version already applied (a redelivery), changes nothing.
 */
public final class OrderSummaryView implements View<Optional<OrderSummary>, EventEnvelope<OrderEvent>> {

    /** The read model key: the order id. */
    public static String keyOf(EventEnvelope<OrderEvent> envelope) {
        return envelope.event().orderId().value();
    }

    @Override
    public Optional<OrderSummary> initialState() {
        return Optional.empty();
    }

    @Override
    public Optional<OrderSummary> evolve(Optional<OrderSummary> state, EventEnvelope<OrderEvent> envelope) {
        OrderEvent event = envelope.event();
        if (state.isEmpty()) {
            return event instanceof OrderCreated e
                    ? Optional.of(new OrderSummary(e.orderId(), e.customerId(), OrderStatus.PENDING, e.lines().size(), e.total(),
                            e.at(), e.at(), envelope.version()))
                    : state;
        }
        OrderSummary s = state.get();
        if (!s.orderId().equals(event.orderId()) || !envelope.version().isAfter(s.version())) {
            return state;
        }
        OrderSummary changed = switch (event) {
            case OrderCreated e -> s;
            case ItemAdded e -> new OrderSummary(s.orderId(), s.customerId(), s.status(), s.itemCount() + 1, e.total(),
                    s.createdAt(), s.updatedAt(), s.version());
            case ItemRemoved e -> new OrderSummary(s.orderId(), s.customerId(), s.status(), s.itemCount() - 1, e.total(),
                    s.createdAt(), s.updatedAt(), s.version());
            case OrderTotalCorrected e -> new OrderSummary(s.orderId(), s.customerId(), s.status(), s.itemCount(),
                    e.correctedTotal(), s.createdAt(), s.updatedAt(), s.version());
            case OrderConfirmed e -> withStatus(s, OrderStatus.CONFIRMED);
            case OrderReadyToShip e -> withStatus(s, OrderStatus.READY_TO_SHIP);
            case OrderShipped e -> withStatus(s, OrderStatus.SHIPPED);
            case OrderCancelled e -> withStatus(s, OrderStatus.CANCELLED);
            case OrderPaid e -> s;
            case OrderRefunded e -> s;
        };
        return Optional.of(new OrderSummary(changed.orderId(), changed.customerId(), changed.status(), changed.itemCount(),
                changed.total(), changed.createdAt(), event.at(), envelope.version()));
    }

    private static OrderSummary withStatus(OrderSummary s, OrderStatus status) {
        return new OrderSummary(s.orderId(), s.customerId(), status, s.itemCount(), s.total(), s.createdAt(), s.updatedAt(),
                s.version());
    }
}
