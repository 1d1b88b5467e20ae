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
 *    the last must carry a valid header and footer. With eager verification the data CRC of every
 *    sealed segment is checked against its footer here, so damage in old data is found before
 *    anything is served. Otherwise (background verification) the segment is marked unverified with
 *    its footer and the store checks it later, before any read of it (Segment.verifyData); open
 *    time then no longer grows with the size of the log.
 * 2. The last segment, if unsealed, is scanned from its first record. The scan trusts checksums,
 *    not the file length: it stops at the first record that does not check (or at a batch whose
 *    commit marker, batchRemaining == 0, is missing). What follows is a torn tail only if no later
 *    valid record claims, through its durableBefore field, that those bytes had been durable when it
 *    was written. A claim proves the bytes were acknowledged: that is damage, never truncated.
 * 3. Damage: with REFUSE nothing is changed and open fails; with READ_ONLY the log is cut at the last
 *    complete batch before the damage and the store serves what lies before it.
 * 4. A torn tail is truncated and forced, and reported (segment, offset, bytes).
 * 5. The index is loaded from the index checkpoint chain (IndexCheckpoint.load: at each step the
 *    valid file reaching farthest that ends within the log), then completed by scanning the records
 *    after it, each CRC-checked. Stream versions must be contiguous; a gap is damage. Loading counts
 *    each stream's events first and sizes the index arrays exactly, so the index holds no slack.
 *    Checkpoint files not on the chain (superseded by a merge, damaged, temporary, past the log end)
 *    are deleted unless the store opens read-only.
 *
 * Failure modes: an IOException aborts recovery (the caller closes what it opened and reports
 * UNAVAILABLE). Recovery in read-only mode never writes or deletes a file.
 */

/** Verifies, repairs (torn tail only) and indexes the log of a store directory. */
public final class Recovery {
    private static final int WINDOW = 1 << 20;
    private static final int CHUNK = 1 << 14;

    private final StorageIo io;
    private final Path directory;
    private final long configuredSegmentBytes;
    private final boolean readOnlyOnDamage;
    private final boolean verifyEagerly;
    private List<IndexCheckpoint.FileInfo> checkpointFiles = List.of();
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

    private Recovery(StorageIo io, Path directory, long segmentBytes, boolean readOnlyOnDamage, boolean verifyEagerly) {
        this.verifyEagerly = verifyEagerly;
        this.io = io;
        this.directory = directory;
        this.configuredSegmentBytes = segmentBytes;
        this.readOnlyOnDamage = readOnlyOnDamage;
    }

    /** What recovery produced. Segments are open; the caller owns them. */
    public sealed interface Outcome {
        /**
         * The log is usable. {@code damage} is set when it was cut at damage (read-only); {@code
         * checkpointEnd} is where the kept index checkpoint chain ends, {@code checkpointFiles} its files.
         */
        record Recovered(List<Segment> segments, StreamIndex index, long lastPosition, List<Truncation> truncations,
                         long eventsScanned, boolean usedCheckpoint, long checkpointEnd, @Nullable DamageReport damage,
                         @Nullable String checkpointProblem, IndexCheckpoint.Delta pending,
                         List<IndexCheckpoint.FileInfo> checkpointFiles) implements Outcome {}

        record Damaged(DamageReport damage) implements Outcome {}
    }

