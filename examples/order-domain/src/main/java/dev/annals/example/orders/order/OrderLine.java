// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.order;

import java.util.Objects;

/**
 * One product in an order. The quantity rule (1..1000) is a business rule the decider checks and
 * rejects with a typed error, so any int is representable here; the unit price is never negative
 * because {@link Money} is not.
 */
public record OrderLine(ProductId productId, int quantity, Money unitPrice) {
    public static final int MIN_QUANTITY = 1;
    public static final int MAX_QUANTITY = 1000;

    public OrderLine {
        Objects.requireNonNull(productId, "productId");
        Objects.requireNonNull(unitPrice, "unitPrice");
    }

    public Money lineTotal() {
        return unitPrice.times(quantity);
    }

    public boolean hasValidQuantity() {
        return quantity >= MIN_QUANTITY && quantity <= MAX_QUANTITY;
    }
}
