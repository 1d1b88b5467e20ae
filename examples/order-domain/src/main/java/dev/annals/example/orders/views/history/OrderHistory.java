// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.views.history;

import dev.annals.core.store.StreamVersion;
import dev.annals.example.orders.order.OrderId;
import dev.annals.example.orders.order.OrderStatus;
import java.time.Instant;
import java.util.List;

/**
 * The statuses one order passed through, oldest first. Each change names the version of the event
 * that made it and when the store recorded that event (the time temporal queries use).
 */
public record OrderHistory(OrderId orderId, List<StatusChange> changes) {
    public OrderHistory {
        changes = List.copyOf(changes);
    }

    public record StatusChange(OrderStatus status, StreamVersion version, Instant timestamp) {}
}
