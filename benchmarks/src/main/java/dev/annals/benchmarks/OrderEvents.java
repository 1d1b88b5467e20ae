// SPDX-License-Identifier: Apache-2.0
package dev.annals.benchmarks;

import dev.annals.core.event.EventData;
import dev.annals.core.event.EventIds;
import dev.annals.core.event.Metadata;
import dev.annals.core.store.StreamId;
import dev.annals.core.view.ViewStore;
import dev.annals.example.orders.order.CustomerId;
import dev.annals.example.orders.order.Money;
import dev.annals.example.orders.order.OrderEvent;
import dev.annals.example.orders.order.OrderId;
import dev.annals.example.orders.order.OrderLine;
import dev.annals.example.orders.order.ProductId;
import dev.annals.example.orders.service.json.OrderCodecs;
import dev.annals.example.orders.views.summary.OrderSummary;
import dev.annals.example.orders.views.summary.OrderSummaryView;
import dev.annals.projections.Projection;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/*
 * Order events for the view benchmarks
 * ------------------------------------
 * The order domain's events, encoded with the order service's own codecs (OrderCodecs): the same
 * versioned wire names (orders.OrderCreated v1, ...) and JSON shapes (ids as strings, money as a
 * decimal string) the service stores, and the summary state as the service's file and PostgreSQL
 * view stores keep it.
 *
 * Every order has the same life of EVENTS_PER_ORDER events: created with one line, two items added,
 * one removed, confirmed, paid, ready to ship, shipped. Its summary then says SHIPPED, 2 items,
 * version 7, so a replay can be checked for completeness.
 */

/** The order domain's events as the benchmarks write them, and the order-summary projection over them. */
final class OrderEvents {
    static final int EVENTS_PER_ORDER = 8;
    static final String CATEGORY = "Order";
    /** The order service's codecs: its wire names, its JSON for ids and money, its view-state format. */
    static final OrderCodecs CODECS = new OrderCodecs();

    private static final Money PRICE_A = Money.of("19.99");
    private static final Money PRICE_B = Money.of("5.00");
    private static final Money PRICE_C = Money.of("120.50");

    private OrderEvents() {
    }

    static OrderId orderId(String prefix, int order) {
        return OrderId.of(prefix + "o" + order);
    }

    static StreamId stream(OrderId id) {
        return StreamId.of(CATEGORY, id.value());
    }

    /** Event {@code k} (0..7) of an order's life. */
    static OrderEvent event(OrderId order, int k, Instant at) {
        CustomerId customer = CustomerId.of("c" + Math.floorMod(order.value().hashCode(), 1000));
        OrderLine a = new OrderLine(ProductId.of("p-a"), 1, PRICE_A);
        OrderLine b = new OrderLine(ProductId.of("p-b"), 2, PRICE_B);
        OrderLine c = new OrderLine(ProductId.of("p-c"), 1, PRICE_C);
        Money ab = PRICE_A.plus(PRICE_B.times(2));
        return switch (k) {
            case 0 -> new OrderEvent.OrderCreated(order, customer, List.of(a), PRICE_A, at);
            case 1 -> new OrderEvent.ItemAdded(order, customer, b, ab, at);
            case 2 -> new OrderEvent.ItemAdded(order, customer, c, ab.plus(PRICE_C), at);
            case 3 -> new OrderEvent.ItemRemoved(order, customer, c, ab, at);
            case 4 -> new OrderEvent.OrderConfirmed(order, customer, List.of(a, b), ab, at);
            case 5 -> new OrderEvent.OrderPaid(order, customer, "pay-" + order.value(), ab, at);
            case 6 -> new OrderEvent.OrderReadyToShip(order, customer, at);
            case 7 -> new OrderEvent.OrderShipped(order, customer, "track-" + order.value(), "bench-carrier", at);
            default -> throw new IllegalArgumentException("an order has " + EVENTS_PER_ORDER + " events: " + k);
        };
    }

    static EventData encode(EventIds ids, OrderEvent event) {
        return EventData.of(ids.get(), CODECS.orderEvents().encode(event), Metadata.EMPTY);
    }

    /** The order-summary read model as the order service wires it, writing to {@code store}. */
    static Projection<Optional<OrderSummary>, OrderEvent> summaryProjection(String name, ViewStore<Optional<OrderSummary>> store) {
        return Projection.of(name, new OrderSummaryView(), CODECS.orderEvents(), OrderSummaryView::keyOf, store);
    }

    /**
     * Checks a finished replay: one summary per order, and the versions add up to the events written
     * (a complete order is SHIPPED at version 7).
     */
    static void verifySummaries(List<Optional<OrderSummary>> summaries, int orders, int events) {
        long applied = 0;
        int present = 0;
        for (Optional<OrderSummary> summary : summaries) {
            if (summary.isPresent()) {
                present++;
                applied += summary.get().version().value() + 1;
            }
        }
        if (present != orders || applied != events) {
            throw new IllegalStateException("the order-summary view holds " + present + " orders covering " + applied
                    + " events; expected " + orders + " orders and " + events + " events");
        }
    }
}
