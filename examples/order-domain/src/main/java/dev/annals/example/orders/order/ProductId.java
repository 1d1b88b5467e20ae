// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.order;

/** Identifies a product; its inventory stream is {@code Inventory-<value>}. 1 to 64 characters of {@code [A-Za-z0-9_-]}. */
public record ProductId(String value) implements Comparable<ProductId> {
    public ProductId {
        if (!Identifiers.isValid(value)) {
            throw new IllegalArgumentException("invalid ProductId '" + value + "': " + Identifiers.RULE);
        }
    }

    public static ProductId of(String value) {
        return new ProductId(value);
    }

    public static boolean isValid(String value) {
        return Identifiers.isValid(value);
    }

    @Override
    public int compareTo(ProductId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
