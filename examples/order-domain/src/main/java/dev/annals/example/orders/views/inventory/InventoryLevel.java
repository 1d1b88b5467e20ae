// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.views.inventory;

import dev.annals.core.store.StreamVersion;
import dev.annals.example.orders.order.ProductId;

/** One product's stock: on hand, reserved by orders, available (on hand - reserved), and the inventory stream's version. */
public record InventoryLevel(ProductId productId, long onHand, long reserved, StreamVersion version) {
    public long available() {
        return onHand - reserved;
    }
}
