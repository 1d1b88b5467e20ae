// SPDX-License-Identifier: Apache-2.0
package dev.annals.core.event;

import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.StreamId;
import dev.annals.core.store.StreamVersion;
import java.time.Instant;
import java.util.UUID;

/**
 * An event as the store recorded it: the appended {@link EventData} plus where it stands (stream,
 * version, global position) and when the store recorded it.
 */
public record RecordedEvent(
        StreamId streamId, StreamVersion version, GlobalPosition position, Instant recordedAt, EventData event) {

    public UUID eventId() {
        return event.eventId();
    }

    public String eventType() {
        return event.eventType();
    }

    public int schemaVersion() {
        return event.schemaVersion();
    }

    public Metadata metadata() {
        return event.metadata();
    }

    /** The payload bytes (a copy). */
    public byte[] data() {
        return event.data();
    }

    public SerializedEvent serialized() {
        return event.serialized();
    }
}
