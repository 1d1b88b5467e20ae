// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.order;

import dev.annals.example.orders.order.OrderEvent.OrderCancelled;
import dev.annals.example.orders.order.OrderEvent.OrderConfirmed;
import dev.annals.example.orders.order.OrderEvent.OrderCreated;
import dev.annals.example.orders.order.OrderEvent.OrderPaid;
import dev.annals.example.orders.order.OrderEvent.OrderReadyToShip;
import dev.annals.example.orders.order.OrderEvent.OrderShipped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** Names and histories shared by the order domain's tests: one order, one customer, a few products. */
public final class OrderFixtures {
    public static final OrderId ORDER = OrderId.of("order-1");
    public static final CustomerId CUSTOMER = CustomerId.of("customer-1");
    public static final ProductId APPLE = ProductId.of("apple");
    public static final ProductId PEAR = ProductId.of("pear");
    public static final ProductId PLUM = ProductId.of("plum");
    public static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    /** 2 apples at 1.50 and 1 pear at 2.25: total 5.25. */
    public static final List<OrderLine> LINES = List.of(line(APPLE, 2, "1.50"), line(PEAR, 1, "2.25"));
    public static final Money TOTAL = Money.of("5.25");

    private OrderFixtures() {
    }

    /** {@code T0} plus {@code minutes}: a later moment, so histories read in order. */
    public static Instant at(int minutes) {
        return T0.plusSeconds(60L * minutes);
    }

    public static Money money(String text) {
        return Money.of(text);
    }

    public static OrderLine line(ProductId product, int quantity, String unitPrice) {
        return new OrderLine(product, quantity, Money.of(unitPrice));
    }

    /** {@code count} distinct products, one unit each at 1.00. */
    public static List<OrderLine> distinctLines(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> line(ProductId.of("product-" + i), 1, "1.00")).toList();
    }

    public static OrderCreated created() {
        return new OrderCreated(ORDER, CUSTOMER, LINES, TOTAL, T0);
    }

    public static OrderConfirmed confirmed() {
        return new OrderConfirmed(ORDER, CUSTOMER, LINES, TOTAL, at(1));
    }

    public static OrderReadyToShip readyToShip() {
        return new OrderReadyToShip(ORDER, CUSTOMER, at(2));
    }

    public static OrderPaid paid() {
        return new OrderPaid(ORDER, CUSTOMER, "pay-1", TOTAL, at(3));
    }

    public static OrderShipped shipped() {
        return new OrderShipped(ORDER, CUSTOMER, "TRACK-1", "DHL", at(4));
    }

    public static OrderCancelled cancelled(OrderStatus from) {
        return new OrderCancelled(ORDER, CUSTOMER, "changed my mind", from, at(5));
    }

    /** The shortest history that leaves {@link #ORDER} in {@code status} (a shipped order was paid first). */
    public static List<OrderEvent> historyIn(OrderStatus status) {
        List<OrderEvent> events = new ArrayList<>();
        events.add(created());
        switch (status) {
            case PENDING -> { }
            case CONFIRMED -> events.add(confirmed());
            case READY_TO_SHIP -> {
                events.add(confirmed());
                events.add(readyToShip());
            }
            case SHIPPED -> {
                events.add(confirmed());
                events.add(readyToShip());
                events.add(paid());
                events.add(shipped());
            }
            case CANCELLED -> events.add(cancelled(OrderStatus.PENDING));
        }
        return events;
    }
}
