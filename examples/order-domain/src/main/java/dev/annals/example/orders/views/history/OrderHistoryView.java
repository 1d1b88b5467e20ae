// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.views.history;

import dev.annals.core.event.EventEnvelope;
import dev.annals.core.view.View;
import dev.annals.example.orders.order.OrderEvent;
import dev.annals.example.orders.order.OrderEvent.OrderCancelled;
import dev.annals.example.orders.order.OrderEvent.OrderConfirmed;
import dev.annals.example.orders.order.OrderEvent.OrderCreated;
import dev.annals.example.orders.order.OrderEvent.OrderReadyToShip;
import dev.annals.example.orders.order.OrderEvent.OrderShipped;
import dev.annals.example.orders.order.OrderStatus;
import dev.annals.example.orders.views.history.OrderHistory.StatusChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Folds one order's status-changing events into its {@link OrderHistory}. Keyed by order id
 * ({@link #keyOf}). Events that change no status, events of another order and redeliveries (a
 * version not after the last change) change nothing.
 */
public final class OrderHistoryView implements View<Optional<OrderHistory>, EventEnvelope<OrderEvent>> {

    /** The read model key: the order id. */
    public static String keyOf(EventEnvelope<OrderEvent> envelope) {
        return envelope.event().orderId().value();
    }

    @Override
    public Optional<OrderHistory> initialState() {
        return Optional.empty();
    }

    @Override
    public Optional<OrderHistory> evolve(Optional<OrderHistory> state, EventEnvelope<OrderEvent> envelope) {
        Optional<OrderStatus> status = switch (envelope.event()) {
            case OrderCreated e -> Optional.of(OrderStatus.PENDING);
            case OrderConfirmed e -> Optional.of(OrderStatus.CONFIRMED);
            case OrderReadyToShip e -> Optional.of(OrderStatus.READY_TO_SHIP);
            case OrderShipped e -> Optional.of(OrderStatus.SHIPPED);
            case OrderCancelled e -> Optional.of(OrderStatus.CANCELLED);
            default -> Optional.empty(); // items, payments, refunds and corrections leave the status as it is
        };
        if (status.isEmpty()) {
            return state;
        }
        var change = new StatusChange(status.get(), envelope.version(), envelope.recordedAt());
        if (state.isEmpty()) {
            return status.get() == OrderStatus.PENDING
                    ? Optional.of(new OrderHistory(envelope.event().orderId(), List.of(change)))
                    : state;
        }
        OrderHistory history = state.get();
        if (!history.orderId().equals(envelope.event().orderId())
                || !envelope.version().isAfter(history.changes().getLast().version())) {
            return state;
        }
        List<StatusChange> changes = new ArrayList<>(history.changes());
        changes.add(change);
        return Optional.of(new OrderHistory(history.orderId(), changes));
    }
}
