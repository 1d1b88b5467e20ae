// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.views.inventory;

import dev.annals.core.event.EventEnvelope;
import dev.annals.core.view.View;
import dev.annals.example.orders.inventory.InventoryEvent;
import dev.annals.example.orders.inventory.InventoryEvent.StockAdded;
import dev.annals.example.orders.inventory.InventoryEvent.StockDepleted;
import dev.annals.example.orders.inventory.InventoryEvent.StockReleased;
import dev.annals.example.orders.inventory.InventoryEvent.StockReserved;
import dev.annals.example.orders.order.ProductId;
import java.util.Optional;

/**
 * Folds one product's inventory events into its {@link InventoryLevel}. Keyed by product id
 * ({@link #keyOf}). Every event of the product moves {@code version}; events of another product and
 * redeliveries change nothing.
 */
public final class InventoryLevelView implements View<Optional<InventoryLevel>, EventEnvelope<InventoryEvent>> {

    /** The read model key: the product id. */
    public static String keyOf(EventEnvelope<InventoryEvent> envelope) {
        return envelope.event().productId().value();
    }

    @Override
    public Optional<InventoryLevel> initialState() {
        return Optional.empty();
    }

    @Override
    public Optional<InventoryLevel> evolve(Optional<InventoryLevel> state, EventEnvelope<InventoryEvent> envelope) {
        InventoryEvent event = envelope.event();
        ProductId productId = event.productId();
        InventoryLevel level = state.orElse(new InventoryLevel(productId, 0, 0, envelope.version()));
        if (!level.productId().equals(productId) || (state.isPresent() && !envelope.version().isAfter(level.version()))) {
            return state;
        }
        return Optional.of(switch (event) {
            case StockAdded e -> new InventoryLevel(productId, level.onHand() + e.quantity(), level.reserved(), envelope.version());
            case StockReserved e -> new InventoryLevel(productId, level.onHand(), level.reserved() + e.quantity(), envelope.version());
            case StockReleased e -> new InventoryLevel(productId, level.onHand(), level.reserved() - e.quantity(), envelope.version());
            case StockDepleted e -> new InventoryLevel(productId, level.onHand(), level.reserved(), envelope.version());
        });
    }
}
