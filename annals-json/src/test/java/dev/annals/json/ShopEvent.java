// SPDX-License-Identifier: Apache-2.0
package dev.annals.json;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A small event family for the codec tests. */
sealed interface ShopEvent {
    record BasketOpened(String basketId, Instant openedAt) implements ShopEvent {}

    record ItemBought(String basketId, String sku, int quantity, BigDecimal price, List<String> tags) implements ShopEvent {
        public ItemBought {
            if (quantity < 1) {
                throw new IllegalArgumentException("quantity must be >= 1");
            }
            tags = List.copyOf(tags);
        }

        public boolean isBulk() {
            return quantity >= 100;
        }
    }

    record ItemReturned(String basketId, String sku, String reason, @Nullable String note) implements ShopEvent {}
}
