// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.order;

/** Identifies one order; its stream is {@code Order-<value>}. 1 to 64 characters of {@code [A-Za-z0-9_-]}. */
public record OrderId(String value) implements Comparable<OrderId> {
    public OrderId {
        if (!Identifiers.isValid(value)) {
            throw new IllegalArgumentException("invalid OrderId '" + value + "': " + Identifiers.RULE);
        }
    }

    public static OrderId of(String value) {
        return new OrderId(value);
    }

    public static boolean isValid(String value) {
        return Identifiers.isValid(value);
    }

    @Override
    public int compareTo(OrderId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
