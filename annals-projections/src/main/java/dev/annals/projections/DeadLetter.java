// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections;

import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.StreamId;
import dev.annals.core.store.StreamVersion;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An event a runner could not apply, parked so that the rest of the log keeps flowing. It holds
 * where the event is, never its payload: retrying reads the event again from the store.
 *
 * <p>{@code behind} is the id of the dead letter this one waits behind (null for the one that failed
 * first): per-stream order holds (per instance too, for process managers), so a stream's later
 * events are parked until its first failure is retried or skipped. Together they form one group.
 */
public record DeadLetter(
        String id,
        String consumer,
        StreamId stream,
        StreamVersion version,
        GlobalPosition position,
        UUID eventId,
        String eventType,
        String reason,
        int attempts,
        Instant parkedAt,
        @Nullable String behind) {

    /** The id of the dead letter a consumer parks for the event at {@code position}: stable across redeliveries. */
    public static String idOf(String consumer, GlobalPosition position) {
        return consumer + "@" + position.value();
    }

    public DeadLetter withFailure(String newReason, int newAttempts) {
        return new DeadLetter(id, consumer, stream, version, position, eventId, eventType, newReason, newAttempts,
                parkedAt, behind);
    }
}
