// SPDX-License-Identifier: Apache-2.0
package dev.annals.core.event;

import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.StreamId;
import dev.annals.core.store.StreamVersion;
import java.time.Instant;
import java.util.UUID;

/**
 * A decoded event with where and when it was recorded: what views and process managers fold when
 * they need more than the event itself (a timeline entry's version, position and timestamp; the
 * event id as a causation id).
 */
public record EventEnvelope<E>(
        StreamId streamId,
        StreamVersion version,
        GlobalPosition position,
        Instant recordedAt,
        UUID eventId,
        String eventType,
        Metadata metadata,
        E event) {

    public static <E> EventEnvelope<E> of(RecordedEvent recorded, E event) {
        return new EventEnvelope<>(recorded.streamId(), recorded.version(), recorded.position(),
                recorded.recordedAt(), recorded.eventId(), recorded.eventType(), recorded.metadata(), event);
    }
}
