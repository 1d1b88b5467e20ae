// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.views.inventory;

import static dev.annals.example.orders.views.Envelopes.inventoryStream;
import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.core.event.EventEnvelope;
import dev.annals.core.store.StreamVersion;
import dev.annals.example.orders.inventory.InventoryEvent;
import dev.annals.example.orders.inventory.InventoryEvent.StockAdded;
import dev.annals.example.orders.inventory.InventoryEvent.StockDepleted;
import dev.annals.example.orders.inventory.InventoryEvent.StockReleased;
import dev.annals.example.orders.inventory.InventoryEvent.StockReserved;
import dev.annals.example.orders.order.OrderId;
import dev.annals.example.orders.order.ProductId;
import dev.annals.example.orders.views.QueryResult;
import dev.annals.testing.spec.ViewSpec;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InventoryLevelViewTest {
    private static final ProductId APPLE = ProductId.of("apple");
    private static final ProductId PEAR = ProductId.of("pear");
    private static final OrderId FIRST = OrderId.of("order-1");
    private static final OrderId SECOND = OrderId.of("order-2");
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final ViewSpec<Optional<InventoryLevel>, EventEnvelope<InventoryEvent>> levels = ViewSpec.of(new InventoryLevelView());

    @Test
    void showsStockOnHandReservedAndAvailable() {
        var level = levels.given(inventoryStream(
                        new StockAdded(APPLE, 10, T0),
                        new StockReserved(APPLE, FIRST, 3, T0),
                        new StockReserved(APPLE, SECOND, 7, T0),
                        new StockDepleted(APPLE, T0),
                        new StockReleased(APPLE, FIRST, 3, T0)))
                .thenState(Optional.of(new InventoryLevel(APPLE, 10, 7, StreamVersion.of(4))))
                .state().orElseThrow();
        assertThat(level.available()).isEqualTo(3);
    }

    @Test
    void depletionLeavesTheNumbersAsTheReservationMadeThem() {
        levels.given(inventoryStream(new StockAdded(APPLE, 2, T0), new StockReserved(APPLE, FIRST, 2, T0), new StockDepleted(APPLE, T0)))
                .thenState(Optional.of(new InventoryLevel(APPLE, 2, 2, StreamVersion.of(2))));
    }

    @Test
    void anEventOfAnotherProductChangesNothing() {
        levels.given(inventoryStream(new StockAdded(APPLE, 10, T0)))
                .thenUnchangedBy(inventoryStream(new StockAdded(PEAR, 5, T0)).getFirst());
    }

    @Test
    void aRedeliveredEventChangesNothing() {
        var stream = inventoryStream(new StockAdded(APPLE, 10, T0), new StockReserved(APPLE, FIRST, 3, T0));
        levels.given(stream).thenUnchangedBy(stream.get(1)).thenUnchangedBy(stream.get(0));
    }

    @Test
    void answersLevelsByProductAndNotFoundForAnUnknownProduct() {
        InventoryLevel apple = levels.given(inventoryStream(new StockAdded(APPLE, 10, T0))).state().orElseThrow();
        var readModel = new InMemoryInventoryLevels(() -> List.of(apple));
        assertThat(readModel.find(APPLE)).isEqualTo(new QueryResult.Found<>(apple));
        assertThat(readModel.find(PEAR)).isEqualTo(new QueryResult.NotFound<>());
    }
}
