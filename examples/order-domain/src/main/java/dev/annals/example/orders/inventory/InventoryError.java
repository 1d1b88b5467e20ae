// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.inventory;

import dev.annals.example.orders.order.OrderId;
import dev.annals.example.orders.order.ProductId;

/** Why the inventory said no; {@link #code()} is the stable snake_case code clients see. */
public sealed interface InventoryError {
    String code();

    /** Added stock is 1..{@value InventoryDecider#MAX_STOCK_ADDED}; reserved stock is 1..1000. */
    record InvalidQuantity(ProductId productId, int quantity) implements InventoryError {
        public String code() {
            return "invalid_quantity";
        }
    }

    record InsufficientStock(ProductId productId, int requested, long available) implements InventoryError {
        public String code() {
            return "insufficient_stock";
        }
    }

    /** The order already holds a different quantity of this product; release it first. */
    record AlreadyReservedForOrder(ProductId productId, OrderId orderId, int reserved) implements InventoryError {
        public String code() {
            return "already_reserved_for_order";
        }
    }

    /** On-hand stock would exceed what this boundary counts. */
    record StockLimitExceeded(ProductId productId, long limit) implements InventoryError {
        public String code() {
            return "stock_limit_exceeded";
        }
    }
}
