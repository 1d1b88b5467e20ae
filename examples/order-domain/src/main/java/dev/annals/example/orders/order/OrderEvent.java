// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.order;

import java.time.Instant;
import java.util.List;

/**
 * Facts about one order. Every event names its order and its customer (stamped by the decider from
 * the state), so read models can be keyed by either, and carries {@code at}, when it happened (the
 * command's time). Totals are the order's total after the event.
 */
public sealed interface OrderEvent {
    OrderId orderId();

    CustomerId customerId();

    Instant at();

    record OrderCreated(OrderId orderId, CustomerId customerId, List<OrderLine> lines, Money total, Instant at)
            implements OrderEvent {
        public OrderCreated {
            lines = List.copyOf(lines);
        }
    }

    record ItemAdded(OrderId orderId, CustomerId customerId, OrderLine line, Money total, Instant at) implements OrderEvent {}

    /** {@code line} is the line as it was before removal. */
    record ItemRemoved(OrderId orderId, CustomerId customerId, OrderLine line, Money total, Instant at) implements OrderEvent {}

    /** Carries the confirmed lines: what the fulfilment process reserves. */
    record OrderConfirmed(OrderId orderId, CustomerId customerId, List<OrderLine> lines, Money total, Instant at)
            implements OrderEvent {
        public OrderConfirmed {
            lines = List.copyOf(lines);
        }
    }

    record OrderReadyToShip(OrderId orderId, CustomerId customerId, Instant at) implements OrderEvent {}

    /** {@code amount} is the order's total when it was paid. */
    record OrderPaid(OrderId orderId, CustomerId customerId, String paymentId, Money amount, Instant at) implements OrderEvent {}

    record OrderShipped(OrderId orderId, CustomerId customerId, String trackingNumber, String carrier, Instant at)
            implements OrderEvent {}

    /** {@code previousStatus} is the status the cancellation ended. */
    record OrderCancelled(OrderId orderId, CustomerId customerId, String reason, OrderStatus previousStatus, Instant at)
            implements OrderEvent {}

    /** {@code amount} is what was paid. */
    record OrderRefunded(OrderId orderId, CustomerId customerId, Money amount, String reason, Instant at) implements OrderEvent {}

    /** The original {@link OrderCreated} stays as it was; this records the change and why. */
    record OrderTotalCorrected(OrderId orderId, CustomerId customerId, Money previousTotal, Money correctedTotal,
                               String reason, Instant at) implements OrderEvent {}
}
