// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.views.customers;

import dev.annals.core.store.StreamVersion;
import dev.annals.example.orders.order.CustomerId;
import dev.annals.example.orders.order.Money;
import dev.annals.example.orders.order.OrderId;
import dev.annals.example.orders.order.OrderStatus;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One customer's orders, reduced to what the statistics need. {@code orders} is the state the view
 * keeps; the statistics are computed from it:
 * <ul>
 *   <li>{@link #orderCount()}: every order the customer created;</li>
 *   <li>{@link #byStatus()}: how many orders are in each status (every status present, maybe 0);</li>
 *   <li>{@link #totalSpent()}: what was paid and not refunded;</li>
 *   <li>{@link #averageOrderValue()}: totalSpent over the orders paid and not refunded (0.00 when
 *       none), rounded half-up to the cent;</li>
 *   <li>{@code lastOrderAt}: when the newest order was created.</li>
 * </ul>
 */
public record CustomerStatistics(CustomerId customerId, Map<OrderId, CustomerOrder> orders, @Nullable Instant lastOrderAt) {
    public CustomerStatistics {
        orders = Map.copyOf(orders);
    }

    /** One order as the statistics see it; {@code version} is the last order event applied. */
    public record CustomerOrder(OrderStatus status, @Nullable Money paid, boolean isRefunded, StreamVersion version) {
        boolean isSpent() {
            return paid != null && !isRefunded;
        }
    }

    public int orderCount() {
        return orders.size();
    }

    public Map<OrderStatus, Integer> byStatus() {
        Map<OrderStatus, Integer> counts = new EnumMap<>(OrderStatus.class);
        for (OrderStatus status : OrderStatus.values()) {
            counts.put(status, 0);
        }
        orders.values().forEach(o -> counts.merge(o.status(), 1, Integer::sum));
        return Collections.unmodifiableMap(counts);
    }

    public Money totalSpent() {
        Money total = Money.ZERO;
        for (CustomerOrder order : orders.values()) {
            Money paid = order.paid();
            if (paid != null && !order.isRefunded()) {
                total = total.plus(paid);
            }
        }
        return total;
    }

    public Money averageOrderValue() {
        long spentOrders = orders.values().stream().filter(CustomerOrder::isSpent).count();
        return spentOrders == 0 ? Money.ZERO : totalSpent().dividedBy(spentOrders);
    }
}
