// SPDX-License-Identifier: Apache-2.0
package dev.annals.core.store;

/**
 * Where an event stands in the store-wide log ({@code $all}).
 *
 * <p>Ordering contract: positions are strictly increasing in <em>commit order</em>. A reader that has
 * seen position P never later sees an event at a position &lt;= P. Positions are not contiguous:
 * a store may leave gaps (byte offsets, rolled-back sequence values), so never compute "the next
 * position" by adding one; read "after P" instead. {@link #START} (0) is before every event.
 */
public record GlobalPosition(long value) implements Comparable<GlobalPosition> {
    public static final GlobalPosition START = new GlobalPosition(0);

    public GlobalPosition {
        if (value < 0) {
            throw new IllegalArgumentException("global position must be >= 0: " + value);
        }
    }

    public static GlobalPosition of(long value) {
        return new GlobalPosition(value);
    }

    public boolean isAfter(GlobalPosition other) {
        return value > other.value;
    }

    public boolean isBefore(GlobalPosition other) {
        return value < other.value;
    }

    public static GlobalPosition max(GlobalPosition a, GlobalPosition b) {
        return a.value >= b.value ? a : b;
    }

    @Override
    public int compareTo(GlobalPosition other) {
        return Long.compare(value, other.value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
