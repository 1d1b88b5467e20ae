// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.embedded.checkpoint;

import dev.annals.store.embedded.StorageIo;
import dev.annals.store.embedded.index.IntList;
import dev.annals.store.embedded.index.LongList;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/*
 * Index checkpoint format
 * -----------------------
 * A chain of files in <dir>/index, each named by the range of the log it covers,
 * "%020d-%020d.idx" (from, to). A file covers the events with positions in [from, to): for each,
 * position (long), stream ordinal (int) and event-id fingerprint (int), plus the names of streams
 * first seen in it and the idempotency keys first used in it. Layout (big-endian):
 *
 *   magic long 'ANNALIDX', format int, from long, to long, events int, firstNewOrdinal int,
 *   newStreams int, keys int, then the stream names (short + utf8), positions, ordinals,
 *   fingerprints, keys (int + utf8 key, ordinal int, firstVersion long, lastVersion long,
 *   lastPosition long, int + utf8 request hash or -1), and a CRC32C int of everything before it.
 *
 * Deltas and full checkpoints. The writer writes a delta (format 1, above) [from, to) every N
 * events, its entries in log order. Compaction (merge) turns a chain [0, a) [a, b) ... [y, to) into
 * one "full" file [0, to) in format 2, laid out by stream so that loading it is bulk copies into
 * exactly sized arrays (no per-event scatter into thousands of stream arrays, which costs a cache
 * miss per event):
 *
 *   magic long, format int (2), from long (0), to long, events int, streams int, categories int,
 *   keys int, sparse int, then the stream names (short + utf8) in ordinal order, the categories
 *   (short + utf8 name, int count), the streams' event counts (int each), the streams' positions
 *   (stream by stream, long each), their fingerprints (int each), the categories' positions
 *   (category by category, long each), the sparse record positions (long each: about every 32nd
 *   record in log order, from which $all reads start scanning), the keys as in format 1, CRC32C.
 *
 * After the merged file is in place (atomically: AtomicFiles) the merged files are deleted. A crash
 * in between leaves both: load prefers, at each step of the chain, the file reaching farthest, and
 * reports the others as unused (open deletes them).
 *
 * Invariants: a file is written only for published (durable) events, so "to" never points past the
 * durable end of the log; each file is written atomically. At open the chain is walked from 0: at
 * each "from" the valid candidate reaching farthest whose end the caller accepts (within the
 * recovered log) is taken, provided it continues the stream table; a damaged file is skipped in
 * favour of another candidate, and where no candidate fits the chain ends and the log is scanned
 * from there.
 *
 * Memory: a loaded file keeps its bytes and answers from them; files of 1 MiB or more are mapped
 * (page cache, no heap copy), smaller ones read onto the heap; dropped once the index is built. A
 * merge maps its input files and builds its output on the heap (about 20 bytes per event) on the
 * compactor thread.
 */

/** Reads and writes the index checkpoint delta files. */
public final class IndexCheckpoint {
    public static final String DIRECTORY = "index";
    private static final long MAGIC = 0x414E4E414C494458L;
    private static final int FORMAT = 1;
    private static final int FORMAT_FULL = 2;
    private static final int FULL_HEADER_BYTES = 8 + 4 + 8 + 8 + 4 * 5;
    /** A merged file notes the position of about every SPARSE_EVERY-th record. */
    private static final int SPARSE_EVERY = 32;
    private static final int MAP_AT_LEAST = 1 << 20;
    private static final String SUFFIX = ".idx";
    private static final int HEADER_BYTES = 8 + 4 + 8 + 8 + 4 * 4;

    private IndexCheckpoint() {
    }

    /** One idempotency key first used within a delta. */
    public record Key(String key, int ordinal, long firstVersion, long lastVersion, long lastPosition,
                      @Nullable String requestHash) {}

    /** One file of the chain: a delta (log order) or a merged full checkpoint (by stream). */
    public sealed interface Part permits Delta, Full {
        long from();

        long to();

        int events();

        /** The ordinal the first stream named in this file gets. */
        int firstNewOrdinal();

        /** Stream names first seen in this file, in ordinal order. */
        List<String> newStreams();

        List<Key> keys();

        @Nullable Path file();

        FileInfo info();
    }

