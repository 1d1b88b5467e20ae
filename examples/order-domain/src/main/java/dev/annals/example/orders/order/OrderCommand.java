// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.order;

import java.time.Instant;
import java.util.List;

/**
 * What can be asked of one order. Every command carries {@code at}, the moment it was issued: the
 * decider has no clock and stamps its events with this time. {@link MarkReadyToShip} and
 * {@link RefundOrder} are sent by the fulfilment process, not by clients.
 */
public sealed interface OrderCommand {
    OrderId orderId();

    Instant at();

    record CreateOrder(OrderId orderId, CustomerId customerId, List<OrderLine> lines, Instant at) implements OrderCommand {
        public CreateOrder {
            lines = List.copyOf(lines);
        }
    }

    record AddItem(OrderId orderId, OrderLine line, Instant at) implements OrderCommand {}

    record RemoveItem(OrderId orderId, ProductId productId, Instant at) implements OrderCommand {}

    record ConfirmOrder(OrderId orderId, Instant at) implements OrderCommand {}

    /** Records payment of the order's total at this moment; the amount is in {@link OrderEvent.OrderPaid}. */
    record PayOrder(OrderId orderId, String paymentId, Instant at) implements OrderCommand {}

    record ShipOrder(OrderId orderId, String trackingNumber, String carrier, Instant at) implements OrderCommand {}

    record CancelOrder(OrderId orderId, String reason, Instant at) implements OrderCommand {}

    record CorrectTotal(OrderId orderId, Money correctedTotal, String reason, Instant at) implements OrderCommand {}

    /** From the fulfilment process: every item is reserved. */
    record MarkReadyToShip(OrderId orderId, Instant at) implements OrderCommand {}

    /** From the fulfilment process: a paid order was cancelled, give the money back. */
    record RefundOrder(OrderId orderId, String reason, Instant at) implements OrderCommand {}
}
