// SPDX-License-Identifier: Apache-2.0
package dev.annals.core.event;

import java.util.Arrays;
import java.util.Objects;

/** A payload with its wire type name and schema version: what a codec writes and upcasters rewrite. */
public record SerializedEvent(String eventType, int schemaVersion, byte[] data) {
    public SerializedEvent {
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(data, "data");
        if (schemaVersion < 1) {
            throw new IllegalArgumentException("schema version must be >= 1: " + schemaVersion);
        }
    }

    /** The versioned wire name, e.g. {@code orders.OrderCreated.v1}. */
    public String wireName() {
        return eventType + ".v" + schemaVersion;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SerializedEvent other && eventType.equals(other.eventType)
                && schemaVersion == other.schemaVersion && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(eventType, schemaVersion, Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "SerializedEvent[" + wireName() + ", " + data.length + " bytes]";
    }
}