    /**
     * A merged checkpoint [0, to) in format 2, read from its file: per stream its positions and
     * fingerprints, per category its positions, and sparse record positions, all as bulk views.
     */
    public static final class Full implements Part {
        private final ByteBuffer bytes;
        private final long to;
        private final int events;
        private final List<String> names;
        private final List<String> categoryNames;
        private final int[] categoryCounts;
        private final int[] categoryStarts;
        private final int[] counts;
        private final int[] starts;
        private final int positionsAt;
        private final int sparseCount;
        private final int keysAt;
        private final List<Key> keys = new ArrayList<>();
        private @Nullable Path file;

        private Full(ByteBuffer bytes, long to, int events, List<String> names, List<String> categoryNames,
                     int[] categoryCounts, int[] counts, int positionsAt, int sparseCount, int keysAt) {
            this.bytes = bytes;
            this.to = to;
            this.events = events;
            this.names = names;
            this.categoryNames = categoryNames;
            this.categoryCounts = categoryCounts;
            this.counts = counts;
            this.positionsAt = positionsAt;
            this.sparseCount = sparseCount;
            this.keysAt = keysAt;
            this.starts = prefix(counts);
            this.categoryStarts = prefix(categoryCounts);
        }

        private static int[] prefix(int[] counts) {
            int[] starts = new int[counts.length];
            int at = 0;
            for (int i = 0; i < counts.length; i++) {
                starts[i] = at;
                at += counts[i];
            }
            return starts;
        }

        @Override
        public long from() {
            return 0;
        }

        @Override
        public long to() {
            return to;
        }

        @Override
        public int events() {
            return events;
        }

        @Override
        public int firstNewOrdinal() {
            return 0;
        }

        @Override
        public List<String> newStreams() {
            return names;
        }

        @Override
        public List<Key> keys() {
            return keys;
        }

        @Override
        public @Nullable Path file() {
            return file;
        }

        @Override
        public FileInfo info() {
            return new FileInfo(java.util.Objects.requireNonNull(file, "not read from a file"), 0, to, events);
        }

        /** Events of the stream with this ordinal. */
        public int count(int ordinal) {
            return counts[ordinal];
        }

        /** The stream's positions, oldest first. */
        public LongBuffer positions(int ordinal) {
            return bytes.slice(positionsAt + 8 * starts[ordinal], 8 * counts[ordinal]).asLongBuffer();
        }

        /** The stream's event-id fingerprints, oldest first. */
        public IntBuffer fingerprints(int ordinal) {
            return bytes.slice(positionsAt + 8 * events + 4 * starts[ordinal], 4 * counts[ordinal]).asIntBuffer();
        }

        public List<String> categories() {
            return categoryNames;
        }

        /** The positions of the events of the i-th category (of {@link #categories()}), ascending. */
        public LongBuffer categoryPositions(int i) {
            return bytes.slice(positionsAt + 12 * events + 8 * categoryStarts[i], 8 * categoryCounts[i])
                    .asLongBuffer();
        }

        /** Positions of about every 32nd record, ascending: where $all reads may start scanning. */
        public LongBuffer sparse() {
            return bytes.slice(positionsAt + 20 * events, 8 * sparseCount).asLongBuffer();
        }
    }

    /** The index entries of the events in [from, to), accumulated by the writer or loaded from a file. */
    public static final class Delta implements Part {
        private final long from;
        private long to;
        private final int firstNewOrdinal;
        private final List<String> newStreams = new ArrayList<>();
        private final LongList positions;
        private final IntList ordinals;
        private final IntList fingerprints;
        private final List<Key> keys = new ArrayList<>();
        private @Nullable Path file;
        /** For a loaded file: its bytes and where its sections start; null while accumulating. */
        private @Nullable ByteBuffer loaded;
        private int loadedEvents;
        private int positionsAt;
        private int ordinalsAt;
        private int fingerprintsAt;
        private int keysAt;

        public Delta(long from, int firstNewOrdinal, int expectedEvents) {
            this.from = from;
            this.to = from;
            this.firstNewOrdinal = firstNewOrdinal;
            this.positions = new LongList(expectedEvents);
            this.ordinals = new IntList(expectedEvents);
            this.fingerprints = new IntList(expectedEvents);
        }

        public void addStream(String name) {
            newStreams.add(name);
        }

        public void addEvent(long position, int ordinal, int fingerprint) {
            positions.add(position);
            ordinals.add(ordinal);
            fingerprints.add(fingerprint);
        }

        public void addKey(Key key) {
            keys.add(key);
        }

