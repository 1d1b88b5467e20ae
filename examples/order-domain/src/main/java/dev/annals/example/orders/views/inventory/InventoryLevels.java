// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.views.inventory;

import dev.annals.example.orders.order.ProductId;
import dev.annals.example.orders.views.QueryResult;

/** Port: one product's stock level; {@link QueryResult.NotFound} for a product with no inventory events. */
public interface InventoryLevels {
    QueryResult<InventoryLevel> find(ProductId productId);
}
