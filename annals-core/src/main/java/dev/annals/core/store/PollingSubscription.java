// SPDX-License-Identifier: Apache-2.0
package dev.annals.core.store;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/*
 * Design
 * ------
 * A subscription is a cursor over finite reads: read a page after the cursor; if it is empty, wait
 * on the store's awaitPositionAfter(head) and read again. Catch-up and live are the same loop, so
 * there is no seam to get wrong: the cursor only ever moves to positions a read returned, and reads
 * return events in position order with no gap below their head (the store contract).
 *
 * For a category, a page that reached the end proves nothing of the category lies between the last
 * event and the page's head, so the cursor may jump to the head and skip re-scanning other streams.
 *
 * Pages: by default from the store's readAll/readCategory. A store with a faster source for recent
 * events (the embedded store's live tail) passes its own Pages; whatever it returns must keep the
 * same contract (durable events, position order, no gap below the page's head), and the loop stays
 * the one above. onClose runs once, on close() or when a poll finds the subscription closed.
 *
 * Concurrency: one polling thread; close() may come from another thread and is seen within one
 * wait slice (at most SLICE).
 */

/** The catch-up-then-live subscription every store can offer: a cursor over finite page reads. */
public final class PollingSubscription implements Subscription {
    private static final Duration SLICE = Duration.ofMillis(200);

    /** Where pages come from: the events after {@code after} (of {@code category}, or all when null). */
    @FunctionalInterface
    public interface Pages {
        ReadAllResult read(GlobalPosition after, @Nullable String category, int maxCount);
    }

    private final EventStore store;
    private final @Nullable String category;
    private final Pages pages;
    private final Runnable onClose;
    private final AtomicBoolean closeHookRan = new AtomicBoolean();
    private volatile GlobalPosition position;
    private volatile boolean closed;

    PollingSubscription(EventStore store, @Nullable String category, GlobalPosition after) {
        this(store, category, after, (from, cat, max) -> cat == null ? store.readAll(from, max)
                : store.readCategory(cat, from, max), () -> { });
    }

    private PollingSubscription(EventStore store, @Nullable String category, GlobalPosition after, Pages pages,
                                Runnable onClose) {
        this.store = store;
        this.category = category;
        this.position = after;
        this.pages = pages;
        this.onClose = onClose;
    }

    /**
     * A subscription over {@code store} (it is waited on with awaitPositionAfter) whose pages come
     * from {@code pages}; {@code onClose} runs once when the subscription closes.
     */
    public static Subscription over(EventStore store, @Nullable String category, GlobalPosition after, Pages pages,
                                    Runnable onClose) {
        return new PollingSubscription(store, category, after, pages, onClose);
    }

    @Override
    public Poll poll(int maxCount, Duration timeout) {
        if (maxCount < 1) {
            throw new IllegalArgumentException("maxCount must be >= 1");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (closed) {
                runCloseHook();
                return new Poll.Closed();
            }
            ReadAllResult result = pages.read(position, category, maxCount);
            switch (result) {
                case ReadAllResult.Failed failed -> {
                    return new Poll.Failed(failed.failure());
                }
                case ReadAllResult.Page page -> {
                    if (!page.events().isEmpty()) {
                        position = page.events().getLast().position();
                    }
                    if (page.isEnd()) {
                        position = GlobalPosition.max(position, page.head());
                    }
                    if (!page.events().isEmpty()) {
                        return new Poll.Events(page.events(), page.isEnd());
                    }
                    if (!page.isEnd()) {
                        continue;  // an empty page that is not the end: read on from the same cursor
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
        runCloseHook();
    }

    private void runCloseHook() {
        if (closeHookRan.compareAndSet(false, true)) {
            onClose.run();
        }
    }
}