        public void end(long logEnd) {
            this.to = logEnd;
        }

        public long from() {
            return from;
        }

        public long to() {
            return to;
        }

        public int firstNewOrdinal() {
            return firstNewOrdinal;
        }

        public List<String> newStreams() {
            return newStreams;
        }

        @Override
        public int events() {
            return loaded != null ? loadedEvents : positions.size();
        }

        public long position(int i) {
            ByteBuffer bytes = loaded;
            return bytes != null ? bytes.getLong(positionsAt + 8 * i) : positions.get(i);
        }

        public int ordinal(int i) {
            ByteBuffer bytes = loaded;
            return bytes != null ? bytes.getInt(ordinalsAt + 4 * i) : ordinals.get(i);
        }

        public int fingerprint(int i) {
            ByteBuffer bytes = loaded;
            return bytes != null ? bytes.getInt(fingerprintsAt + 4 * i) : fingerprints.get(i);
        }

        /**
         * Copies the entries of events [from, from + count) into the arrays (bulk copies for a loaded
         * file, so that loading does not depend on a per-event accessor being compiled).
         */
        public void copyEvents(int from, int count, long[] positionsOut, int[] ordinalsOut, int[] fingerprintsOut) {
            ByteBuffer bytes = loaded;
            if (bytes == null) {
                for (int i = 0; i < count; i++) {
                    positionsOut[i] = positions.get(from + i);
                    ordinalsOut[i] = ordinals.get(from + i);
                    fingerprintsOut[i] = fingerprints.get(from + i);
                }
                return;
            }
            bytes.slice(positionsAt + 8 * from, 8 * count).asLongBuffer().get(positionsOut, 0, count);
            bytes.slice(ordinalsAt + 4 * from, 4 * count).asIntBuffer().get(ordinalsOut, 0, count);
            bytes.slice(fingerprintsAt + 4 * from, 4 * count).asIntBuffer().get(fingerprintsOut, 0, count);
        }

        /** What is known of this delta's file without its content. */
        public FileInfo info() {
            return new FileInfo(java.util.Objects.requireNonNull(file, "not written"), from, to, events());
        }

        public List<Key> keys() {
            return keys;
        }

        public @Nullable Path file() {
            return file;
        }
    }

    /** A checkpoint file of the chain: the log range [from, to) it covers and how many events that holds. */
    public record FileInfo(Path file, long from, long to, int events) {}

    /** The file name of the checkpoint covering [from, to). */
    public static String fileName(long from, long to) {
        return String.format("%020d-%020d%s", from, to, SUFFIX);
    }

    /** Writes a delta atomically. */
    public static FileInfo write(StorageIo io, Path storeDirectory, Delta delta) throws IOException {
        List<byte[]> names = new ArrayList<>(delta.newStreams.size());
        int size = 8 + 4 + 8 + 8 + 4 * 4;
        for (String name : delta.newStreams) {
            byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
            names.add(bytes);
            size += 2 + bytes.length;
        }
        int events = delta.events();
        size += events * 16;
        List<byte[][]> keyBytes = new ArrayList<>(delta.keys.size());
        for (Key key : delta.keys) {
            byte[] k = key.key().getBytes(StandardCharsets.UTF_8);
            byte[] h = key.requestHash() == null ? null : key.requestHash().getBytes(StandardCharsets.UTF_8);
            keyBytes.add(new byte[][] {k, h});
            size += 4 + k.length + 4 + 24 + 4 + (h == null ? 0 : h.length);
        }
        size += 4;
        ByteBuffer buffer = ByteBuffer.allocate(size);
        buffer.putLong(MAGIC).putInt(FORMAT).putLong(delta.from).putLong(delta.to).putInt(events)
                .putInt(delta.firstNewOrdinal).putInt(names.size()).putInt(delta.keys.size());
        for (byte[] name : names) {
            buffer.putShort((short) name.length).put(name);
        }
        for (int i = 0; i < events; i++) {
            buffer.putLong(delta.positions.get(i));
        }
        for (int i = 0; i < events; i++) {
            buffer.putInt(delta.ordinals.get(i));
        }
        for (int i = 0; i < events; i++) {
            buffer.putInt(delta.fingerprints.get(i));
        }
        for (int i = 0; i < delta.keys.size(); i++) {
            Key key = delta.keys.get(i);
            byte[][] bytes = keyBytes.get(i);
            buffer.putInt(bytes[0].length).put(bytes[0]).putInt(key.ordinal()).putLong(key.firstVersion())
                    .putLong(key.lastVersion()).putLong(key.lastPosition());
            if (bytes[1] == null) {
                buffer.putInt(-1);
            } else {
                buffer.putInt(bytes[1].length).put(bytes[1]);
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), 0, size - 4);
        buffer.putInt((int) crc.getValue());
        buffer.flip();
        Path directory = storeDirectory.resolve(DIRECTORY);
        Files.createDirectories(directory);
        Path file = directory.resolve(fileName(delta.from, delta.to));
        AtomicFiles.write(io, file, buffer);
        delta.file = file;
        return delta.info();
    }

