// SPDX-License-Identifier: Apache-2.0
package dev.annals.core.store;

import dev.annals.core.event.EventData;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The event store port: an append-only log of streams with optimistic concurrency, a global order,
 * and finite reads ({@code read*}) beside the infinite one ({@link Subscription}).
 *
 * <h2>Contract (every store passes the same suite, {@code EventStoreContract} in annals-testing)</h2>
 * <ul>
 *   <li><b>Append</b> is atomic: all events of one call become visible together, or none do. The
 *       expected version is checked against the stream's last version ({@link ExpectedVersion}).
 *       Versions start at 0 and have no gaps. Appended reports the last version and position.</li>
 *   <li><b>Idempotent retry</b>: appending events whose ids the stream already holds, at the same
 *       versions, with the original expected version (or {@code any}/{@code stream_exists} while the
 *       original events are among the stream's last {@value #IDEMPOTENCY_WINDOW}), appends nothing and
 *       returns the original outcome. A batch that overlaps an earlier one only in part is a
 *       wrong-expected-version outcome. This holds across restarts for durable stores.</li>
 *   <li><b>Global order</b>: positions strictly increase in commit order; a reader that has seen P
 *       never later sees a position &lt;= P. Positions may have gaps.</li>
 *   <li><b>Visibility</b>: reads return only committed (for durable stores: durable) events, and
 *       {@link ReadAllResult.Page#head()} is the highest position the read could see.</li>
 *   <li><b>Failure</b>: infrastructure failures are typed values ({@link StorageFailure}); a store that
 *       has failed stop answers appends with {@code UNAVAILABLE} and keeps serving reads where it can.</li>
 * </ul>
 *
 * <p>Programming errors (an empty batch, two events with one id in a batch, {@code maxCount < 1})
 * throw {@link IllegalArgumentException}. Implementations are thread-safe.
 */
public interface EventStore extends AutoCloseable {
    /** How far back {@code any}/{@code stream_exists} retries are recognised, in events of the stream. */
    int IDEMPOTENCY_WINDOW = 1000;

    AppendResult append(StreamId stream, ExpectedVersion expected, List<EventData> events);

    /**
     * The precondition every store checks before an append: at least one event, and no event id twice
     * in the batch. A violation is the caller's mistake, so it throws rather than answering.
     */
    static void requireValidBatch(List<EventData> events) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("an append needs at least one event");
        }
        if (events.size() == 1) {
            return;
        }
        Set<UUID> ids = new HashSet<>();
        for (EventData event : events) {
            if (!ids.add(event.eventId())) {
                throw new IllegalArgumentException("event id " + event.eventId() + " appears twice in one append");
            }
        }
    }

    /**
     * Events of one stream starting at {@code from} (inclusive), forward or backward. Backward from
     * {@link StreamVersion#END} starts at the last event.
     */
    ReadStreamResult readStream(StreamId stream, StreamVersion from, ReadDirection direction, int maxCount);

    /** Events of all streams with a position after {@code after}, in position order. */
    ReadAllResult readAll(GlobalPosition after, int maxCount);

    /** Events of one category ({@link StreamId#category()}) after {@code after}, in position order. */
    ReadAllResult readCategory(String category, GlobalPosition after, int maxCount);

    /** Where the events of the command with this idempotency key went, if any command used it. */
    IdempotencyLookup findIdempotencyKey(String key);

    /**
     * Waits until an event with a position after {@code position} is readable, or the timeout
     * passes. Returns whether one is. Subscriptions and read-your-writes waits use this instead of
     * polling in a loop.
     */
    boolean awaitPositionAfter(GlobalPosition position, Duration timeout);

    /** Catches up from {@code after}, then stays live; no gap and no duplicate at the seam. */
    default Subscription subscribeToAll(GlobalPosition after) {
        return new PollingSubscription(this, null, after);
    }

    /** As {@link #subscribeToAll} for one category. */
    default Subscription subscribeToCategory(String category, GlobalPosition after) {
        return new PollingSubscription(this, category, after);
    }

    /** Releases files and connections. Appends after close answer {@code UNAVAILABLE}. */
    @Override
    void close();
}
