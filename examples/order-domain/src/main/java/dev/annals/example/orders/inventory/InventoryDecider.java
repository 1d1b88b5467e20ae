// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.inventory;

import static dev.annals.core.decider.Decision.accept;
import static dev.annals.core.decider.Decision.acceptAll;
import static dev.annals.core.decider.Decision.reject;

import dev.annals.core.decider.Decider;
import dev.annals.core.decider.Decision;
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
import dev.annals.example.orders.order.OrderLine;
import java.util.List;

/*
 * Rules
 * -----
 * Available = on hand - reserved. A reservation beyond available is rejected (insufficient_stock);
 * the reservation that brings available to exactly zero records StockDepleted in the same decision.
 *
 * Repeats, because the fulfilment process may send a command again after a restart:
 * - ReserveStock for an order that already holds the same quantity is accepted with no events
 *   (the reservation already stands); a different quantity is rejected
 *   (already_reserved_for_order), since silently resizing it would hide a bug.
 * - ReleaseStock for an order that holds nothing is accepted with no events: releasing is a
 *   compensation and must be safe to repeat. A release returns exactly what that order reserved.
 */

/** The Inventory boundary: pure decisions over one product's stock. */
public final class InventoryDecider implements Decider<InventoryCommand, InventoryState, InventoryEvent, InventoryError> {
    public static final int MAX_STOCK_ADDED = 1_000_000;
    public static final long MAX_ON_HAND = 1_000_000_000L;

    @Override
    public InventoryState initialState() {
        return InventoryState.EMPTY;
    }

    @Override
    public Decision<InventoryEvent, InventoryError> decide(InventoryCommand command, InventoryState state) {
        return switch (command) {
            case AddStock c -> addStock(c, state);
            case ReserveStock c -> reserve(c, state);
            case ReleaseStock c -> release(c, state);
        };
    }

    @Override
    public InventoryState evolve(InventoryState state, InventoryEvent event) {
        return switch (event) {
            case StockAdded e -> state.withOnHand(state.onHand() + e.quantity());
            case StockReserved e -> state.withReservation(e.orderId(), e.quantity());
            case StockReleased e -> state.withoutReservation(e.orderId());
            case StockDepleted e -> state;
        };
    }

    private static Decision<InventoryEvent, InventoryError> addStock(AddStock c, InventoryState state) {
        if (c.quantity() < 1 || c.quantity() > MAX_STOCK_ADDED) {
            return reject(new InvalidQuantity(c.productId(), c.quantity()));
        }
        if (state.onHand() + c.quantity() > MAX_ON_HAND) {
            return reject(new StockLimitExceeded(c.productId(), MAX_ON_HAND));
        }
        return accept(new StockAdded(c.productId(), c.quantity(), c.at()));
    }

    private static Decision<InventoryEvent, InventoryError> reserve(ReserveStock c, InventoryState state) {
        Integer held = state.reservations().get(c.orderId());
        if (held != null) {
            return held == c.quantity()
                    ? acceptAll(List.of())
                    : reject(new AlreadyReservedForOrder(c.productId(), c.orderId(), held));
        }
        if (c.quantity() < OrderLine.MIN_QUANTITY || c.quantity() > OrderLine.MAX_QUANTITY) {
            return reject(new InvalidQuantity(c.productId(), c.quantity()));
        }
        long available = state.available();
        if (c.quantity() > available) {
            return reject(new InsufficientStock(c.productId(), c.quantity(), available));
        }
        var reserved = new StockReserved(c.productId(), c.orderId(), c.quantity(), c.at());
        return c.quantity() == available
                ? acceptAll(reserved, new StockDepleted(c.productId(), c.at()))
                : accept(reserved);
    }

    private static Decision<InventoryEvent, InventoryError> release(ReleaseStock c, InventoryState state) {
        Integer held = state.reservations().get(c.orderId());
        return held == null
                ? acceptAll(List.of())
                : accept(new StockReleased(c.productId(), c.orderId(), held, c.at()));
    }
}
