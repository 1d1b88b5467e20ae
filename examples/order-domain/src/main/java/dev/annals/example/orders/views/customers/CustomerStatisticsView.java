// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.views.customers;

import dev.annals.core.event.EventEnvelope;
import dev.annals.core.view.View;
import dev.annals.example.orders.order.Money;
import dev.annals.example.orders.order.OrderEvent;
import dev.annals.example.orders.order.OrderEvent.OrderCancelled;
import dev.annals.example.orders.order.OrderEvent.OrderConfirmed;
import dev.annals.example.orders.order.OrderEvent.OrderCreated;
import dev.annals.example.orders.order.OrderEvent.OrderPaid;
import dev.annals.example.orders.order.OrderEvent.OrderReadyToShip;
import dev.annals.example.orders.order.OrderEvent.OrderRefunded;
import dev.annals.example.orders.order.OrderEvent.OrderShipped;
import dev.annals.example.orders.order.OrderStatus;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Folds order events into {@link CustomerStatistics}. Keyed by customer id ({@link #keyOf}): every
 * order event names its customer. Events of another customer, and events at or below the position
 * the statistics were last changed at (redeliveries), change nothing. Status counts move with the
 * order's life: created → PENDING; confirmed PENDING → CONFIRMED; ready CONFIRMED → READY_TO_SHIP;
 * shipped READY_TO_SHIP → SHIPPED; cancelled (its previous status) → CANCELLED. A payment adds to
 * what was spent, a refund (always of the whole payment) takes it back out.
 */
public final class CustomerStatisticsView implements View<Optional<CustomerStatistics>, EventEnvelope<OrderEvent>> {

    /** The read model key: the customer id. */
    public static String keyOf(EventEnvelope<OrderEvent> envelope) {
        return envelope.event().customerId().value();
    }

    @Override
    public Optional<CustomerStatistics> initialState() {
        return Optional.empty();
    }

    @Override
    public Optional<CustomerStatistics> evolve(Optional<CustomerStatistics> state, EventEnvelope<OrderEvent> envelope) {
        OrderEvent event = envelope.event();
        if (state.isPresent() && (!state.get().customerId().equals(event.customerId())
                || !envelope.position().isAfter(state.get().appliedThrough()))) {
            return state;
        }
        if (state.isEmpty()) {
            return event instanceof OrderCreated created
                    ? Optional.of(new CustomerStatistics(created.customerId(), 1, Map.of(OrderStatus.PENDING, 1),
                            Money.ZERO, 0, created.at(), envelope.position()))
                    : state;
        }
        CustomerStatistics s = state.get();
        Map<OrderStatus, Integer> counts = new EnumMap<>(s.byStatus());
        int orderCount = s.orderCount();
        Money spent = s.totalSpent();
        int spentOrders = s.spentOrders();
        Instant lastOrderAt = s.lastOrderAt();
        switch (event) {
            case OrderCreated e -> {
                orderCount++;
                move(counts, null, OrderStatus.PENDING);
                lastOrderAt = lastOrderAt != null && lastOrderAt.isAfter(e.at()) ? lastOrderAt : e.at();
            }
            case OrderConfirmed e -> move(counts, OrderStatus.PENDING, OrderStatus.CONFIRMED);
            case OrderReadyToShip e -> move(counts, OrderStatus.CONFIRMED, OrderStatus.READY_TO_SHIP);
            case OrderShipped e -> move(counts, OrderStatus.READY_TO_SHIP, OrderStatus.SHIPPED);
            case OrderCancelled e -> move(counts, e.previousStatus(), OrderStatus.CANCELLED);
            case OrderPaid e -> {
                spent = spent.plus(e.amount());
                spentOrders++;
            }
            case OrderRefunded e -> {
                spent = spent.minus(e.amount());
                spentOrders--;
            }
            default -> {
                return state;  // item changes and total corrections move neither status nor money spent
            }
        }
        return Optional.of(new CustomerStatistics(s.customerId(), orderCount, counts, spent, spentOrders, lastOrderAt,
                envelope.position()));
    }

    private static void move(Map<OrderStatus, Integer> counts, @Nullable OrderStatus from, OrderStatus to) {
        if (from != null) {
            counts.merge(from, -1, Integer::sum);
        }
        counts.merge(to, 1, Integer::sum);
    }
}
