// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.views.shipping;

import dev.annals.core.store.StreamVersion;
import dev.annals.example.orders.order.CustomerId;
import dev.annals.example.orders.order.Money;
import dev.annals.example.orders.order.OrderId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A shipped order, flat: who, how many lines, what total, and how it travels. Until the order
 * ships the view keeps the row with null shipping fields ({@link #isShipped()} false) so it knows
 * the count and total when the shipment comes; queries answer only shipped rows.
 */
public record ShippedOrder(OrderId orderId, CustomerId customerId, int itemCount, Money total,
                           @Nullable String trackingNumber, @Nullable String carrier, @Nullable Instant shippedAt,
                           StreamVersion version) {

    public boolean isShipped() {
        return shippedAt != null;
    }
}
