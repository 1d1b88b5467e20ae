// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.order;

/** Identifies the customer an order belongs to. 1 to 64 characters of {@code [A-Za-z0-9_-]}. */
public record CustomerId(String value) implements Comparable<CustomerId> {
    public CustomerId {
        if (!Identifiers.isValid(value)) {
            throw new IllegalArgumentException("invalid CustomerId '" + value + "': " + Identifiers.RULE);
        }
    }

    public static CustomerId of(String value) {
        return new CustomerId(value);
    }

    public static boolean isValid(String value) {
        return Identifiers.isValid(value);
    }

    @Override
    public int compareTo(CustomerId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
