// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.views.shipping;

import dev.annals.core.event.EventEnvelope;
import dev.annals.core.view.View;
import dev.annals.example.orders.order.OrderEvent;
import dev.annals.example.orders.order.OrderEvent.ItemAdded;
import dev.annals.example.orders.order.OrderEvent.ItemRemoved;
import dev.annals.example.orders.order.OrderEvent.OrderCreated;
import dev.annals.example.orders.order.OrderEvent.OrderShipped;
import dev.annals.example.orders.order.OrderEvent.OrderTotalCorrected;
import java.util.Optional;

/**
 * Folds one order's events into its {@link ShippedOrder} row. Keyed by order id ({@link #keyOf}).
 * Only creation, item changes, total corrections and the shipment matter; everything else, events
 * of another order and redeliveries change nothing.
 */
public final class ShippedOrderView implements View<Optional<ShippedOrder>, EventEnvelope<OrderEvent>> {

    /** The read model key: the order id. */
    public static String keyOf(EventEnvelope<OrderEvent> envelope) {
        return envelope.event().orderId().value();
    }

    @Override
    public Optional<ShippedOrder> initialState() {
        return Optional.empty();
    }

    @Override
    public Optional<ShippedOrder> evolve(Optional<ShippedOrder> state, EventEnvelope<OrderEvent> envelope) {
        OrderEvent event = envelope.event();
        if (state.isEmpty()) {
            return event instanceof OrderCreated e
                    ? Optional.of(new ShippedOrder(e.orderId(), e.customerId(), e.lines().size(), e.total(), null, null, null,
                            envelope.version()))
                    : state;
        }
        ShippedOrder s = state.get();
        if (!s.orderId().equals(event.orderId()) || !envelope.version().isAfter(s.version())) {
            return state;
        }
        return switch (event) {
            case ItemAdded e -> Optional.of(new ShippedOrder(s.orderId(), s.customerId(), s.itemCount() + 1, e.total(),
                    s.trackingNumber(), s.carrier(), s.shippedAt(), envelope.version()));
            case ItemRemoved e -> Optional.of(new ShippedOrder(s.orderId(), s.customerId(), s.itemCount() - 1, e.total(),
                    s.trackingNumber(), s.carrier(), s.shippedAt(), envelope.version()));
            case OrderTotalCorrected e -> Optional.of(new ShippedOrder(s.orderId(), s.customerId(), s.itemCount(),
                    e.correctedTotal(), s.trackingNumber(), s.carrier(), s.shippedAt(), envelope.version()));
            case OrderShipped e -> Optional.of(new ShippedOrder(s.orderId(), s.customerId(), s.itemCount(), s.total(),
                    e.trackingNumber(), e.carrier(), e.at(), envelope.version()));
            default -> state; // confirmation, readiness, payment, cancellation and refunds do not change the row
        };
    }
}
