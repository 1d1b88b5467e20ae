// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.views.customers;

import dev.annals.core.event.EventEnvelope;
import dev.annals.core.view.View;
import dev.annals.example.orders.order.OrderEvent;
import dev.annals.example.orders.order.OrderEvent.OrderCancelled;
import dev.annals.example.orders.order.OrderEvent.OrderConfirmed;
import dev.annals.example.orders.order.OrderEvent.OrderCreated;
import dev.annals.example.orders.order.OrderEvent.OrderPaid;
import dev.annals.example.orders.order.OrderEvent.OrderReadyToShip;
import dev.annals.example.orders.order.OrderEvent.OrderRefunded;
import dev.annals.example.orders.order.OrderEvent.OrderShipped;
import dev.annals.example.orders.order.OrderId;
import dev.annals.example.orders.order.OrderStatus;
import dev.annals.example.orders.views.customers.CustomerStatistics.CustomerOrder;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Folds order events into {@link CustomerStatistics}. Keyed by customer id ({@link #keyOf}): every
 * order event names its customer. Events of another customer, and events at a version already
 * applied to their order (redeliveries), change nothing.
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
        if (state.isPresent() && !state.get().customerId().equals(event.customerId())) {
            return state;
        }
        if (event instanceof OrderCreated created) {
            return Optional.of(created(state, created, envelope));
        }
        if (state.isEmpty()) {
            return state;
        }
        CustomerStatistics stats = state.get();
        CustomerOrder order = stats.orders().get(event.orderId());
        if (order == null || !envelope.version().isAfter(order.version())) {
            return state;
        }
        Optional<CustomerOrder> changed = switch (event) {
            case OrderConfirmed e -> Optional.of(withStatus(order, OrderStatus.CONFIRMED));
            case OrderReadyToShip e -> Optional.of(withStatus(order, OrderStatus.READY_TO_SHIP));
            case OrderShipped e -> Optional.of(withStatus(order, OrderStatus.SHIPPED));
            case OrderCancelled e -> Optional.of(withStatus(order, OrderStatus.CANCELLED));
            case OrderPaid e -> Optional.of(new CustomerOrder(order.status(), e.amount(), order.isRefunded(), order.version()));
            case OrderRefunded e -> Optional.of(new CustomerOrder(order.status(), order.paid(), true, order.version()));
            default -> Optional.empty(); // item changes and total corrections move neither status nor money spent
        };
        if (changed.isEmpty()) {
            return state;
        }
        CustomerOrder c = changed.get();
        Map<OrderId, CustomerOrder> orders = new HashMap<>(stats.orders());
        orders.put(event.orderId(), new CustomerOrder(c.status(), c.paid(), c.isRefunded(), envelope.version()));
        return Optional.of(new CustomerStatistics(stats.customerId(), orders, stats.lastOrderAt()));
    }

    private static CustomerStatistics created(Optional<CustomerStatistics> state, OrderCreated e, EventEnvelope<OrderEvent> envelope) {
        Map<OrderId, CustomerOrder> orders = new HashMap<>(
                state.map(CustomerStatistics::orders).orElse(Map.of()));
        if (orders.containsKey(e.orderId())) {
            return state.orElseThrow();
        }
        orders.put(e.orderId(), new CustomerOrder(OrderStatus.PENDING, null, false, envelope.version()));
        Instant last = state.map(CustomerStatistics::lastOrderAt).filter(t -> t.isAfter(e.at())).orElse(e.at());
        return new CustomerStatistics(e.customerId(), orders, last);
    }

    private static CustomerOrder withStatus(CustomerOrder o, OrderStatus status) {
        return new CustomerOrder(status, o.paid(), o.isRefunded(), o.version());
    }
}
