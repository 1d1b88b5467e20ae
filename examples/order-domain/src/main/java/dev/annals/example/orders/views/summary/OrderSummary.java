// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.views.summary;

import dev.annals.core.store.StreamVersion;
import dev.annals.example.orders.order.CustomerId;
import dev.annals.example.orders.order.Money;
import dev.annals.example.orders.order.OrderId;
import dev.annals.example.orders.order.OrderStatus;
import java.time.Instant;

/**
 * One order in a list. {@code itemCount} is the number of lines (distinct products);
 * {@code createdAt}/{@code updatedAt} are when the first and the last event happened;
 * {@code version} is the order stream's version after the last event applied.
 */
public record OrderSummary(OrderId orderId, CustomerId customerId, OrderStatus status, int itemCount, Money total,
                           Instant createdAt, Instant updatedAt, StreamVersion version) {}
