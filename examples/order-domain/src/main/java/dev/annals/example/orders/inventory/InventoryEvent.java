// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.inventory;

import dev.annals.example.orders.order.OrderId;
import dev.annals.example.orders.order.ProductId;
import java.time.Instant;

/** Facts about one product's stock. {@code at} is the time of the command that caused them. */
public sealed interface InventoryEvent {
    ProductId productId();

    Instant at();

    record StockAdded(ProductId productId, int quantity, Instant at) implements InventoryEvent {}

    record StockReserved(ProductId productId, OrderId orderId, int quantity, Instant at) implements InventoryEvent {}

    /** {@code quantity} is exactly what the order had reserved. */
    record StockReleased(ProductId productId, OrderId orderId, int quantity, Instant at) implements InventoryEvent {}

    /** Recorded with the reservation that brought available stock to zero. */
    record StockDepleted(ProductId productId, Instant at) implements InventoryEvent {}
}
