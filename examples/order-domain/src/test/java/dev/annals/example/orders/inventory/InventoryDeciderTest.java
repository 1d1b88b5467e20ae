// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.example.orders.inventory.InventoryCommand.AddStock;
import dev.annals.example.orders.inventory.InventoryCommand.ReleaseStock;
import dev.annals.example.orders.inventory.InventoryCommand.ReserveStock;
import dev.annals.example.orders.inventory.InventoryError.AlreadyReservedForOrder;
import dev.annals.example.orders.inventory.InventoryError.InsufficientStock;
import dev.annals.example.orders.inventory.InventoryError.InvalidQuantity;
import dev.annals.example.orders.inventory.InventoryError.StockLimitExceeded;
import dev.annals.example.orders.inventory.InventoryEvent.StockAdded;
import dev.annals.example.orders.inventory.InventoryEvent.StockDepleted;
import dev.annals.example.orders.inventory.InventoryEvent.StockReleased;
import dev.annals.example.orders.inventory.InventoryEvent.StockReserved;
import dev.annals.example.orders.order.OrderId;
import dev.annals.example.orders.order.ProductId;
import dev.annals.testing.spec.DeciderSpec;
import java.time.Instant;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every rule of the Inventory boundary: available = on hand - reserved, reservations, depletion, release. */
class InventoryDeciderTest {
    private static final ProductId APPLE = ProductId.of("apple");
    private static final OrderId FIRST = OrderId.of("order-1");
    private static final OrderId SECOND = OrderId.of("order-2");
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant T1 = T0.plusSeconds(60);

    private final DeciderSpec<InventoryCommand, InventoryState, InventoryEvent, InventoryError> inventory =
            DeciderSpec.of(new InventoryDecider());

    private static StockAdded added(int quantity) {
        return new StockAdded(APPLE, quantity, T0);
    }

    private static StockReserved reserved(OrderId order, int quantity) {
        return new StockReserved(APPLE, order, quantity, T0);
    }

    @Test
    void addsStockOnHand() {
        inventory.given(added(5))
                .when(new AddStock(APPLE, 3, T1))
                .thenEvents(new StockAdded(APPLE, 3, T1))
                .thenState(new InventoryState(8, Map.of()));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -5, InventoryDecider.MAX_STOCK_ADDED + 1})
    void rejectsAddingANonPositiveOrHugeQuantity(int quantity) {
        inventory.given()
                .when(new AddStock(APPLE, quantity, T1))
                .thenRejectedWith(new InvalidQuantity(APPLE, quantity));
    }

    @Test
    void rejectsStockBeyondWhatTheBoundaryCounts() {
        int chunk = InventoryDecider.MAX_STOCK_ADDED;
        var full = inventory.given(IntStream.range(0, (int) (InventoryDecider.MAX_ON_HAND / chunk))
                .mapToObj(i -> (InventoryEvent) added(chunk)).toList());
        full.when(new AddStock(APPLE, 1, T1)).thenRejectedWith(new StockLimitExceeded(APPLE, InventoryDecider.MAX_ON_HAND));
    }

    @Test
    void availableIsOnHandMinusReserved() {
        InventoryState state = inventory.given(added(10), reserved(FIRST, 3), reserved(SECOND, 2)).state();
        assertThat(state.onHand()).isEqualTo(10);
        assertThat(state.reserved()).isEqualTo(5);
        assertThat(state.available()).isEqualTo(5);
    }

    @Test
    void reservesWithinWhatIsAvailable() {
        inventory.given(added(10), reserved(SECOND, 4))
                .when(new ReserveStock(APPLE, FIRST, 5, T1))
                .thenEvents(new StockReserved(APPLE, FIRST, 5, T1))
                .thenState(new InventoryState(10, Map.of(SECOND, 4, FIRST, 5)));
    }

    @Test
    void rejectsAReservationBeyondWhatIsAvailable() {
        inventory.given(added(10), reserved(SECOND, 8))
                .when(new ReserveStock(APPLE, FIRST, 3, T1))
                .thenRejectedWith(new InsufficientStock(APPLE, 3, 2));
    }

    @Test
    void rejectsAReservationWhenNothingWasEverAdded() {
        inventory.given()
                .when(new ReserveStock(APPLE, FIRST, 1, T1))
                .thenRejectedWith(new InsufficientStock(APPLE, 1, 0));
    }

    @Test
    void recordsStockDepletedWhenAReservationTakesTheLastAvailableUnit() {
        inventory.given(added(10), reserved(SECOND, 4))
                .when(new ReserveStock(APPLE, FIRST, 6, T1))
                .thenEvents(new StockReserved(APPLE, FIRST, 6, T1), new StockDepleted(APPLE, T1))
                .thenState(new InventoryState(10, Map.of(SECOND, 4, FIRST, 6)));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1001})
    void rejectsReservingAQuantityOutsideOneToOneThousand(int quantity) {
        inventory.given(added(5000))
                .when(new ReserveStock(APPLE, FIRST, quantity, T1))
                .thenRejectedWith(new InvalidQuantity(APPLE, quantity));
    }

    @Test
    void acceptsTheSameReservationAgainWithoutRecordingAnything() {
        inventory.given(added(10), reserved(FIRST, 3))
                .when(new ReserveStock(APPLE, FIRST, 3, T1))
                .thenNothing();
    }

    @Test
    void rejectsReservingADifferentQuantityForAnOrderThatHoldsSome() {
        inventory.given(added(10), reserved(FIRST, 3))
                .when(new ReserveStock(APPLE, FIRST, 4, T1))
                .thenRejectedWith(new AlreadyReservedForOrder(APPLE, FIRST, 3));
    }

    @Test
    void releasesExactlyWhatTheOrderReserved() {
        inventory.given(added(10), reserved(FIRST, 3), reserved(SECOND, 2))
                .when(new ReleaseStock(APPLE, FIRST, T1))
                .thenEvents(new StockReleased(APPLE, FIRST, 3, T1))
                .thenState(new InventoryState(10, Map.of(SECOND, 2)));
    }

    @Test
    void releasingForAnOrderThatHoldsNothingRecordsNothing() {
        inventory.given(added(10), reserved(FIRST, 3), new StockReleased(APPLE, FIRST, 3, T0))
                .when(new ReleaseStock(APPLE, FIRST, T1))
                .thenNothing();
    }

    @Test
    void releasedStockCanBeReservedAgain() {
        inventory.given(added(3), reserved(SECOND, 3), new StockDepleted(APPLE, T0), new StockReleased(APPLE, SECOND, 3, T0))
                .when(new ReserveStock(APPLE, FIRST, 2, T1))
                .thenEvents(new StockReserved(APPLE, FIRST, 2, T1));
    }

    @Test
    void stockAddedAfterDepletionCanBeReserved() {
        inventory.given(added(2), reserved(SECOND, 2), new StockDepleted(APPLE, T0), added(1))
                .when(new ReserveStock(APPLE, FIRST, 1, T1))
                .thenEvents(new StockReserved(APPLE, FIRST, 1, T1), new StockDepleted(APPLE, T1));
    }
}
