// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.embedded;

import dev.annals.core.store.EventStore;
import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.ReadAllResult;
import dev.annals.core.store.Subscription;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/*
 * Design
 * ------
 * A cursor over finite reads, like core's PollingSubscription, with one difference: while the cursor
 * is covered by the store's LiveTail, pages come from the events the writer pushed there after its
 * fsync (no disk read, no decoding); otherwise (catch-up, or a subscriber that fell behind the ring)
 * from readAll/readCategory. Both sources return durable events in position order with no gap below
 * their head, and the cursor only moves to positions a page returned (or, at the end of a page, to
 * its head), so switching source between polls can neither skip nor repeat an event. An empty end
 * page waits on awaitPositionAfter, which the writer signals after each fsync.
 *
 * Back-pressure: pull-based; the store buffers nothing per subscriber beyond the shared ring.
 * Concurrency: one polling thread; close() may come from another thread and is seen within one
 * wait slice.
 */

/** A catch-up-then-live subscription of the embedded store. */
final class EmbeddedSubscription implements Subscription {
    private static final Duration SLICE = Duration.ofMillis(200);

    private final EventStore store;
    private final LiveTail tail;
    private final @Nullable String category;
    private volatile GlobalPosition position;
    private volatile boolean closed;
    private boolean detached;

    EmbeddedSubscription(EventStore store, LiveTail tail, @Nullable String category, GlobalPosition after) {
        this.store = store;
        this.tail = tail;
        this.category = category;
        this.position = after;
    }

    @Override
    public Poll poll(int maxCount, Duration timeout) {
        if (maxCount < 1) {
            throw new IllegalArgumentException("maxCount must be >= 1");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (closed) {
                detach();
                return new Poll.Closed();
            }
            ReadAllResult result = tail.read(position.value(), category, maxCount);
            if (result == null) {
                result = category == null ? store.readAll(position, maxCount) : store.readCategory(category, position, maxCount);
            }
            switch (result) {
                case ReadAllResult.Failed failed -> {
                    return new Poll.Failed(failed.failure());
                }
                case ReadAllResult.Page page -> {
                    List<dev.annals.core.event.RecordedEvent> events = page.events();
                    if (!events.isEmpty()) {
                        position = events.getLast().position();
                    }
                    if (page.isEnd()) {
                        position = GlobalPosition.max(position, page.head());
                    }
                    if (!events.isEmpty()) {
                        return new Poll.Events(events, page.isEnd());
                    }
                    if (!page.isEnd()) {
                        continue;
                    }
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0) {
                        return new Poll.Events(List.of(), true);
                    }
                    store.awaitPositionAfter(position, Duration.ofNanos(Math.min(remaining, SLICE.toNanos())));
                }
            }
        }
    }

    @Override
    public GlobalPosition position() {
        return position;
    }

    @Override
    public void close() {
        closed = true;
        detach();
    }

    private void detach() {
        synchronized (this) {
            if (!detached) {
                detached = true;
                tail.detach();
            }
        }
    }
}