    /** What {@link #load} found: the chain, and the checkpoint files that are not part of it. */
    public record Loaded(List<Part> chain, List<Path> rejected, @Nullable String firstProblem) {}

    private record Candidate(Path file, long from, long to) {}

    /**
     * Loads the chain starting at position 0 that reaches farthest step by step: at each "from" the
     * valid file reaching farthest whose end {@code acceptableEnd} accepts and that continues the
     * stream table. Every other checkpoint file (superseded, damaged, temporary) is in {@code rejected}.
     */
    public static Loaded load(StorageIo io, Path storeDirectory, LongPredicate acceptableEnd) throws IOException {
        Path directory = storeDirectory.resolve(DIRECTORY);
        List<Part> chain = new ArrayList<>();
        List<Path> rejected = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return new Loaded(chain, rejected, null);
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(directory)) {
            files = list.sorted().toList();
        }
        String problem = null;
        List<Candidate> candidates = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (name.endsWith(AtomicFiles.TEMP_SUFFIX)) {
                rejected.add(file);
                continue;
            }
            if (!name.endsWith(SUFFIX)) {
                continue;
            }
            long[] range = readRange(io, file);
            if (range == null) {
                rejected.add(file);
                problem = problem != null ? problem : "index checkpoint " + name + " is damaged";
                continue;
            }
            candidates.add(new Candidate(file, range[0], range[1]));
        }
        candidates.sort(Comparator.comparingLong(Candidate::from).thenComparing(Comparator.comparingLong(Candidate::to)
                .reversed()));
        Set<Path> used = new HashSet<>();
        long expectedFrom = 0;
        int streams = 0;
        boolean extended = true;
        while (extended) {
            extended = false;
            for (Candidate candidate : candidates) {
                if (candidate.from != expectedFrom || candidate.to <= candidate.from || used.contains(candidate.file)) {
                    continue;
                }
                String name = candidate.file.getFileName().toString();
                if (!acceptableEnd.test(candidate.to)) {
                    problem = problem != null ? problem : "index checkpoint " + name + " points past the log end";
                    continue;
                }
                Part part = parseAny(readContent(io, candidate.file), candidate.file);
                if (part == null || part.from() != candidate.from || part.to() != candidate.to) {
                    problem = problem != null ? problem : "index checkpoint " + name + " is damaged";
                    continue;
                }
                if (part.firstNewOrdinal() != streams) {
                    problem = problem != null ? problem : "index checkpoint " + name + " does not match the stream table";
                    continue;
                }
                chain.add(part);
                used.add(candidate.file);
                streams += part.newStreams().size();
                extended = part.to() > expectedFrom;
                expectedFrom = part.to();
                break;
            }
        }
        for (Candidate candidate : candidates) {
            if (!used.contains(candidate.file)) {
                rejected.add(candidate.file);
            }
        }
        return new Loaded(chain, rejected, problem);
    }

    /** The [from, to) range in a checkpoint file's header, or null when the header is not one. */
    private static long @Nullable [] readRange(StorageIo io, Path file) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(28);
        try (FileChannel channel = io.open(file, EnumSet.of(StandardOpenOption.READ))) {
            while (header.hasRemaining()) {
                if (channel.read(header, header.position()) < 0) {
                    return null;
                }
            }
        } catch (NoSuchFileException e) {
            return null;
        }
        if (header.getLong(0) != MAGIC || (header.getInt(8) != FORMAT && header.getInt(8) != FORMAT_FULL)) {
            return null;
        }
        long from = header.getLong(12);
        long to = header.getLong(20);
        return from >= 0 && to >= from ? new long[] {from, to} : null;
    }

    /**
     * Compaction: merges a chain of files [0, a) [a, b) ... [y, to) into one full file [0, to) laid
     * out by stream (format 2), written atomically, then deletes the merged files. Only the files
     * given are read or deleted, so the writer may add later deltas meanwhile. Returns the merged file.
     */
    public static FileInfo merge(StorageIo io, Path storeDirectory, List<FileInfo> files) throws IOException {
        if (files.isEmpty() || files.getFirst().from() != 0) {
            throw new IllegalArgumentException("a merge starts at position 0: " + files);
        }
        List<Part> parts = new ArrayList<>(files.size());
        long expectedFrom = 0;
        long events = 0;
        int keys = 0;
        long keyBytes = 0;
        List<String> names = new ArrayList<>();
        for (FileInfo info : files) {
            Part part = parseAny(readContent(io, info.file()), info.file());
            if (part == null || part.from() != expectedFrom || part.to() != info.to()
                    || part.firstNewOrdinal() != names.size()) {
                throw new IOException("index checkpoint " + info.file() + " cannot be merged: damaged or out of chain");
            }
            parts.add(part);
            expectedFrom = part.to();
            events += part.events();
            names.addAll(part.newStreams());
            keys += part.keys().size();
            keyBytes += keySection(part).remaining();
        }
        int streams = names.size();
        // Streams' categories, in order of first appearance.
        java.util.LinkedHashMap<String, Integer> categoryIndex = new java.util.LinkedHashMap<>();
        int[] categoryOf = new int[streams];
        for (int s = 0; s < streams; s++) {
            categoryOf[s] = categoryIndex.computeIfAbsent(categoryName(names.get(s)), c -> categoryIndex.size());
        }
        int categories = categoryIndex.size();
        int[] counts = new int[streams];
        for (Part part : parts) {
            switch (part) {
                case Full full -> {
                    for (int s = 0; s < full.newStreams().size(); s++) {
                        counts[s] += full.count(s);
                    }
                }
                case Delta delta -> {
                    for (int i = 0; i < delta.events(); i++) {
                        counts[delta.ordinal(i)]++;
                    }
                }
            }
        }
        int[] categoryCounts = new int[categories];
        for (int s = 0; s < streams; s++) {
            categoryCounts[categoryOf[s]] += counts[s];
        }
        long sparseMax = 0;
        for (Part part : parts) {
            sparseMax += part instanceof Full full ? full.sparseCount : (part.events() + SPARSE_EVERY - 1) / SPARSE_EVERY;
        }
        long size = FULL_HEADER_BYTES + 4L * streams + 20L * events + 8L * sparseMax + keyBytes + 4;
        List<byte[]> nameBytes = new ArrayList<>(streams);
        for (String name : names) {
            byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
            nameBytes.add(bytes);
            size += 2 + bytes.length;
        }
        List<byte[]> categoryBytes = new ArrayList<>(categories);
        for (String category : categoryIndex.keySet()) {
            byte[] bytes = category.getBytes(StandardCharsets.UTF_8);
            categoryBytes.add(bytes);
            size += 2 + bytes.length + 4;
        }
        if (size > Integer.MAX_VALUE - 16) {
            throw new IOException("merged index checkpoint would exceed 2 GiB");
        }
        int total = (int) events;
        ByteBuffer out = ByteBuffer.allocate((int) size);
        out.putLong(MAGIC).putInt(FORMAT_FULL).putLong(0).putLong(expectedFrom).putInt(total).putInt(streams)
                .putInt(categories).putInt(keys).putInt(0);
        for (byte[] bytes : nameBytes) {
            out.putShort((short) bytes.length).put(bytes);
        }
        for (int c = 0; c < categories; c++) {
            out.putShort((short) categoryBytes.get(c).length).put(categoryBytes.get(c)).putInt(categoryCounts[c]);
        }
        for (int count : counts) {
            out.putInt(count);
        }
        int positionsAt = out.position();
        int fingerprintsAt = positionsAt + 8 * total;
        int categoryAt = positionsAt + 12 * total;
        int sparseAt = positionsAt + 20 * total;
        int[] cursor = Full.prefix(counts);
        int[] categoryCursor = Full.prefix(categoryCounts);
        int sparse = 0;
        for (Part part : parts) {
            switch (part) {
                case Full full -> {
                    for (int s = 0; s < full.newStreams().size(); s++) {
                        int n = full.count(s);
                        copyLongs(full.positions(s), out, positionsAt + 8 * cursor[s], n);
                        copyInts(full.fingerprints(s), out, fingerprintsAt + 4 * cursor[s], n);
                        cursor[s] += n;
                    }
                    for (int c = 0; c < full.categories().size(); c++) {
                        int target = categoryIndex.get(full.categories().get(c));
                        LongBuffer run = full.categoryPositions(c);
                        int n = run.remaining();
                        copyLongs(run, out, categoryAt + 8 * categoryCursor[target], n);
                        categoryCursor[target] += n;
                    }
                    LongBuffer run = full.sparse();
                    int n = run.remaining();
                    copyLongs(run, out, sparseAt + 8 * sparse, n);
                    sparse += n;
                }
                case Delta delta -> {
                    for (int i = 0; i < delta.events(); i++) {
                        int s = delta.ordinal(i);
                        long position = delta.position(i);
                        out.putLong(positionsAt + 8 * cursor[s], position);
                        out.putInt(fingerprintsAt + 4 * cursor[s], delta.fingerprint(i));
                        cursor[s]++;
                        int c = categoryOf[s];
                        out.putLong(categoryAt + 8 * categoryCursor[c], position);
                        categoryCursor[c]++;
                        if (i % SPARSE_EVERY == 0) {
                            out.putLong(sparseAt + 8 * sparse++, position);
                        }
                    }
                }
            }
        }
        out.putInt(FULL_HEADER_BYTES - 4, sparse);
        out.position(sparseAt + 8 * sparse);
        for (Part part : parts) {
            out.put(keySection(part));
        }
        int end = out.position();
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, end);
        out.putInt((int) crc.getValue());
        out.flip();
        Path file = storeDirectory.resolve(DIRECTORY).resolve(fileName(0, expectedFrom));
        AtomicFiles.write(io, file, out);
        parts.clear();
        // The merged file is in place and supersedes the others: failing to delete one only leaves
        // it for the next open to delete (load reports it as not on the chain).
        try {
            for (FileInfo info : files) {
                if (!info.file().equals(file)) {
                    io.delete(info.file());
                }
            }
            io.syncDirectory(file.getParent());
        } catch (IOException e) {
            // see above
        }
        return new FileInfo(file, 0, expectedFrom, total);
    }

    private static void copyLongs(LongBuffer from, ByteBuffer to, int at, int count) {
        to.slice(at, 8 * count).asLongBuffer().put(from);
    }

    private static void copyInts(IntBuffer from, ByteBuffer to, int at, int count) {
        to.slice(at, 4 * count).asIntBuffer().put(from);
    }

    /** The category of a stream name: the part before the first '-' (as StreamId.category()). */
    private static String categoryName(String stream) {
        int dash = stream.indexOf('-');
        return dash < 0 ? stream : stream.substring(0, dash);
    }

    /** The raw bytes of a part's idempotency key section (same encoding in both formats). */
    private static ByteBuffer keySection(Part part) {
        return switch (part) {
            case Full full -> full.bytes.slice(full.keysAt, full.bytes.limit() - 4 - full.keysAt);
            case Delta delta -> delta.loaded.slice(delta.keysAt, delta.loaded.limit() - 4 - delta.keysAt);
        };
    }

    /**
     * A checkpoint file's content: mapped when large (no heap copy; the pages are the page cache's),
     * read onto the heap when small; null when the file is gone.
     */
    private static @Nullable ByteBuffer readContent(StorageIo io, Path file) throws IOException {
        try (FileChannel channel = io.open(file, EnumSet.of(StandardOpenOption.READ))) {
            long size = channel.size();
            if (size > Integer.MAX_VALUE - 16) {
                throw new IOException("file too large: " + file);
            }
            if (size >= MAP_AT_LEAST) {
                return channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) size);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, buffer.position()) < 0) {
                    break;
                }
            }
            return buffer.flip();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static @Nullable Part parseAny(@Nullable ByteBuffer bytes, Path file) {
        if (bytes == null || bytes.limit() < 48) {
            return null;
        }
        int format = bytes.getInt(8);
        if (format == FORMAT_FULL) {
            Full full = parseFull(bytes);
            if (full != null) {
                full.file = file;
            }
            return full;
        }
        Delta delta = parse(bytes);
        if (delta != null) {
            delta.file = file;
        }
        return delta;
    }

    private static @Nullable Full parseFull(ByteBuffer buffer) {
        int length = buffer.limit();
        CRC32C crc = new CRC32C();
        crc.update(buffer.slice(0, length - 4));
        if (buffer.getInt(length - 4) != (int) crc.getValue() || buffer.getLong() != MAGIC
                || buffer.getInt() != FORMAT_FULL) {
            return null;
        }
        try {
            long from = buffer.getLong();
            long to = buffer.getLong();
            int events = buffer.getInt();
            int streams = buffer.getInt();
            int categories = buffer.getInt();
            int keys = buffer.getInt();
            int sparse = buffer.getInt();
            if (from != 0 || to < 0 || events < 0 || streams < 0 || categories < 0 || keys < 0 || sparse < 0) {
                return null;
            }
            List<String> names = new ArrayList<>(streams);
            for (int i = 0; i < streams; i++) {
                names.add(readShortString(buffer));
            }
            List<String> categoryNames = new ArrayList<>(categories);
            int[] categoryCounts = new int[categories];
            long categoryTotal = 0;
            for (int i = 0; i < categories; i++) {
                categoryNames.add(readShortString(buffer));
                categoryCounts[i] = buffer.getInt();
                categoryTotal += categoryCounts[i];
            }
            int[] counts = new int[streams];
            long total = 0;
            for (int i = 0; i < streams; i++) {
                counts[i] = buffer.getInt();
                total += counts[i];
            }
            if (total != events || categoryTotal != events) {
                return null;
            }
            int positionsAt = buffer.position();
            long keysAt = positionsAt + 20L * events + 8L * sparse;
            if (keysAt > length - 4) {
                return null;
            }
            Full full = new Full(buffer, to, events, names, categoryNames, categoryCounts, counts, positionsAt, sparse,
                    (int) keysAt);
            buffer.position((int) keysAt);
            readKeys(buffer, keys, full.keys);
            return buffer.position() == length - 4 ? full : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String readShortString(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.getShort() & 0xFFFF];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void readKeys(ByteBuffer buffer, int keys, List<Key> into) {
        for (int i = 0; i < keys; i++) {
            byte[] key = new byte[buffer.getInt()];
            buffer.get(key);
            int ordinal = buffer.getInt();
            long firstVersion = buffer.getLong();
            long lastVersion = buffer.getLong();
            long lastPosition = buffer.getLong();
            int hashLength = buffer.getInt();
            String hash = null;
            if (hashLength >= 0) {
                byte[] h = new byte[hashLength];
                buffer.get(h);
                hash = new String(h, StandardCharsets.UTF_8);
            }
            into.add(new Key(new String(key, StandardCharsets.UTF_8), ordinal, firstVersion, lastVersion,
                    lastPosition, hash));
        }
    }

    private static @Nullable Delta parse(ByteBuffer buffer) {
        int length = buffer.limit();
        if (length < 48) {
            return null;
        }
        CRC32C crc = new CRC32C();
        crc.update(buffer.slice(0, length - 4));
        if (buffer.getInt(length - 4) != (int) crc.getValue() || buffer.getLong() != MAGIC
                || buffer.getInt() != FORMAT) {
            return null;
        }
        try {
            long from = buffer.getLong();
            long to = buffer.getLong();
            int events = buffer.getInt();
            int firstNewOrdinal = buffer.getInt();
            int newStreams = buffer.getInt();
            int keys = buffer.getInt();
            if (events < 0 || newStreams < 0 || keys < 0 || to < from) {
                return null;
            }
            Delta delta = new Delta(from, firstNewOrdinal, 0);
            delta.to = to;
            for (int i = 0; i < newStreams; i++) {
                byte[] name = new byte[buffer.getShort() & 0xFFFF];
                buffer.get(name);
                delta.newStreams.add(new String(name, StandardCharsets.UTF_8));
            }
            int positionsAt = buffer.position();
            long keysAt = positionsAt + events * 16L;
            if (keysAt > length - 4) {
                return null;
            }
            delta.loaded = buffer;
            delta.loadedEvents = events;
            delta.positionsAt = positionsAt;
            delta.ordinalsAt = positionsAt + events * 8;
            delta.fingerprintsAt = delta.ordinalsAt + events * 4;
            delta.keysAt = (int) keysAt;
            buffer.position((int) keysAt);
            readKeys(buffer, keys, delta.keys);
            return buffer.position() == length - 4 ? delta : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
