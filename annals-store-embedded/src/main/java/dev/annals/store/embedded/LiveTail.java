// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.embedded;

import dev.annals.core.event.RecordedEvent;
import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.ReadAllResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/*
 * Design
 * ------
 * The newest durable events, pushed by the writer after each fsync, for live subscriptions: a ring
 * of RecordedEvents (the appenders' own EventData, nothing decoded) in position order. It is kept
 * only while at least one subscription is attached. "coveredAfter" is the position after which the
 * ring holds every durable event it has been given: the head at the first attach, then the position
 * of the last event overwritten. A read after a position older than that answers null and the
 * subscription reads the log instead (catch-up, or a subscriber that fell behind by more than the
 * ring: back-pressure costs it disk reads, never the writer a wait).
 *
 * The writer adds a group after publishing it as durable, so the ring never holds an event readers
 * may not see; it may lag the durable head by the group being added, which a reader sees as "no
 * events yet" and simply waits for again. Events at or before coveredAfter that land in the ring
 * (an attach racing a publish) are skipped by the position filter.
 *
 * Concurrency: one monitor; the writer holds it to copy a group in, readers to copy a page out.
 */

/** A ring of the newest durable events for live subscriptions. */
final class LiveTail {
    private final RecordedEvent[] ring;
    private final String[] categories;
    private long added;
    private long coveredAfter = -1;
    private int attached;
    private volatile boolean active;

    LiveTail(int capacity) {
        this.ring = new RecordedEvent[capacity];
        this.categories = new String[capacity];
    }

    boolean isActive() {
        return active;
    }

    synchronized void attach(long durableHead) {
        if (attached++ == 0) {
            added = 0;
            coveredAfter = durableHead;
            active = true;
        }
    }

    synchronized void detach() {
        if (--attached == 0) {
            active = false;
            coveredAfter = -1;
            added = 0;
            Arrays.fill(ring, null);
            Arrays.fill(categories, null);
        }
    }

    /** Adds published events, in position order (writer thread). */
    synchronized void add(List<RecordedEvent> events, List<String> eventCategories) {
        if (attached == 0) {
            return;
        }
        for (int i = 0; i < events.size(); i++) {
            int slot = (int) (added % ring.length);
            RecordedEvent evicted = ring[slot];
            if (evicted != null) {
                coveredAfter = Math.max(coveredAfter, evicted.position().value());
            }
            ring[slot] = events.get(i);
            categories[slot] = eventCategories.get(i);
            added++;
        }
    }

    /**
     * Events after {@code after} (of one category, or all), at most {@code maxCount}, as a page whose
     * head is the newest event the ring holds; null when the ring does not cover {@code after}.
     */
    synchronized ReadAllResult.@Nullable Page read(long after, @Nullable String category, int maxCount) {
        if (attached == 0 || after < coveredAfter) {
            return null;
        }
        long held = Math.min(added, ring.length);
        long first = added - held;
        long newest = held == 0 ? coveredAfter : ring[(int) ((added - 1) % ring.length)].position().value();
        long low = first;
        long high = added;
        while (low < high) {
            long mid = (low + high) >>> 1;
            if (ring[(int) (mid % ring.length)].position().value() > after) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        List<RecordedEvent> events = new ArrayList<>(Math.min(maxCount, (int) Math.max(0, added - low)));
        long at = low;
        for (; at < added && events.size() < maxCount; at++) {
            int slot = (int) (at % ring.length);
            if (category == null || category.equals(categories[slot])) {
                events.add(ring[slot]);
            }
        }
        boolean isEnd = at == added;
        return new ReadAllResult.Page(events, GlobalPosition.of(Math.max(newest, Math.max(after, 0))), isEnd);
    }
}
