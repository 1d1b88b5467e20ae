// SPDX-License-Identifier: Apache-2.0
package dev.annals.core.decider;

import dev.annals.core.store.StreamId;
import dev.annals.core.store.StreamVersion;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/*
 * The command handler's memory of streams it loaded or appended to
 * ------------------------------------------------------------------
 * Shape: a direct-mapped table of 2^k slots, indexed by the stream id's hash. A slot holds one
 * stream's state at one version. Two streams whose hashes share a slot evict each other; a lookup
 * compares the whole stream id, so a collision is a miss, never another stream's state.
 *
 * Invariant: a slot's (state, version) is the fold of the stream's events 0..version as the store
 * returned them. It is a starting point, never the answer: the handler always reads the events after
 * the slot's version from the store and folds them on top, so an entry that is behind (another
 * process appended, this process lost a race) costs a short read, never a wrong decision. The store
 * stays the judge of concurrency through the append's expected version.
 *
 * Concurrency: lock-free. put replaces a slot by compare-and-set and never moves one stream's entry
 * backwards: a put of an older version of the same stream than the slot holds is dropped. Readers
 * see either the old or the new entry, both valid starting points.
 *
 * Requirement on the decider: states are immutable values (evolve returns a new state and never
 * changes its argument), because one cached state is shared by every later command on the stream.
 */
final class StateCache<S> {
    record Entry<S>(StreamId stream, S state, StreamVersion version, int eventsSinceSnapshot) {}

    private final AtomicReferenceArray<@Nullable Entry<S>> slots;
    private final int mask;

    StateCache(int streams) {
        if (streams < 1) {
            throw new IllegalArgumentException("a state cache needs at least one slot");
        }
        int size = Integer.highestOneBit(Math.min(streams, 1 << 30));
        if (size < streams) {
            size <<= 1;
        }
        this.slots = new AtomicReferenceArray<>(size);
        this.mask = size - 1;
    }

    @Nullable Entry<S> get(StreamId stream) {
        Entry<S> entry = slots.get(index(stream));
        return entry != null && entry.stream().equals(stream) ? entry : null;
    }

    void put(Entry<S> entry) {
        int index = index(entry.stream());
        while (true) {
            Entry<S> current = slots.get(index);
            if (current != null && current.stream().equals(entry.stream())
                    && current.version().value() >= entry.version().value()) {
                return;
            }
            if (slots.compareAndSet(index, current, entry)) {
                return;
            }
        }
    }

    /** Forgets the stream (the store no longer holds what the entry was folded from). */
    void remove(StreamId stream) {
        int index = index(stream);
        Entry<S> current = slots.get(index);
        if (current != null && current.stream().equals(stream)) {
            slots.compareAndSet(index, current, null);
        }
    }

    int capacity() {
        return slots.length();
    }

    private int index(StreamId stream) {
        int h = stream.hashCode();
        return (h ^ (h >>> 16)) & mask;
    }
}
