// SPDX-License-Identifier: Apache-2.0
package dev.annals.core.store;

/**
 * The version of an event inside its stream: 0 for the first event, then 1, 2, … with no gaps.
 * A stream at version N holds N + 1 events.
 */
public record StreamVersion(long value) implements Comparable<StreamVersion> {
    public static final StreamVersion FIRST = new StreamVersion(0);
    /** As a read start, "from the end": reading backward from END starts at the last event. */
    public static final StreamVersion END = new StreamVersion(Long.MAX_VALUE);

    public StreamVersion {
        if (value < 0) {
            throw new IllegalArgumentException("stream version must be >= 0: " + value);
        }
    }

    public static StreamVersion of(long value) {
        return new StreamVersion(value);
    }

    public StreamVersion next() {
        return new StreamVersion(value + 1);
    }

    public StreamVersion plus(long count) {
        return new StreamVersion(value + count);
    }

    public boolean isAfter(StreamVersion other) {
        return value > other.value;
    }

    @Override
    public int compareTo(StreamVersion other) {
        return Long.compare(value, other.value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