    /**
     * Recovers the log in {@code directory}. {@code verifyEagerly}: check the data of every sealed
     * segment now; otherwise they are left unverified for the store to check before reading them.
     */
    public static Outcome run(StorageIo io, Path directory, long segmentBytes, boolean readOnlyOnDamage,
                              boolean verifyEagerly) throws IOException {
        Recovery recovery = new Recovery(io, directory, segmentBytes, readOnlyOnDamage, verifyEagerly);
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
                if (!verifyEagerly && damage == null) {
                    segment.dataEnd(footer.dataEnd());
                    segment.markSealed();
                    segment.markUnverified(footer);
                } else if (!verifySealed(segment, footer)) {
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
                usedCheckpoint, checkpointEnd, damage, checkpointProblem, pending, checkpointFiles);
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

    /**
     * Cuts a segment at damage (read-only). A segment not verified yet is scanned up to the cut
     * first, record by record, so that what it serves is checked (and the cut moves back to the end
     * of the last complete batch if the scan stops earlier).
     */
    private void cutAt(Segment segment, long offset) throws IOException {
        long end = offset;
        if (!segment.isVerified() && offset > Segment.HEADER) {
            Scan scan = scan(segment, offset);
            end = Math.min(offset, scan.lastBatchEnd);
        }
        segment.markVerified();
        segment.dataEnd(end);
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
        IndexCheckpoint.Loaded loaded = IndexCheckpoint.load(io, directory, to -> to <= logEnd && endsWithinData(to));
        checkpointProblem = loaded.firstProblem();
        List<IndexCheckpoint.Part> chain = loaded.chain();
        // Count first, so that every index array gets its exact size (no growth, no slack).
        int streams = 0;
        for (IndexCheckpoint.Part part : chain) {
            streams += part.newStreams().size();
        }
        int[] counts = new int[streams];
        long[] positions = new long[CHUNK];
        int[] ordinals = new int[CHUNK];
        int[] fingerprints = new int[CHUNK];
        for (IndexCheckpoint.Part part : chain) {
            switch (part) {
                case IndexCheckpoint.Full full -> {
                    for (int s = 0; s < full.newStreams().size(); s++) {
                        counts[s] += full.count(s);
                    }
                }
                case IndexCheckpoint.Delta delta -> {
                    for (int from = 0, n = delta.events(); from < n; from += CHUNK) {
                        int count = Math.min(CHUNK, n - from);
                        delta.copyEvents(from, count, positions, ordinals, fingerprints);
                        for (int i = 0; i < count; i++) {
                            int ordinal = ordinals[i];
                            if (ordinal < 0 || ordinal >= streams) {
                                throw new IOException("index checkpoint " + delta.file() + " refers to stream "
                                        + ordinal + " of " + streams);
                            }
                            counts[ordinal]++;
                        }
                    }
                }
            }
        }
        for (IndexCheckpoint.Part part : chain) {
            for (String name : part.newStreams()) {
                index.getOrCreate(StreamId.of(name));
            }
        }
        index.reserve(counts);
        List<IndexCheckpoint.FileInfo> files = new ArrayList<>(chain.size());
        for (IndexCheckpoint.Part part : chain) {
            switch (part) {
                case IndexCheckpoint.Full full -> applyFull(full);
                case IndexCheckpoint.Delta delta -> applyDelta(delta, positions, ordinals, fingerprints);
            }
            for (IndexCheckpoint.Key key : part.keys()) {
                index.addIdempotencyKey(key.key(), index.stream(key.ordinal()), key.firstVersion(), key.lastVersion(),
                        key.lastPosition(), key.requestHash());
            }
            checkpointEnd = part.to();
            usedCheckpoint = true;
            files.add(part.info());
        }
        checkpointFiles = List.copyOf(files);
        if (damage == null) {
            for (Path file : loaded.rejected()) {
                io.delete(file);
            }
        }
        return scanAfter(checkpointEnd);
    }

    /** Loads a merged checkpoint (the first of the chain): bulk copies per stream and per category. */
    private void applyFull(IndexCheckpoint.Full full) {
        for (int s = 0; s < full.newStreams().size(); s++) {
            if (full.count(s) > 0) {
                index.addStreamRun(index.stream(s), full.positions(s), full.fingerprints(s));
            }
        }
        for (int c = 0; c < full.categories().size(); c++) {
            index.addCategoryRun(full.categories().get(c), full.categoryPositions(c));
        }
        var sparse = full.sparse();
        int segmentAt = 0;
        while (sparse.hasRemaining()) {
            long position = sparse.get();
            while (segmentAt < segments.size() - 1 && position >= segments.get(segmentAt + 1).base()) {
                segmentAt++;
            }
            Segment segment = segments.get(segmentAt);
            segment.addSparse(position - segment.base());
        }
        if (full.events() > 0) {
            long last = -1;
            for (int c = 0; c < full.categories().size(); c++) {
                var run = full.categoryPositions(c);
                if (run.remaining() > 0) {
                    last = Math.max(last, run.get(run.limit() - 1));
                }
            }
            lastPosition = Math.max(lastPosition, last);
        }
    }

    /** Applies a delta, event by event in log order. */
    private void applyDelta(IndexCheckpoint.Delta delta, long[] positions, int[] ordinals, int[] fingerprints) {
        int segmentAt = 0;
        Segment segment = segments.isEmpty() ? null : segments.getFirst();
        long nextBase = segments.size() > 1 ? segments.get(1).base() : Long.MAX_VALUE;
        for (int from = 0, n = delta.events(); from < n; from += CHUNK) {
            int count = Math.min(CHUNK, n - from);
            delta.copyEvents(from, count, positions, ordinals, fingerprints);
            for (int i = 0; i < count; i++) {
                long position = positions[i];
                while (position >= nextBase) {
                    segmentAt++;
                    segment = segments.get(segmentAt);
                    nextBase = segmentAt + 1 < segments.size() ? segments.get(segmentAt + 1).base() : Long.MAX_VALUE;
                }
                segment.indexRecord(position - segment.base());
                index.add(index.stream(ordinals[i]), position, fingerprints[i]);
            }
            lastPosition = positions[count - 1];
        }
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

    private boolean damagedDuringIndexing(DamageReport report) throws IOException {
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
