// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.views.details;

import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.StreamVersion;
import dev.annals.example.orders.order.CustomerId;
import dev.annals.example.orders.order.Money;
import dev.annals.example.orders.order.OrderId;
import dev.annals.example.orders.order.OrderStatus;
import dev.annals.example.orders.order.ProductId;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Everything a client shows about one order. {@code createdAt}, {@code updatedAt} and the times in
 * payment, shipping, cancellation and refund are when things happened (the commands' times);
 * timeline timestamps are when the store recorded each event, the time temporal queries use.
 * {@code version} is the order stream's version after the last event applied.
 */
public record OrderDetails(
        OrderId orderId,
        CustomerId customerId,
        OrderStatus status,
        List<Item> items,
        Money total,
        boolean isPaid,
        @Nullable Payment payment,
        @Nullable Shipping shipping,
        @Nullable Cancellation cancellation,
        @Nullable Refund refund,
        List<TimelineEntry> timeline,
        Instant createdAt,
        Instant updatedAt,
        StreamVersion version) {

    public OrderDetails {
        items = List.copyOf(items);
        timeline = List.copyOf(timeline);
    }

    public record Item(ProductId productId, int quantity, Money unitPrice, Money lineTotal) {}

    public record Payment(String paymentId, Money amount, Instant paidAt) {}

    public record Shipping(String trackingNumber, String carrier, Instant shippedAt) {}

    public record Cancellation(String reason, Instant cancelledAt) {}

    public record Refund(Money amount, String reason, Instant refundedAt) {}

    /** One event of the order: its type name, where it stands in the log, and a readable sentence. */
    public record TimelineEntry(String type, StreamVersion version, GlobalPosition position, Instant timestamp,
                                String description) {}
}
