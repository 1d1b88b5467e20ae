// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.views.inventory;

import dev.annals.example.orders.order.ProductId;
import dev.annals.example.orders.views.QueryResult;
import java.util.Collection;
import java.util.function.Supplier;

/** Answers inventory level queries from view states held in memory. */
public final class InMemoryInventoryLevels implements InventoryLevels {
    private final Supplier<? extends Collection<InventoryLevel>> states;

    public InMemoryInventoryLevels(Supplier<? extends Collection<InventoryLevel>> states) {
        this.states = states;
    }

    @Override
    public QueryResult<InventoryLevel> find(ProductId productId) {
        return states.get().stream().filter(l -> l.productId().equals(productId)).findFirst()
                .<QueryResult<InventoryLevel>>map(QueryResult.Found::new)
                .orElseGet(QueryResult.NotFound::new);
    }
}
