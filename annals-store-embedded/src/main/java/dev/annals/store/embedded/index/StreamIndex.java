// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.embedded.index;

import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.IdempotencyLookup;
import dev.annals.core.store.StreamId;
import dev.annals.core.store.StreamVersion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/*
 * Design
 * ------
 * Per stream: the global positions of its events (index = version) and a 32-bit fingerprint of
 * each event id; per category: the positions of its events. All primitive arrays, so the index
 * costs about 20 bytes per event (8 stream position + 4 fingerprint + 8 category position) plus a
 * fixed amount per stream, and no object per event. Arrays grow by half when full (so up to a third
 * slack while appending); an index loaded from a checkpoint is sized exactly (reserve). Streams get ordinals in order of first
 * appearance in the log; the index checkpoint refers to streams by ordinal.
 *
 * Concurrency: not thread-safe. The store mutates it only on its writer thread (or during open)
 * under its write lock; readers look up under the read lock and copy what they need.
 */

/** Stream and category positions, event-id fingerprints and idempotency keys, in memory. */
public final class StreamIndex {
    private final Map<String, Stream> streams = new HashMap<>();
    private final List<Stream> byOrdinal = new ArrayList<>();
    private final Map<String, LongList> categories = new HashMap<>();
    private final Map<String, IdempotencyLookup.Found> idempotencyKeys = new HashMap<>();
    private long events;

    /** One stream's events: positions by version and event-id fingerprints by version. */
    public static final class Stream {
        private final StreamId id;
        private final int ordinal;
        private final LongList positions = new LongList(2);
        private final IntList fingerprints = new IntList(2);
        private final LongList category;

        private Stream(StreamId id, int ordinal, LongList category) {
            this.id = id;
            this.ordinal = ordinal;
            this.category = category;
        }

        public StreamId id() {
            return id;
        }

        public int ordinal() {
            return ordinal;
        }

        /** Number of events; the last version is {@code count() - 1}. */
        public int count() {
            return positions.size();
        }

        public long position(long version) {
            return positions.get((int) version);
        }

        public int fingerprint(long version) {
            return fingerprints.get((int) version);
        }

        public long[] positions(int fromVersion, int count) {
            return positions.copy(fromVersion, count);
        }

        /** How many of the stream's events have a position at or before {@code head} (they are a prefix). */
        public int countAtOrBefore(long head) {
            return positions.firstAfter(head);
        }
    }

    public @Nullable Stream stream(String name) {
        return streams.get(name);
    }

    public @Nullable Stream stream(int ordinal) {
        return ordinal >= 0 && ordinal < byOrdinal.size() ? byOrdinal.get(ordinal) : null;
    }

    public Stream getOrCreate(StreamId id) {
        Stream stream = streams.get(id.value());
        if (stream == null) {
            LongList category = categories.computeIfAbsent(id.category(), c -> new LongList(4));
            stream = new Stream(id, byOrdinal.size(), category);
            streams.put(id.value(), stream);
            byOrdinal.add(stream);
        }
        return stream;
    }

    /**
     * Sizes the arrays of each stream (by ordinal) and of each category for {@code counts[ordinal]}
     * more events, so that loading that many adds them without growing or over-allocating.
     */
    public void reserve(int[] counts) {
        Map<LongList, Long> categoryCounts = new java.util.IdentityHashMap<>();
        for (int ordinal = 0; ordinal < counts.length && ordinal < byOrdinal.size(); ordinal++) {
            if (counts[ordinal] == 0) {
                continue;
            }
            Stream stream = byOrdinal.get(ordinal);
            stream.positions.ensureCapacity(stream.positions.size() + counts[ordinal]);
            stream.fingerprints.ensureCapacity(stream.fingerprints.size() + counts[ordinal]);
            categoryCounts.merge(stream.category, (long) counts[ordinal], Long::sum);
        }
        for (Map.Entry<LongList, Long> entry : categoryCounts.entrySet()) {
            LongList category = entry.getKey();
            category.ensureCapacity((int) Math.min(Integer.MAX_VALUE - 16, category.size() + entry.getValue()));
        }
    }

    /** Records the next event of {@code stream}; positions must arrive in increasing order. */
    public void add(Stream stream, long position, int fingerprint) {
        stream.positions.add(position);
        stream.fingerprints.add(fingerprint);
        stream.category.add(position);
        events++;
    }

    /**
     * Appends a run of a stream's events (positions and fingerprints, oldest first) without adding
     * them to its category, which the caller fills with {@link #addCategoryRun}.
     */
    public void addStreamRun(Stream stream, java.nio.LongBuffer positions, java.nio.IntBuffer fingerprints) {
        if (positions.remaining() != fingerprints.remaining()) {
            throw new IllegalArgumentException("positions and fingerprints differ in length");
        }
        events += positions.remaining();
        stream.positions.addAll(positions);
        stream.fingerprints.addAll(fingerprints);
    }

    /** Appends positions (ascending, after those it holds) to a category. */
    public void addCategoryRun(String category, java.nio.LongBuffer positions) {
        categories.computeIfAbsent(category, c -> new LongList(positions.remaining())).addAll(positions);
    }

    /** The first append that used a key owns it. */
    public void addIdempotencyKey(String key, Stream stream, long firstVersion, long lastVersion, long lastPosition,
                                  @Nullable String requestHash) {
        idempotencyKeys.putIfAbsent(key, new IdempotencyLookup.Found(stream.id(), StreamVersion.of(firstVersion),
                StreamVersion.of(lastVersion), GlobalPosition.of(lastPosition), requestHash));
    }

    public IdempotencyLookup findIdempotencyKey(String key) {
        IdempotencyLookup.Found found = idempotencyKeys.get(key);
        return found != null ? found : new IdempotencyLookup.NotFound();
    }

    public @Nullable LongList category(String category) {
        return categories.get(category);
    }

    public long events() {
        return events;
    }

    public int streamCount() {
        return byOrdinal.size();
    }

    /** Approximate heap bytes held by the per-event arrays. */
    public long arrayBytes() {
        long bytes = 0;
        for (Stream stream : byOrdinal) {
            bytes += stream.positions.capacityBytes() + stream.fingerprints.capacityBytes();
        }
        for (LongList category : categories.values()) {
            bytes += category.capacityBytes();
        }
        return bytes;
    }
}
