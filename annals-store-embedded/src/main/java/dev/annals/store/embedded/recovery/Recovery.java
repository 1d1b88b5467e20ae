// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.embedded.recovery;

import dev.annals.core.store.IdempotencyLookup;
import dev.annals.core.store.StreamId;
import dev.annals.store.embedded.DamageReport;
import dev.annals.store.embedded.RecoveryReport.Truncation;
import dev.annals.store.embedded.StorageIo;
import dev.annals.store.embedded.checkpoint.IndexCheckpoint;
import dev.annals.store.embedded.index.StreamIndex;
import dev.annals.store.embedded.log.RecordFormat;
import dev.annals.store.embedded.log.Segment;
import dev.annals.store.embedded.log.SegmentScanner;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/*
 * Recovery
 * --------
 * 1. Segments are listed by base. Each must continue where the previous one ended. Every segment but
 *    the last must carry a valid footer whose data CRC matches its records (sealed segments are
 *    verified in full at every open, so damage in old data is found before anything is served).
 * 2. The last segment, if unsealed, is scanned from its first record. The scan trusts checksums,
 *    not the file length: it stops at the first record that does not check (or at a batch whose
 *    commit marker, batchRemaining == 0, is missing). What follows is a torn tail only if no later
 *    valid record claims, through its durableBefore field, that those bytes had been durable when it
 *    was written. A claim proves the bytes were acknowledged: that is damage, never truncated.
 * 3. Damage: with REFUSE nothing is changed and open fails; with READ_ONLY the log is cut at the last
 *    complete batch before the damage and the store serves what lies before it.
 * 4. A torn tail is truncated and forced, and reported (segment, offset, bytes).
 * 5. The index is loaded from the longest valid index checkpoint chain that ends within the log, then
 *    completed by scanning the records after it. Stream versions must be contiguous; a gap is damage.
 *
 * Failure modes: an IOException aborts recovery (the caller closes what it opened and reports
 * UNAVAILABLE). Recovery in read-only mode never writes or deletes a file.
 */

/** Verifies, repairs (torn tail only) and indexes the log of a store directory. */
public final class Recovery {
    private static final int WINDOW = 1 << 20;

    private final StorageIo io;
    private final Path directory;
    private final long configuredSegmentBytes;
    private final boolean readOnlyOnDamage;
    private final List<Truncation> truncations = new ArrayList<>();
    private final List<Segment> segments = new ArrayList<>();
    private final StreamIndex index = new StreamIndex();
    private @Nullable DamageReport damage;
    private long eventsScanned;
    private boolean usedCheckpoint;
    private long checkpointEnd;
    private long lastPosition;
    private @Nullable String checkpointProblem;
    private IndexCheckpoint.Delta pending = new IndexCheckpoint.Delta(0, 0, 16);

    private Recovery(StorageIo io, Path directory, long segmentBytes, boolean readOnlyOnDamage) {
        this.io = io;
        this.directory = directory;
        this.configuredSegmentBytes = segmentBytes;
        this.readOnlyOnDamage = readOnlyOnDamage;
    }

    /** What recovery produced. Segments are open; the caller owns them. */
    public sealed interface Outcome {
        /**
         * The log is usable. {@code damage} is set when it was cut at damage (read-only); {@code
         * checkpointEnd} is where the kept index checkpoint chain ends.
         */
        record Recovered(List<Segment> segments, StreamIndex index, long lastPosition, List<Truncation> truncations,
                         long eventsScanned, boolean usedCheckpoint, long checkpointEnd, @Nullable DamageReport damage,
                         @Nullable String checkpointProblem, IndexCheckpoint.Delta pending) implements Outcome {}

        record Damaged(DamageReport damage) implements Outcome {}
    }

    public static Outcome run(StorageIo io, Path directory, long segmentBytes, boolean readOnlyOnDamage)
            throws IOException {
        Recovery recovery = new Recovery(io, directory, segmentBytes, readOnlyOnDamage);
        try {
            return recovery.recover();
        } catch (IOException | RuntimeException e) {
            for (Segment segment : recovery.segments) {
                segment.closeQuietly();
            }
            throw e;
        }
    }

