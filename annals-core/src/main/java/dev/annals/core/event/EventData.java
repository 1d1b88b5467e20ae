// SPDX-License-Identifier: Apache-2.0
package dev.annals.core.event;

import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * One event as a writer hands it to the store: a unique id (UUIDv7), a stable wire type name, the
 * payload's schema version, the serialized payload and metadata.
 *
 * <p>The store never interprets {@code data}. Equality is by value, including the payload bytes.
 * The array is copied on the way in and on the way out, so an EventData cannot change after it
 * is made.
 */
public record EventData(UUID eventId, String eventType, int schemaVersion, byte[] data, Metadata metadata) {
    public static final int MAX_TYPE_LENGTH = 200;

    public EventData {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(metadata, "metadata");
        if (eventType == null || eventType.isBlank() || eventType.length() > MAX_TYPE_LENGTH) {
            throw new IllegalArgumentException("event type must be 1.." + MAX_TYPE_LENGTH + " characters");
        }
        if (schemaVersion < 1) {
            throw new IllegalArgumentException("schema version must be >= 1: " + schemaVersion);
        }
        data = data.clone();
    }

    public static EventData of(UUID eventId, SerializedEvent serialized, Metadata metadata) {
        return new EventData(eventId, serialized.eventType(), serialized.schemaVersion(), serialized.data(), metadata);
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** The payload without a defensive copy; callers must not modify it. */
    public byte[] dataUnsafe() {
        return data;
    }

    public int dataLength() {
        return data.length;
    }

    public SerializedEvent serialized() {
        return new SerializedEvent(eventType, schemaVersion, data);
    }

    public EventData withMetadata(Metadata newMetadata) {
        return new EventData(eventId, eventType, schemaVersion, data, newMetadata);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EventData other
                && eventId.equals(other.eventId)
                && eventType.equals(other.eventType)
                && schemaVersion == other.schemaVersion
                && Arrays.equals(data, other.data)
                && metadata.equals(other.metadata);
    }

    @Override
    public int hashCode() {
        return Objects.hash(eventId, eventType, schemaVersion, Arrays.hashCode(data), metadata);
    }

    @Override
    public String toString() {
        return "EventData[" + eventId + " " + eventType + ".v" + schemaVersion + " " + data.length + " bytes]";
    }
}
