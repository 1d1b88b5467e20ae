// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.views.customers;

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
import static dev.annals.example.orders.views.Envelopes.concat;
import static dev.annals.example.orders.views.Envelopes.orderStream;
import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.core.event.EventEnvelope;
import dev.annals.example.orders.order.CustomerId;
import dev.annals.example.orders.order.OrderEvent;
import dev.annals.example.orders.order.OrderEvent.ItemAdded;
import dev.annals.example.orders.order.OrderEvent.OrderCancelled;
import dev.annals.example.orders.order.OrderEvent.OrderConfirmed;
import dev.annals.example.orders.order.OrderEvent.OrderCreated;
import dev.annals.example.orders.order.OrderEvent.OrderPaid;
import dev.annals.example.orders.order.OrderEvent.OrderRefunded;
import dev.annals.example.orders.order.OrderEvent.OrderTotalCorrected;
import dev.annals.example.orders.order.OrderId;
import dev.annals.example.orders.order.OrderLine;
import dev.annals.example.orders.order.OrderStatus;
import dev.annals.example.orders.views.QueryResult;
import dev.annals.testing.spec.ViewSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CustomerStatisticsViewTest {
    private static final OrderId SECOND = OrderId.of("order-2");
    private static final List<OrderLine> TEN = List.of(line(APPLE, 1, "10.00"));

    private final ViewSpec<Optional<CustomerStatistics>, EventEnvelope<OrderEvent>> statistics =
            ViewSpec.of(new CustomerStatisticsView());

    /** The customer's second order: 10.00, created an hour after the first, paid at {@code at(62)}. */
    private static List<EventEnvelope<OrderEvent>> secondOrderPaid() {
        return orderStream(100,
                new OrderCreated(SECOND, CUSTOMER, TEN, money("10.00"), at(60)),
                new OrderConfirmed(SECOND, CUSTOMER, TEN, money("10.00"), at(61)),
                new OrderPaid(SECOND, CUSTOMER, "pay-2", money("10.00"), at(62)));
    }

    private static Map<OrderStatus, Integer> counts(int pending, int confirmed, int ready, int shipped, int cancelled) {
        return Map.of(OrderStatus.PENDING, pending, OrderStatus.CONFIRMED, confirmed, OrderStatus.READY_TO_SHIP, ready,
                OrderStatus.SHIPPED, shipped, OrderStatus.CANCELLED, cancelled);
    }

    @Test
    void countsANewOrderWithNothingSpent() {
        CustomerStatistics stats = statistics.given(orderStream(created())).state().orElseThrow();

        assertThat(stats.customerId()).isEqualTo(CUSTOMER);
        assertThat(stats.orderCount()).isEqualTo(1);
        assertThat(stats.byStatus()).isEqualTo(counts(1, 0, 0, 0, 0));
        assertThat(stats.totalSpent()).isEqualTo(money("0.00"));
        assertThat(stats.averageOrderValue()).isEqualTo(money("0.00"));
        assertThat(stats.lastOrderAt()).isEqualTo(T0);
    }

    @Test
    void sumsWhatWasPaidAndAveragesItOverPaidOrdersRoundedToTheCent() {
        CustomerStatistics stats = statistics.given(concat(
                orderStream(created(), confirmed(), readyToShip(), paid(), shipped()), secondOrderPaid())).state().orElseThrow();

        assertThat(stats.orderCount()).isEqualTo(2);
        assertThat(stats.byStatus()).isEqualTo(counts(0, 1, 0, 1, 0));
        assertThat(stats.totalSpent()).isEqualTo(money("15.25"));
        assertThat(stats.averageOrderValue()).isEqualTo(money("7.63"));
        assertThat(stats.lastOrderAt()).isEqualTo(at(60));
    }

    @Test
    void aRefundedOrderNoLongerCountsAsSpent() {
        var secondCancelledAndRefunded = orderStream(100,
                new OrderCreated(SECOND, CUSTOMER, TEN, money("10.00"), at(60)),
                new OrderConfirmed(SECOND, CUSTOMER, TEN, money("10.00"), at(61)),
                new OrderPaid(SECOND, CUSTOMER, "pay-2", money("10.00"), at(62)),
                new OrderCancelled(SECOND, CUSTOMER, "changed my mind", OrderStatus.CONFIRMED, at(63)),
                new OrderRefunded(SECOND, CUSTOMER, money("10.00"), "changed my mind", at(64)));
        CustomerStatistics stats = statistics.given(concat(orderStream(created(), confirmed(), paid()), secondCancelledAndRefunded))
                .state().orElseThrow();

        assertThat(stats.byStatus()).isEqualTo(counts(0, 1, 0, 0, 1));
        assertThat(stats.totalSpent()).isEqualTo(TOTAL);
        assertThat(stats.averageOrderValue()).isEqualTo(TOTAL);
    }

    @Test
    void itemChangesAndCorrectionsChangeNothing() {
        var stream = orderStream(created(),
                new ItemAdded(ORDER, CUSTOMER, line(PLUM, 1, "1.00"), money("6.25"), at(1)),
                new OrderTotalCorrected(ORDER, CUSTOMER, money("6.25"), money("6.00"), "voucher", at(2)));
        statistics.given(stream.subList(0, 1)).thenUnchangedBy(stream.get(1)).thenUnchangedBy(stream.get(2));
    }

    @Test
    void anotherCustomersEventChangesNothing() {
        var stranger = new OrderCreated(OrderId.of("order-9"), CustomerId.of("stranger"), TEN, money("10.00"), at(1));
        statistics.given(orderStream(created())).thenUnchangedBy(orderStream(50, stranger).getFirst());
    }

    @Test
    void aRedeliveredPaymentIsNotCountedTwice() {
        var stream = orderStream(created(), confirmed(), paid());
        statistics.given(stream).thenUnchangedBy(stream.get(2)).thenUnchangedBy(stream.get(0));
    }

    @Test
    void countsEveryOrderOfALongHistoryByItsLastStatus() {
        List<EventEnvelope<OrderEvent>> history = new java.util.ArrayList<>();
        Map<OrderStatus, Integer> expected = new java.util.EnumMap<>(counts(0, 0, 0, 0, 0));
        long position = 1;
        for (int i = 0; i < 300; i++) {
            OrderId id = OrderId.of("order-" + i);
            List<OrderEvent> life = new java.util.ArrayList<>(List.of(new OrderCreated(id, CUSTOMER, TEN, money("10.00"), at(i))));
            OrderStatus status = OrderStatus.PENDING;
            if (i % 5 >= 1) {
                life.add(new OrderConfirmed(id, CUSTOMER, TEN, money("10.00"), at(i)));
                status = OrderStatus.CONFIRMED;
            }
            if (i % 5 >= 2) {
                life.add(new OrderEvent.OrderReadyToShip(id, CUSTOMER, at(i)));
                status = OrderStatus.READY_TO_SHIP;
            }
            if (i % 5 == 3) {
                life.add(new OrderEvent.OrderShipped(id, CUSTOMER, "track-" + i, "carrier", at(i)));
                status = OrderStatus.SHIPPED;
            }
            if (i % 5 == 4 || i % 7 == 0) {
                life.add(new OrderCancelled(id, CUSTOMER, "why", status, at(i)));
                status = OrderStatus.CANCELLED;
            }
            expected.merge(status, 1, Integer::sum);
            List<EventEnvelope<OrderEvent>> stream = orderStream(position, life.toArray(OrderEvent[]::new));
            position += stream.size();
            history.addAll(stream);
        }

        CustomerStatistics stats = statistics.given(history).state().orElseThrow();

        assertThat(stats.orderCount()).isEqualTo(300);
        assertThat(stats.byStatus()).isEqualTo(expected);
        assertThat(stats.lastOrderAt()).isEqualTo(at(299));
    }

    @Test
    void answersStatisticsByCustomerAndNotFoundForACustomerWithoutOrders() {
        CustomerStatistics stats = statistics.given(orderStream(created())).state().orElseThrow();
        var readModel = new InMemoryCustomerStatistics(() -> List.of(stats));

        assertThat(readModel.find(CUSTOMER)).isEqualTo(new QueryResult.Found<>(stats));
        assertThat(readModel.find(CustomerId.of("nobody"))).isEqualTo(new QueryResult.NotFound<>());
    }
}