    private Outcome recover() throws IOException {
        List<Path> files;
        try (var list = Files.list(directory)) {
            files = list.filter(p -> Segment.parseBase(p.getFileName().toString()) >= 0).sorted().toList();
        }
        for (int i = 0; i < files.size() && damage == null; i++) {
            Path file = files.get(i);
            boolean last = i == files.size() - 1;
            long base = Segment.parseBase(file.getFileName().toString());
            Segment segment = Segment.open(io, file, base, configuredSegmentBytes, last);
            long expectedBase = segments.isEmpty() ? 0 : segments.getLast().base() + segments.getLast().capacity();
            if (base != expectedBase) {
                segment.closeQuietly();
                if (!damaged(new DamageReport(file, 0, "segment does not start where the previous one ended ("
                        + expectedBase + ")"))) {
                    return new Outcome.Damaged(damage);
                }
                break;
            }
            long capacity = segment.readHeader();
            if (capacity < 0) {
                if (!last) {
                    segment.closeQuietly();
                    if (!damaged(new DamageReport(file, 0, "segment header is damaged"))) {
                        return new Outcome.Damaged(damage);
                    }
                    break;
                }
                if (!recoverHeaderlessLast(segment)) {
                    return new Outcome.Damaged(damage);
                }
                continue;
            }
            segment = segment.withCapacity(capacity);
            segments.add(segment);
            Segment.Footer footer = segment.readFooter();
            if (footer != null) {
                if (!verifySealed(segment, footer)) {
                    return new Outcome.Damaged(damage);
                }
            } else if (!last) {
                if (!damaged(new DamageReport(file, capacity - Segment.FOOTER,
                        "segment has a successor but no valid footer"))) {
                    return new Outcome.Damaged(damage);
                }
                cutAt(segment, Segment.HEADER);
            } else if (!recoverTail(segment)) {
                return new Outcome.Damaged(damage);
            }
        }
        if (damage != null) {
            while (segments.size() > 1 && segments.getLast().dataEnd() == Segment.HEADER
                    && segments.getLast().path().equals(damage.segment())) {
                segments.removeLast().closeQuietly();
            }
        }
        if (!buildIndex()) {
            return new Outcome.Damaged(damage);
        }
        return new Outcome.Recovered(List.copyOf(segments), index, lastPosition, truncations, eventsScanned,
                usedCheckpoint, checkpointEnd, damage, checkpointProblem, pending);
    }

    /** Records damage; returns whether recovery may go on (read-only policy). */
    private boolean damaged(DamageReport report) {
        if (damage == null) {
            damage = report;
        }
        if (!readOnlyOnDamage) {
            for (Segment segment : segments) {
                segment.closeQuietly();
            }
            segments.clear();
        }
        return readOnlyOnDamage;
    }

