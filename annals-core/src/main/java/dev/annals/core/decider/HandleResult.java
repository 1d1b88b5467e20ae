// SPDX-License-Identifier: Apache-2.0
package dev.annals.core.decider;

import dev.annals.core.store.ExpectedVersion;
import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.StorageFailure;
import dev.annals.core.store.StreamId;
import dev.annals.core.store.StreamVersion;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What became of one command. Every expected outcome is a variant; callers switch exhaustively. */
public sealed interface HandleResult<E, X> {
    /**
     * The events were recorded; the last one at {@code version} and {@code position}.
     * {@code isReplay}: an earlier command with the same idempotency key recorded them, and this
     * answer repeats its outcome without appending anything.
     */
    record Accepted<E, X>(StreamId stream, List<E> events, StreamVersion version, GlobalPosition position,
                          boolean isReplay) implements HandleResult<E, X> {
        public Accepted {
            events = List.copyOf(events);
        }

        public StreamVersion firstVersion() {
            return StreamVersion.of(version.value() - events.size() + 1);
        }
    }

    /** The decider accepted the command with no events: nothing to record. */
    record Unchanged<E, X>(StreamId stream, @Nullable StreamVersion version) implements HandleResult<E, X> {}

    /** A business rule said no. Nothing was written. */
    record Rejected<E, X>(X reason) implements HandleResult<E, X> {}

    /** The caller's expected version ({@code If-Match}) is not the stream's. Nothing was written. */
    record WrongExpectedVersion<E, X>(StreamId stream, ExpectedVersion expected, @Nullable StreamVersion actual)
            implements HandleResult<E, X> {}

    /** Concurrent writers kept winning; the command gave up after {@code attempts}. Safe to retry. */
    record Conflict<E, X>(StreamId stream, int attempts) implements HandleResult<E, X> {}

    /** The idempotency key was used before for a different request. Nothing was written. */
    record IdempotencyKeyReused<E, X>(String key) implements HandleResult<E, X> {}

    /** Storage failed; the command may not have been recorded (TIMED_OUT) or was not (others). */
    record StorageFailed<E, X>(StorageFailure failure) implements HandleResult<E, X> {}
}
