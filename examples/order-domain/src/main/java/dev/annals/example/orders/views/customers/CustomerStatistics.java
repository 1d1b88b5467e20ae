// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.views.customers;

import dev.annals.core.store.GlobalPosition;
import dev.annals.example.orders.order.CustomerId;
import dev.annals.example.orders.order.Money;
import dev.annals.example.orders.order.OrderStatus;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One customer's order statistics, kept as running totals so the state stays the same size however
 * many orders the customer places (an earlier shape kept every order and cost O(orders) per event):
 * <ul>
 *   <li>{@link #orderCount()}: every order the customer created;</li>
 *   <li>{@link #byStatus()}: how many orders are in each status (every status present, maybe 0);</li>
 *   <li>{@link #totalSpent()}: what was paid and not refunded, over {@link #spentOrders()} orders;</li>
 *   <li>{@link #averageOrderValue()}: totalSpent over the orders paid and not refunded (0.00 when
 *       none), rounded half-up to the cent;</li>
 *   <li>{@code lastOrderAt}: when the newest order was created;</li>
 *   <li>{@code appliedThrough}: the global position of the last event folded in. A customer's
 *       events reach the view in global order, so one at or below it is a redelivery.</li>
 * </ul>
 */
public record CustomerStatistics(CustomerId customerId, int orderCount, Map<OrderStatus, Integer> byStatus,
                                 Money totalSpent, int spentOrders, @Nullable Instant lastOrderAt,
                                 GlobalPosition appliedThrough) {
    public CustomerStatistics {
        Map<OrderStatus, Integer> counts = new EnumMap<>(OrderStatus.class);
        for (OrderStatus status : OrderStatus.values()) {
            counts.put(status, byStatus.getOrDefault(status, 0));
        }
        byStatus = Collections.unmodifiableMap(counts);
    }

    public Money averageOrderValue() {
        return spentOrders == 0 ? Money.ZERO : totalSpent.dividedBy(spentOrders);
    }
}
