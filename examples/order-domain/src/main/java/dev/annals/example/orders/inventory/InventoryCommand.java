// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.inventory;

import dev.annals.example.orders.order.OrderId;
import dev.annals.example.orders.order.ProductId;
import java.time.Instant;

/** What can be asked of one product's inventory. {@code at} is when the command was issued. */
public sealed interface InventoryCommand {
    ProductId productId();

    Instant at();

    record AddStock(ProductId productId, int quantity, Instant at) implements InventoryCommand {}

    record ReserveStock(ProductId productId, OrderId orderId, int quantity, Instant at) implements InventoryCommand {}

    /** Releases whatever {@code orderId} holds of this product. */
    record ReleaseStock(ProductId productId, OrderId orderId, Instant at) implements InventoryCommand {}
}
