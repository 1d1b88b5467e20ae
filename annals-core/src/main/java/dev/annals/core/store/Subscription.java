// SPDX-License-Identifier: Apache-2.0
package dev.annals.core.store;

import dev.annals.core.event.RecordedEvent;
import java.time.Duration;
import java.util.List;

/**
 * The infinite read: events after a start position, first those already stored (catch-up), then
 * new ones as they become durable (live). Pull-based, so a slow consumer simply polls later: the
 * store buffers nothing for it.
 *
 * <p>Guarantees: every event is delivered once per subscription, in strictly increasing position
 * order, with no gap at the seam between catch-up and live. Not thread-safe: one consumer polls.
 */
public interface Subscription extends AutoCloseable {
    /**
     * The next events after the last one returned, waiting up to {@code timeout} for some to
     * arrive. An empty batch means none arrived in time.
     */
    Poll poll(int maxCount, Duration timeout);

    /** The position of the last event returned (or the start position). */
    GlobalPosition position();

    @Override
    void close();

    sealed interface Poll {
        /** {@code isCaughtUp}: the batch reached the store's head when it was read. */
        record Events(List<RecordedEvent> events, boolean isCaughtUp) implements Poll {
            public Events {
                events = List.copyOf(events);
            }
        }

        record Failed(StorageFailure failure) implements Poll {}

        record Closed() implements Poll {}
    }
}
