// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.embedded.checkpoint;

import dev.annals.store.embedded.StorageIo;
import dev.annals.store.embedded.index.IntList;
import dev.annals.store.embedded.index.LongList;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/*
 * Index checkpoint format
 * -----------------------
 * A chain of delta files in <dir>/index, each named by the log end it covers ("%020d.idx"). A delta
 * covers the events with positions in [from, to): for each, position (long), stream ordinal (int)
 * and event-id fingerprint (int), plus the names of streams first seen in it and the idempotency
 * keys first used in it. Layout (big-endian):
 *
 *   magic long 'ANNALIDX', format int, from long, to long, events int, firstNewOrdinal int,
 *   newStreams int, keys int, then the stream names (short + utf8), positions, ordinals,
 *   fingerprints, keys (int + utf8 key, ordinal int, firstVersion long, lastVersion long,
 *   lastPosition long, int + utf8 request hash or -1), and a CRC32C int of everything before it.
 *
 * Invariants: a delta is written only for published (durable) events, so "to" never points past the
 * durable end of the log; the first delta starts at 0 and each next one where the previous ended.
 * Each delta is written atomically (AtomicFiles). At open the longest valid chain whose ends lie
 * within the recovered log is used; a damaged delta, a gap, or one that reaches past the log end is
 * ignored with everything after it, and the log is scanned from the end of what was kept.
 */

/** Reads and writes the index checkpoint delta files. */
public final class IndexCheckpoint {
    public static final String DIRECTORY = "index";
    private static final long MAGIC = 0x414E4E414C494458L;
    private static final int FORMAT = 1;
    private static final String SUFFIX = ".idx";

    private IndexCheckpoint() {
    }

    /** One idempotency key first used within a delta. */
    public record Key(String key, int ordinal, long firstVersion, long lastVersion, long lastPosition,
                      @Nullable String requestHash) {}

    /** The index entries of the events in [from, to), accumulated by the writer or loaded from a file. */
    public static final class Delta {
        private final long from;
        private long to;
        private final int firstNewOrdinal;
        private final List<String> newStreams = new ArrayList<>();
        private final LongList positions;
        private final IntList ordinals;
        private final IntList fingerprints;
        private final List<Key> keys = new ArrayList<>();
        private @Nullable Path file;

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

        public int events() {
            return positions.size();
        }

        public long position(int i) {
            return positions.get(i);
        }

        public int ordinal(int i) {
            return ordinals.get(i);
        }

        public int fingerprint(int i) {
            return fingerprints.get(i);
        }

        public List<Key> keys() {
            return keys;
        }

        public @Nullable Path file() {
            return file;
        }
    }

    /** Writes a delta atomically. */
    public static void write(StorageIo io, Path storeDirectory, Delta delta) throws IOException {
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
        Path file = directory.resolve(String.format("%020d%s", delta.to, SUFFIX));
        AtomicFiles.write(io, file, buffer);
        delta.file = file;
    }

    /** What {@link #load} found: the valid chain, and the delta files that are not part of it. */
    public record Loaded(List<Delta> chain, List<Path> rejected, @Nullable String firstProblem) {}

    /** Loads the longest valid chain of deltas starting at position 0. */
    public static Loaded load(StorageIo io, Path storeDirectory) throws IOException {
        Path directory = storeDirectory.resolve(DIRECTORY);
        List<Delta> chain = new ArrayList<>();
        List<Path> rejected = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return new Loaded(chain, rejected, null);
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(directory)) {
            files = list.sorted().toList();
        }
        String problem = null;
        long expectedFrom = 0;
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (name.endsWith(AtomicFiles.TEMP_SUFFIX)) {
                rejected.add(file);
                continue;
            }
            if (!name.endsWith(SUFFIX)) {
                continue;
            }
            if (problem != null) {
                rejected.add(file);
                continue;
            }
            Delta delta = parse(AtomicFiles.read(io, file));
            if (delta == null) {
                problem = "index checkpoint " + name + " is damaged";
            } else if (delta.from != expectedFrom) {
                problem = "index checkpoint " + name + " does not continue the chain at " + expectedFrom;
            }
            if (problem != null) {
                rejected.add(file);
                continue;
            }
            delta.file = file;
            chain.add(delta);
            expectedFrom = delta.to;
        }
        return new Loaded(chain, rejected, problem);
    }

    private static @Nullable Delta parse(byte @Nullable [] bytes) {
        if (bytes == null || bytes.length < 48) {
            return null;
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (buffer.getInt(bytes.length - 4) != (int) crc.getValue() || buffer.getLong() != MAGIC
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
            Delta delta = new Delta(from, firstNewOrdinal, events);
            delta.to = to;
            for (int i = 0; i < newStreams; i++) {
                byte[] name = new byte[buffer.getShort() & 0xFFFF];
                buffer.get(name);
                delta.newStreams.add(new String(name, StandardCharsets.UTF_8));
            }
            int positionsAt = buffer.position();
            int ordinalsAt = positionsAt + events * 8;
            int fingerprintsAt = ordinalsAt + events * 4;
            for (int i = 0; i < events; i++) {
                delta.addEvent(buffer.getLong(positionsAt + i * 8), buffer.getInt(ordinalsAt + i * 4),
                        buffer.getInt(fingerprintsAt + i * 4));
            }
            buffer.position(fingerprintsAt + events * 4);
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
                delta.keys.add(new Key(new String(key, StandardCharsets.UTF_8), ordinal, firstVersion, lastVersion,
                        lastPosition, hash));
            }
            return buffer.position() == bytes.length - 4 ? delta : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
