// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.inventory;

import dev.annals.example.orders.order.OrderId;
import java.util.Map;
import java.util.TreeMap;

/** One product's stock: units on hand and the units each order holds. */
public record InventoryState(long onHand, Map<OrderId, Integer> reservations) {
    public static final InventoryState EMPTY = new InventoryState(0, Map.of());

    public InventoryState {
        reservations = Map.copyOf(reservations);
    }

    public long reserved() {
        return reservations.values().stream().mapToLong(Integer::longValue).sum();
    }

    public long available() {
        return onHand - reserved();
    }

    InventoryState withOnHand(long value) {
        return new InventoryState(value, reservations);
    }

    InventoryState withReservation(OrderId orderId, int quantity) {
        var copy = new TreeMap<>(reservations);
        copy.put(orderId, quantity);
        return new InventoryState(onHand, copy);
    }

    InventoryState withoutReservation(OrderId orderId) {
        var copy = new TreeMap<>(reservations);
        copy.remove(orderId);
        return new InventoryState(onHand, copy);
    }
}