    private boolean verifySealed(Segment segment, Segment.Footer footer) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer buffer = ByteBuffer.allocate(WINDOW);
        long at = Segment.HEADER;
        while (at < footer.dataEnd()) {
            buffer.clear().limit((int) Math.min(WINDOW, footer.dataEnd() - at));
            int n = segment.read(buffer, at);
            if (n < buffer.limit()) {
                break;
            }
            crc.update(buffer.array(), 0, n);
            at += n;
        }
        if (at == footer.dataEnd() && (int) crc.getValue() == footer.dataCrc()) {
            segment.dataEnd(footer.dataEnd());
            segment.markSealed();
            return true;
        }
        Scan scan = scan(segment, footer.dataEnd());
        long offset = scan.stop < footer.dataEnd() ? scan.stop : Segment.HEADER;
        if (!damaged(new DamageReport(segment.path(), offset, "sealed segment fails its checksum"))) {
            return false;
        }
        cutAt(segment, scan.lastBatchEnd);
        return true;
    }

    private void cutAt(Segment segment, long offset) {
        segment.dataEnd(offset);
        segment.markSealed();
    }

    /** The last segment's header does not check: it is an unacknowledged new segment unless a record claims otherwise. */
    private boolean recoverHeaderlessLast(Segment segment) throws IOException {
        long size = segment.fileSize();
        long claim = findClaim(segment, 0, size);
        if (claim >= 0) {
            segment.closeQuietly();
            return damaged(new DamageReport(segment.path(), 0, "segment header is damaged but record at offset "
                    + claim + " was acknowledged"));
        }
        if (readOnlyOnDamage && damage != null) {
            segment.closeQuietly();
            return true;
        }
        segment.close();
        io.delete(segment.path());
        io.syncDirectory(directory);
        truncations.add(new Truncation(segment.path(), 0, size, "new segment whose header was never made durable"));
        return true;
    }

    /** Scans the unsealed last segment and truncates a torn, unacknowledged tail. */
    private boolean recoverTail(Segment segment) throws IOException {
        long size = segment.fileSize();
        Scan scan = scan(segment, size);
        if (scan.lastBatchEnd == size) {
            segment.dataEnd(size);
            accountData(segment, scan.records);
            return true;
        }
        long tail = scan.lastBatchEnd;
        long claim = findClaim(segment, tail, size);
        if (claim >= 0) {
            if (!damaged(new DamageReport(segment.path(), scan.stop, "record fails its checksum, but the record at "
                    + "offset " + claim + " shows it had been acknowledged"))) {
                return false;
            }
            cutAt(segment, tail);
            return true;
        }
        String reason = scan.stop < size
                ? (scan.stop == tail ? "torn record at the end of the log" : "incomplete batch at the end of the log")
                : "incomplete batch at the end of the log";
        segment.truncate(tail);
        segment.force();
        truncations.add(new Truncation(segment.path(), tail, size - tail, reason));
        segment.dataEnd(tail);
        accountData(segment, scan.records);
        return true;
    }

    /** Feeds the data CRC and record count of the active segment, which its footer will need. */
    private void accountData(Segment segment, int records) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(WINDOW);
        long at = Segment.HEADER;
        long end = segment.dataEnd();
        boolean first = true;
        while (at < end) {
            buffer.clear().limit((int) Math.min(WINDOW, end - at));
            int n = segment.read(buffer, at);
            if (n <= 0) {
                throw new IOException("segment " + segment + " shrank during recovery");
            }
            segment.addRecords(first ? records : 0, buffer.array(), 0, n);
            first = false;
            at += n;
        }
    }

    private record Scan(long lastBatchEnd, long stop, int records) {}

    /** Walks valid records from the first; {@code lastBatchEnd} is the end of the last complete batch. */
    private static Scan scan(Segment segment, long limit) throws IOException {
        SegmentScanner scanner = new SegmentScanner(segment, WINDOW);
        long offset = Segment.HEADER;
        long lastBatchEnd = offset;
        int expectedRemaining = -1;
        int records = 0;
        int complete = 0;
        while (true) {
            int length = scanner.recordAt(offset, limit);
            if (length <= 0) {
                break;
            }
            int remaining = RecordFormat.batchRemaining(scanner.buffer(), scanner.bufferOffset(offset));
            if (remaining < 0 || (expectedRemaining >= 0 && remaining != expectedRemaining)) {
                break;
            }
            offset += length;
            records++;
            if (remaining == 0) {
                lastBatchEnd = offset;
                complete = records;
                expectedRemaining = -1;
            } else {
                expectedRemaining = remaining - 1;
            }
        }
        return new Scan(lastBatchEnd, offset, complete);
    }

    /**
     * Looks after {@code from} for a valid record that says the log was durable beyond {@code from};
     * returns its offset, or -1.
     */
    private static long findClaim(Segment segment, long from, long size) throws IOException {
        SegmentScanner scanner = new SegmentScanner(segment, WINDOW);
        ByteBuffer window = ByteBuffer.allocate(WINDOW);
        long at = Math.max(from + 1, Segment.HEADER);
        while (at + 4 <= size) {
            window.clear().limit((int) Math.min(WINDOW, size - at));
            int n = segment.read(window, at);
            for (int i = 0; i + 4 <= n; i++) {
                if (window.getInt(i) != RecordFormat.MAGIC) {
                    continue;
                }
                long offset = at + i;
                int length = scanner.recordAt(offset, size);
                if (length > 0 && RecordFormat.durableBefore(scanner.buffer(), scanner.bufferOffset(offset))
                        > segment.base() + from) {
                    return offset;
                }
            }
            if (n < 4) {
                break;
            }
            at += n - 3;
        }
        return -1;
    }

    private boolean buildIndex() throws IOException {
        long logEnd = segments.isEmpty() ? 0 : segments.getLast().base() + segments.getLast().dataEnd();
        IndexCheckpoint.Loaded loaded = IndexCheckpoint.load(io, directory);
        checkpointProblem = loaded.firstProblem();
        List<Path> unused = new ArrayList<>(loaded.rejected());
        int segmentAt = 0;
        boolean rejecting = false;
        for (IndexCheckpoint.Delta delta : loaded.chain()) {
            if (!rejecting && (delta.to() > logEnd || !endsWithinData(delta.to()))) {
                checkpointProblem = "index checkpoint ending at " + delta.to() + " points past the log end " + logEnd;
                rejecting = true;
            } else if (!rejecting && delta.firstNewOrdinal() != index.streamCount()) {
                checkpointProblem = "index checkpoint ending at " + delta.to() + " does not match the stream table";
                rejecting = true;
            }
            if (rejecting) {
                unused.add(delta.file());
                continue;
            }
            for (String name : delta.newStreams()) {
                index.getOrCreate(StreamId.of(name));
            }
            for (int i = 0; i < delta.events(); i++) {
                long position = delta.position(i);
                while (segmentAt < segments.size() - 1 && position >= segments.get(segmentAt + 1).base()) {
                    segmentAt++;
                }
                Segment segment = segments.get(segmentAt);
                segment.indexRecord(position - segment.base());
                index.add(index.stream(delta.ordinal(i)), position, delta.fingerprint(i));
                lastPosition = position;
            }
            for (IndexCheckpoint.Key key : delta.keys()) {
                index.addIdempotencyKey(key.key(), index.stream(key.ordinal()), key.firstVersion(), key.lastVersion(),
                        key.lastPosition(), key.requestHash());
            }
            checkpointEnd = delta.to();
            usedCheckpoint = true;
        }
        if (damage == null) {
            for (Path file : unused) {
                if (file != null) {
                    io.delete(file);
                }
            }
        }
        return scanAfter(checkpointEnd);
    }

    /** Whether a checkpoint end lies at or inside the data of some segment. */
    private boolean endsWithinData(long end) {
        if (end == 0) {
            return true;
        }
        for (Segment segment : segments) {
            if (end >= segment.base() + Segment.HEADER && end <= segment.base() + segment.dataEnd()) {
                return true;
            }
        }
        return false;
    }

    /** Indexes the records after the checkpoint, collecting them as the next checkpoint delta. */
    private boolean scanAfter(long from) throws IOException {
        pending = new IndexCheckpoint.Delta(from, index.streamCount(), 1024);
        String pendingKey = null;
        String pendingHash = null;
        long pendingFirstVersion = 0;
        boolean batchStart = true;
        for (Segment segment : segments) {
            long end = segment.base() + segment.dataEnd();
            if (end <= from) {
                continue;
            }
            long offset = Math.max(Segment.HEADER, from - segment.base());
            SegmentScanner scanner = new SegmentScanner(segment, WINDOW);
            while (offset < segment.dataEnd()) {
                int length = scanner.recordAt(offset, segment.dataEnd());
                if (length <= 0) {
                    return damagedDuringIndexing(new DamageReport(segment.path(), offset,
                            "record fails its checksum while indexing"));
                }
                ByteBuffer buffer = scanner.buffer();
                int at = scanner.bufferOffset(offset);
                String name = RecordFormat.streamName(buffer, at);
                StreamIndex.Stream stream = index.stream(name);
                if (stream == null) {
                    stream = index.getOrCreate(StreamId.of(name));
                    pending.addStream(name);
                }
                long version = RecordFormat.version(buffer, at);
                if (version != stream.count()) {
                    return damagedDuringIndexing(new DamageReport(segment.path(), offset, "stream " + name
                            + " jumps to version " + version + " after " + (stream.count() - 1)));
                }
                long position = segment.base() + offset;
                if (batchStart) {
                    String[] entries = RecordFormat.idempotencyEntries(buffer, at);
                    pendingKey = entries == null ? null : entries[0];
                    pendingHash = entries == null ? null : entries[1];
                    pendingFirstVersion = version;
                }
                int fingerprint = RecordFormat.fingerprint(buffer, at);
                index.add(stream, position, fingerprint);
                pending.addEvent(position, stream.ordinal(), fingerprint);
                segment.indexRecord(offset);
                lastPosition = position;
                eventsScanned++;
                batchStart = RecordFormat.batchRemaining(buffer, at) == 0;
                if (batchStart && pendingKey != null) {
                    if (index.findIdempotencyKey(pendingKey) instanceof IdempotencyLookup.NotFound) {
                        pending.addKey(new IndexCheckpoint.Key(pendingKey, stream.ordinal(), pendingFirstVersion,
                                version, position, pendingHash));
                    }
                    index.addIdempotencyKey(pendingKey, stream, pendingFirstVersion, version, position, pendingHash);
                    pendingKey = null;
                }
                offset += length;
            }
        }
        pending.end(segments.isEmpty() ? from : Math.max(from, segments.getLast().base() + segments.getLast().dataEnd()));
        return true;
    }

    private boolean damagedDuringIndexing(DamageReport report) {
        if (!damaged(report)) {
            return false;
        }
        // Read-only: serve what was indexed before the damage; later records are not reachable.
        Path damagedPath = report.segment();
        boolean after = false;
        for (int i = 0; i < segments.size(); i++) {
            Segment segment = segments.get(i);
            if (after) {
                segments.remove(i--).closeQuietly();
            } else if (segment.path().equals(damagedPath)) {
                cutAt(segment, report.offset());
                after = true;
            }
        }
        return true;
    }
}
