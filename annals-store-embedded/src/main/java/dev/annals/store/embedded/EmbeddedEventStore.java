// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.embedded;

import dev.annals.core.event.EventData;
import dev.annals.core.event.Metadata;
import dev.annals.core.event.RecordedEvent;
import dev.annals.core.store.AppendResult;
import dev.annals.core.store.EventStore;
import dev.annals.core.store.ExpectedVersion;
import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.IdempotencyLookup;
import dev.annals.core.store.PollingSubscription;
import dev.annals.core.store.ReadAllResult;
import dev.annals.core.store.ReadDirection;
import dev.annals.core.store.ReadStreamResult;
import dev.annals.core.store.StorageFailure;
import dev.annals.core.store.StreamId;
import dev.annals.core.store.StreamVersion;
import dev.annals.core.store.Subscription;
import dev.annals.store.embedded.checkpoint.IndexCheckpoint;
import dev.annals.store.embedded.index.LongList;
import dev.annals.store.embedded.index.StreamIndex;
import dev.annals.store.embedded.log.RecordFormat;
import dev.annals.store.embedded.log.Segment;
import dev.annals.store.embedded.recovery.Recovery;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/*
 * Design
 * ------
 * Files. A store directory holds segment files (log/Segment: header, CRC32C-framed records of
 * log/RecordFormat, a footer once sealed), an index/ folder with the index checkpoint chain
 * (checkpoint/IndexCheckpoint) and a LOCK file held with an OS file lock while the store is open, so
 * two processes never open one store. A record's global position is its segment's base plus its
 * offset: positions strictly increase along the log and have gaps (the record bytes).
 *
 * Opening (recovery/Recovery). The index is loaded from the index checkpoint chain and completed by
 * scanning (and CRC-checking) only the records after its end; the unsealed last segment is scanned
 * in full (torn tail). Sealed segments are, by default (VerifySealedSegments.BACKGROUND), checked
 * only by header and footer at open, so open time does not grow with the log: a verifier thread then
 * checks each one's data CRC against its footer, and every read of a segment not yet checked first
 * waits for (or runs) that check (Segment.verifyData), so no unchecked byte is ever served. Damage
 * found that way puts the store into the state open would have chosen: with DamagePolicy.REFUSE every
 * read and append answers CORRUPTED naming segment and offset; with READ_ONLY appends are refused and
 * reads of the damaged segment answer CORRUPTED. It is logged and kept in damage(). EAGER checks every
 * sealed segment before open returns, as the design rules first described.
 *
 * Index checkpoints. The writer writes a delta of the index every indexCheckpointEvery events (and
 * at close), always ending at the durable end. When the chain has grown by enough deltas (at least
 * COMPACT_AFTER_DELTAS, holding at least an eighth of the events of its first file), a compactor
 * thread merges the chain's files into one file [0, end) laid out by stream, written atomically, and
 * then deletes the merged files (IndexCheckpoint.merge). It reads and writes files only (never the
 * live index), and only files that were complete when it started, so it never points past the
 * durable log either. The amortized cost stays a small constant per event (each merge rewrites at
 * most ~9x what was added, at ~20 bytes per event), and an open loads at most about an eighth of the
 * events (plus a few deltas) event by event, the rest in bulk.
 *
 * Writing. Callers encode their events' bodies on their own thread, queue one Request per append
 * and park. One writer thread takes everything queued (group commit); when that is fewer requests
 * than its previous group took (writers that were just acknowledged are still coming back), it
 * gathers for at most GATHER_NANOS more before writing, so a steady set of N writers shares one
 * fsync instead of alternating groups of 1 and N-1. Then, for each request in order it
 * checks the expected version and idempotent retry against the in-memory StreamIndex (which it alone
 * mutates, so it reads it without a lock), then frames the records into one buffer. A batch never
 * spans segments: when it does not fit, the buffer is written, the segment gets its footer and is
 * forced, and a new segment is created (the directory is then forced before anything is acked). At
 * the end of the group the buffer is written (looping over short writes), the segment is forced, and
 * only then is the new durable end published (one volatile Durable snapshot), waiters of
 * awaitPositionAfter are signalled, and the callers are unparked with their outcome.
 *
 * Invariants.
 *  - Readers see only events at or before Durable.head: everything a reader can see has been forced.
 *    The index may hold entries of the group being written (so that the writer checks later requests
 *    of the group against earlier ones); readers cut every index list at the durable head.
 *  - Each record carries durableBefore, the durable log end when it was written; recovery uses it to
 *    tell a torn unacknowledged tail from damage inside acknowledged data.
 *  - An index checkpoint delta is written only for published events and ends at the durable end, so
 *    it never points past the durable log.
 *  - Appends are acknowledged only after force (FSYNC mode) of their bytes and, after a new segment,
 *    of the directory.
 *
 * Concurrency. index and the segments' sparse record offsets are guarded by indexLock: the writer
 * takes the write lock only for in-memory updates (never across I/O or fsync); readers take the read
 * lock to copy positions, then read and CRC-check records with positional reads through a per-thread
 * window (Reader), without any lock. The segment list is copy-on-write. close() and append() meet at
 * gate, so no request is queued after the writer's final CLOSE marker.
 *
 * Reading. Stream and category reads take positions from the index and read the records through
 * the per-thread window, sized to cover the following positions of the page so contiguous events
 * cost one read; decoded events of these reads are kept in a small direct-mapped cache by position.
 * $all reads scan the log from the segment's sparse record offset at or before the start. Every
 * record is CRC-checked when it is read from the file.
 *
 * Subscriptions are core's PollingSubscription (one cursor loop for catch-up and live) with pages
 * from livePage: the events the writer pushes into LiveTail right after each fsync (the appenders'
 * own EventData, nothing decoded) while the cursor is covered by the ring, else readAll /
 * readCategory. Both sources return durable events in position order with no gap below their head,
 * so switching source between polls can neither skip nor repeat an event. A subscriber that falls
 * behind the ring reads the log again, so a slow one costs disk reads, never a stalled writer.
 *
 * Failure modes. Any exception in the writer (write, force, new segment, directory force, index
 * checkpoint) makes the store fail stop: the group in flight and every later append answer
 * UNAVAILABLE (CAPACITY_EXHAUSTED when the disk is full); nothing of the failed group is published, so
 * reads go on serving exactly what was acknowledged. Only a reopen, which runs recovery, clears it.
 * A record that fails its CRC on read answers CORRUPTED naming segment and offset. A store opened on
 * damaged data with DamagePolicy.READ_ONLY has no writer and answers appends UNAVAILABLE. A failed
 * index checkpoint merge is only logged: the deltas it would have replaced are still valid.
 *
 * Threads: the writer; the verifier (while sealed segments are unchecked); a compactor (while a merge
 * runs). close() stops the verifier between reads and joins all three before closing files.
 */

/** The embedded, single-node event store: a segmented append-only log with group commit. */
public final class EmbeddedEventStore implements EventStore {
    private static final System.Logger LOG = System.getLogger(EmbeddedEventStore.class.getName());
    private static final String LOCK_FILE = "LOCK";
    private static final int MAX_PAGE = 10_000;
    private static final int MAX_GROUP = 4096;
    /** The longest the writer waits for the rest of a group (see Writing); far below one fsync's cost. */
    private static final long GATHER_NANOS = 200_000;
    private static final int WINDOW = 256 * 1024;
    private static final int MIN_FILL = 8 * 1024;
    private static final int CACHE_SLOTS = 1 << 14;
    private static final int TAIL_EVENTS = 8192;
    private static final int COMPACT_AFTER_DELTAS = 8;

    private final EmbeddedStoreConfig config;
    private final StorageIo io;
    private final Path directory;
    private final boolean fsync;
    private final boolean readOnly;
    private final @Nullable DamageReport damage;
    private volatile @Nullable DamageReport foundDamage;
    private final CountDownLatch verified = new CountDownLatch(1);
    private volatile @Nullable Thread verifierThread;
    private volatile @Nullable Thread compactorThread;
    private final CheckpointChain chain;
    private final @Nullable FileChannel lockChannel;
    private final @Nullable FileLock lock;

    private final StreamIndex index;
    private final ReentrantReadWriteLock indexLock = new ReentrantReadWriteLock();
    private volatile List<Segment> segments;
    private volatile Durable durable;

    private final ReentrantLock waitLock = new ReentrantLock();
    private final Condition advanced = waitLock.newCondition();
    private final AtomicInteger waiters = new AtomicInteger();

    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile @Nullable StorageFailure failure;
    private final LinkedBlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final @Nullable Thread writerThread;
    private final ThreadLocal<Reader> readers = ThreadLocal.withInitial(Reader::new);
    /**
     * Decoded events of recent stream and category reads, direct-mapped by position. Entries are
     * immutable and were CRC-checked when decoded; a racy read sees an old entry or a new one, and an
     * entry counts only when its position matches.
     */
    private final RecordedEvent[] decoded = new RecordedEvent[CACHE_SLOTS];
    private final LiveTail tail = new LiveTail(TAIL_EVENTS);

    // Writer-thread state.
    private @Nullable Segment active;
    private long flushedEnd;
    private ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
    private int bufferedRecords;
    private boolean needDirectorySync;
    private final CRC32C writeCrc = new CRC32C();
    private IndexCheckpoint.Delta pendingDelta;
    private int checkpointedStreams;

    /** What readers may see: the durable log end, the last durable event's position, event and stream counts. */
    private record Durable(long end, long head, long events, int streams) {}

    private EmbeddedEventStore(EmbeddedStoreConfig config, Recovery.Outcome.Recovered recovered,
                               @Nullable FileChannel lockChannel, @Nullable FileLock lock) {
        this.config = config;
        this.io = config.io();
        this.directory = config.directory();
        this.fsync = config.durability() == Durability.FSYNC;
        this.damage = recovered.damage();
        this.readOnly = damage != null;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.index = recovered.index();
        this.segments = List.copyOf(recovered.segments());
        this.pendingDelta = recovered.pending();
        this.checkpointedStreams = index.streamCount();
        this.chain = new CheckpointChain(recovered.checkpointFiles());
        long end = segments.isEmpty() ? 0 : segments.getLast().base() + segments.getLast().dataEnd();
        this.durable = new Durable(end, recovered.lastPosition(), index.events(), index.streamCount());
        this.writerThread = readOnly ? null : Thread.ofPlatform().daemon().name("annals-embedded-writer-"
                + String.valueOf(directory.getFileName())).unstarted(this::runWriter);
    }

    // ---- opening -------------------------------------------------------------------------------

    /** Opens (creating if needed) the store with the default configuration in {@code directory}. */
    public static OpenResult open(Path directory) {
        return open(EmbeddedStoreConfig.defaults(directory));
    }

    /**
     * Opens the store: takes the directory lock, runs recovery (verifies sealed segments, truncates a
     * torn unacknowledged tail, rebuilds the index from the index checkpoint and the log after it).
     */
    public static OpenResult open(EmbeddedStoreConfig config) {
        long started = System.nanoTime();
        Path directory = config.directory();
        FileChannel lockChannel = null;
        FileLock lock = null;
        try {
            Files.createDirectories(directory);
            lockChannel = FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                closeQuietly(lockChannel);
                return new OpenResult.Failed(StorageFailure.unavailable("store directory " + directory
                        + " is locked: another process (or store instance) has it open"));
            }
            Recovery.Outcome outcome = Recovery.run(config.io(), directory, config.segmentBytes(),
                    config.onDamage() == DamagePolicy.READ_ONLY,
                    config.verifySealedSegments() == VerifySealedSegments.EAGER);
            if (outcome instanceof Recovery.Outcome.Damaged(DamageReport damage)) {
                LOG.log(System.Logger.Level.ERROR, "embedded store " + directory + " refused to open: " + damage);
                release(lockChannel, lock);
                return new OpenResult.Damaged(damage);
            }
            var recovered = (Recovery.Outcome.Recovered) outcome;
            EmbeddedEventStore store = new EmbeddedEventStore(config, recovered, lockChannel, lock);
            try {
                store.start();
            } catch (IOException | RuntimeException e) {
                store.closeFiles();
                throw e;
            }
            var report = new RecoveryReport(recovered.truncations(), recovered.eventsScanned(),
                    recovered.usedCheckpoint(), Duration.ofNanos(System.nanoTime() - started), recovered.damage());
            store.logOpen(report, recovered.checkpointProblem());
            store.startVerifier();
            return new OpenResult.Opened(store, report);
        } catch (IOException | RuntimeException e) {
            if (lockChannel != null) {
                release(lockChannel, lock);
            }
            LOG.log(System.Logger.Level.ERROR, "embedded store " + directory + " failed to open", e);
            return new OpenResult.Failed(failureOf(e));
        }
    }

    private void logOpen(RecoveryReport report, @Nullable String checkpointProblem) {
        if (!fsync) {
            LOG.log(System.Logger.Level.WARNING, "\n*****************************************************************\n"
                    + "* UNSAFE: embedded store " + directory + " runs with durability " + config.durability() + ".\n"
                    + "* Acknowledged appends are NOT forced to disk and can be lost on an OS crash or power loss.\n"
                    + "*****************************************************************");
        }
        for (RecoveryReport.Truncation truncation : report.truncations()) {
            LOG.log(System.Logger.Level.WARNING, "embedded store recovery dropped an unacknowledged tail: "
                    + truncation.segment() + " from offset " + truncation.offset() + ", " + truncation.bytesDropped()
                    + " bytes (" + truncation.reason() + ")");
        }
        if (report.damage() != null) {
            LOG.log(System.Logger.Level.ERROR, "embedded store " + directory + " opened READ-ONLY: " + report.damage());
        }
        if (checkpointProblem != null) {
            LOG.log(System.Logger.Level.WARNING, "embedded store index checkpoint not used in full: " + checkpointProblem);
        }
        LOG.log(System.Logger.Level.DEBUG, "embedded store " + directory + " open: " + durable.events() + " events, "
                + durable.streams() + " streams, " + segments.size() + " segments, index checkpoint "
                + (report.usedIndexCheckpoint() ? "used" : "not used") + ", " + report.eventsRecovered()
                + " events scanned, " + report.openTime().toMillis() + " ms");
    }

    /** Makes the last segment writable (creating the first, or rolling past a sealed one) and starts the writer. */
    private void start() throws IOException {
        if (readOnly) {
            return;
        }
        List<Segment> list = segments;
        Segment last = list.isEmpty() ? null : list.getLast();
        if (last == null || last.isSealed()) {
            long base = last == null ? 0 : last.base() + last.capacity();
            Segment created = Segment.create(io, directory, base, config.segmentBytes());
            if (fsync) {
                created.force();
                io.syncDirectory(directory);
            }
            List<Segment> next = new ArrayList<>(list);
            next.add(created);
            segments = List.copyOf(next);
            active = created;
            durable = new Durable(base + Segment.HEADER, durable.head(), durable.events(), durable.streams());
        } else {
            active = last;
        }
        flushedEnd = active.dataEnd();
        buffer.clear();
        Thread writer = writerThread;
        if (writer != null) {
            writer.start();
        }
    }

    // ---- appending -----------------------------------------------------------------------------

    /** One append on its way through the writer. */
    private static final class Request {
        final @Nullable StreamId stream;
        final ExpectedVersion expected;
        final List<EventData> events;
        final byte @Nullable [][] bodies;
        final int[] fingerprints;
        final int bytes;
        final @Nullable String key;
        final @Nullable String requestHash;
        final @Nullable Thread waiter;
        volatile @Nullable AppendResult result;
        // Set by the writer: the outcome to give once the group is durable, and for requests it wrote,
        // where their events went.
        @Nullable AppendResult outcome;
        long[] positions = new long[0];
        StreamIndex.@Nullable Stream indexed;
        long firstVersion;
        boolean wrote;

        Request(@Nullable StreamId stream, ExpectedVersion expected, List<EventData> events, byte @Nullable [][] bodies,
                int[] fingerprints, int bytes, @Nullable String key, @Nullable String requestHash, @Nullable Thread waiter) {
            this.stream = stream;
            this.expected = expected;
            this.events = events;
            this.bodies = bodies;
            this.fingerprints = fingerprints;
            this.bytes = bytes;
            this.key = key;
            this.requestHash = requestHash;
            this.waiter = waiter;
        }

        static Request closeMarker() {
            return new Request(null, ExpectedVersion.ANY, List.of(), null, new int[0], 0, null, null, null);
        }

        boolean isCloseMarker() {
            return stream == null;
        }

        void complete(AppendResult outcome) {
            result = outcome;
            if (waiter != null) {
                LockSupport.unpark(waiter);
            }
        }
    }

    @Override
    public AppendResult append(StreamId stream, ExpectedVersion expected, List<EventData> events) {
        EventStore.requireValidBatch(events);
        StorageFailure refused = refusal();
        if (refused != null) {
            return new AppendResult.Failed(refused);
        }
        int n = events.size();
        byte[][] bodies = new byte[n][];
        int[] fingerprints = new int[n];
        long bytes = 0;
        for (int i = 0; i < n; i++) {
            EventData event = events.get(i);
            bodies[i] = RecordFormat.encodeBody(stream, event);
            fingerprints[i] = RecordFormat.fingerprint(event.eventId());
            bytes += RecordFormat.HEADER + bodies[i].length;
        }
        long room = config.segmentBytes() - Segment.HEADER - Segment.FOOTER;
        if (bytes > room) {
            return new AppendResult.Failed(new StorageFailure(StorageFailure.Kind.REJECTED, "append of " + bytes
                    + " bytes exceeds the segment room of " + room + " bytes"));
        }
        Metadata first = events.getFirst().metadata();
        String key = first.idempotencyKey();
        Request request = new Request(stream, expected, List.copyOf(events), bodies, fingerprints, (int) bytes, key,
                key == null ? null : first.entry(Metadata.REQUEST_HASH), Thread.currentThread());
        gate.readLock().lock();
        try {
            refused = refusal();
            if (refused != null) {
                return new AppendResult.Failed(refused);
            }
            queue.add(request);
        } finally {
            gate.readLock().unlock();
        }
        boolean interrupted = false;
        AppendResult result;
        while ((result = request.result) == null) {
            LockSupport.park(this);
            if (Thread.interrupted()) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return result;
    }

    private @Nullable StorageFailure refusal() {
        if (closed.get()) {
            return StorageFailure.unavailable("store is closed");
        }
        if (readOnly) {
            return StorageFailure.unavailable("store is open read-only because of damage: " + damage);
        }
        DamageReport found = foundDamage;
        if (found != null) {
            return StorageFailure.corrupted("store refuses appends: verification found " + found);
        }
        return failure;
    }

    /** For reads: the failure to answer when verification found damage and the policy refuses the store. */
    /** Why a read is refused (the store is closed, or verification found damage under REFUSE), or null. */
    private @Nullable StorageFailure readRefusal() {
        if (closed.get()) {
            return StorageFailure.unavailable("store is closed");
        }
        DamageReport found = foundDamage;
        if (found != null && config.onDamage() == DamagePolicy.REFUSE) {
            return StorageFailure.corrupted("store refuses to serve: verification found " + found);
        }
        return null;
    }


    /** Waits at most GATHER_NANOS for the group to reach {@code expected} requests; stops at a close marker. */
    private void gather(List<Request> group, int expected) {
        long deadline = System.nanoTime() + GATHER_NANOS;
        while (group.size() < expected && !group.getLast().isCloseMarker()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            Request next;
            try {
                next = queue.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (next == null) {
                return;
            }
            group.add(next);
            queue.drainTo(group, MAX_GROUP - group.size());
        }
    }

    private void runWriter() {
        List<Request> group = new ArrayList<>();
        int previousGroupSize = 1;
        boolean closing = false;
        while (!closing) {
            try {
                group.add(queue.take());
            } catch (InterruptedException e) {
                continue;
            }
            queue.drainTo(group, MAX_GROUP - 1);
            if (fsync && group.size() < previousGroupSize) {
                gather(group, previousGroupSize);
            }
            previousGroupSize = group.size();
            for (Request request : group) {
                closing |= request.isCloseMarker();
            }
            StorageFailure failed = failure;
            if (failed != null) {
                failAll(group, failed);
            } else {
                try {
                    writeGroup(group);
                } catch (SegmentDamaged e) {
                    failAll(group, StorageFailure.corrupted(e.getMessage()));
                } catch (IOException | RuntimeException | Error e) {
                    failStop(e);
                    failAll(group, failure);
                }
            }
            group.clear();
        }
        if (failure == null) {
            try {
                if (!fsync && active != null) {
                    active.force();
                }
                if (pendingDelta.events() > 0) {
                    writeCheckpoint(false);
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "embedded store " + directory
                        + ": the index checkpoint at close could not be written; the next open scans more of the log", e);
            }
        }
    }

    private static void failAll(List<Request> group, @Nullable StorageFailure failed) {
        StorageFailure reason = failed != null ? failed : StorageFailure.unavailable("store failed");
        for (Request request : group) {
            if (request.result == null && !request.isCloseMarker()) {
                request.complete(new AppendResult.Failed(reason));
            }
        }
    }

    private void failStop(Throwable e) {
        StorageFailure reason = failureOf(e);
        failure = new StorageFailure(reason.kind(), "store failed stop after an I/O error and must be reopened: "
                + reason.detail());
        LOG.log(System.Logger.Level.ERROR, "embedded store " + directory
                + " FAILED STOP: no further appends are acknowledged until it is reopened", e);
        signalWaiters();
    }

    private static StorageFailure failureOf(Throwable e) {
        String text = String.valueOf(e.getMessage());
        if (text.contains("No space left") || text.contains("Disk quota exceeded")) {
            return new StorageFailure(StorageFailure.Kind.CAPACITY_EXHAUSTED, "disk full: " + e);
        }
        return StorageFailure.unavailable(e.toString());
    }

    /** Decides, frames, writes and forces one group, then publishes it and answers its callers. */
    private void writeGroup(List<Request> group) throws IOException {
        DamageReport found = foundDamage;
        if (found != null) {
            throw new SegmentDamaged("store refuses appends: verification found " + found);
        }
        Durable before = durable;
        long durableBefore = fsync ? before.end() : 0;
        Instant now = config.clock().instant();
        List<Request> answered = new ArrayList<>(group.size());
        long head = before.head();
        long events = before.events();
        for (Request request : group) {
            if (request.isCloseMarker()) {
                continue;
            }
            AppendResult decided = decide(request);
            if (decided instanceof AppendResult.WrongExpectedVersion) {
                request.complete(decided);
                continue;
            }
            if (decided != null) {
                request.outcome = decided;
                answered.add(request);
                continue;
            }
            frame(request, durableBefore, now);
            answered.add(request);
            head = request.positions[request.positions.length - 1];
            events += request.positions.length;
        }
        if (events == before.events()) {
            // Nothing written: every retry in the group refers to events published by earlier groups.
            for (Request request : answered) {
                request.complete(request.outcome);
            }
            return;
        }
        flushBuffer();
        if (fsync) {
            active.force();
        }
        if (needDirectorySync) {
            if (fsync) {
                io.syncDirectory(directory);
            }
            needDirectorySync = false;
        }
        durable = new Durable(active.base() + flushedEnd, head, events, index.streamCount());
        if (tail.isActive()) {
            pushToTail(answered, now);
        }
        signalWaiters();
        boolean any = false;
        for (Request request : answered) {
            if (request.wrote) {
                addToDelta(request);
                any = true;
            }
        }
        if (any && pendingDelta.events() >= config.indexCheckpointEvery()) {
            // Before answering, so that no file changes once the last append returned. The group is
            // durable already: a failed checkpoint fails the store stop but these appends succeeded.
            try {
                writeCheckpoint(true);
            } catch (IOException | RuntimeException e) {
                failStop(e);
            }
        }
        for (Request request : answered) {
            request.complete(request.outcome);
        }
    }

    /** Hands the events just made durable to live subscriptions, as the appenders gave them. */
    private void pushToTail(List<Request> answered, Instant recordedAt) {
        List<RecordedEvent> published = new ArrayList<>();
        List<String> categories = new ArrayList<>();
        for (Request request : answered) {
            if (!request.wrote) {
                continue;
            }
            String category = request.stream.category();
            for (int i = 0; i < request.positions.length; i++) {
                published.add(new RecordedEvent(request.stream, StreamVersion.of(request.firstVersion + i),
                        GlobalPosition.of(request.positions[i]), recordedAt, request.events.get(i)));
                categories.add(category);
            }
        }
        tail.add(published, categories);
    }

    /**
     * The outcome of a request that writes nothing (a wrong expected version, or an idempotent retry:
     * the original outcome), or null when its events are to be written.
     */
    private @Nullable AppendResult decide(Request request) throws IOException {
        StreamId stream = request.stream;
        StreamIndex.Stream indexed = index.stream(stream.value());
        int count = indexed == null ? 0 : indexed.count();
        StreamVersion current = count == 0 ? null : StreamVersion.of(count - 1);
        if (count > 0) {
            int start = retryStart(indexed, request);
            if (start >= 0) {
                int n = request.events.size();
                if (start + n <= count && sameIds(indexed, start, request)) {
                    int last = start + n - 1;
                    return new AppendResult.Appended(StreamVersion.of(last), GlobalPosition.of(indexed.position(last)));
                }
                return new AppendResult.WrongExpectedVersion(stream, request.expected, current);
            }
        }
        if (!request.expected.isMetBy(current)) {
            return new AppendResult.WrongExpectedVersion(stream, request.expected, current);
        }
        return null;
    }

    /** Version in the stream where a retry of this batch would start, or -1 when it is not a retry. */
    private int retryStart(StreamIndex.Stream indexed, Request request) throws IOException {
        int count = indexed.count();
        int fingerprint = request.fingerprints[0];
        UUID firstId = request.events.getFirst().eventId();
        return switch (request.expected) {
            case ExpectedVersion.Exact exact -> {
                long at = exact.version().value() + 1;
                yield at < count && isEvent(indexed, (int) at, fingerprint, firstId) ? (int) at : -1;
            }
            case ExpectedVersion.NoStream noStream -> isEvent(indexed, 0, fingerprint, firstId) ? 0 : -1;
            case ExpectedVersion.Any any -> searchWindow(indexed, fingerprint, firstId);
            case ExpectedVersion.StreamExists exists -> searchWindow(indexed, fingerprint, firstId);
        };
    }

    private int searchWindow(StreamIndex.Stream indexed, int fingerprint, UUID id) throws IOException {
        int count = indexed.count();
        int stop = Math.max(0, count - IDEMPOTENCY_WINDOW);
        for (int v = count - 1; v >= stop; v--) {
            if (isEvent(indexed, v, fingerprint, id)) {
                return v;
            }
        }
        return -1;
    }

    private boolean sameIds(StreamIndex.Stream indexed, int start, Request request) throws IOException {
        for (int i = 0; i < request.events.size(); i++) {
            if (!isEvent(indexed, start + i, request.fingerprints[i], request.events.get(i).eventId())) {
                return false;
            }
        }
        return true;
    }

    /** Whether the stream's event at {@code version} has this id: the fingerprint first, then the record itself. */
    private boolean isEvent(StreamIndex.Stream indexed, int version, int fingerprint, UUID id) throws IOException {
        return indexed.fingerprint(version) == fingerprint && id.equals(eventIdAt(indexed.position(version)));
    }

    /** The event id of the record at a position, from the unwritten buffer or from the file. */
    private @Nullable UUID eventIdAt(long position) throws IOException {
        Segment segment = segmentFor(segments, position);
        if (segment == null) {
            return null;
        }
        long offset = position - segment.base();
        if (segment == active && offset >= flushedEnd) {
            int at = (int) (offset - flushedEnd);
            if (at + RecordFormat.HEADER > buffer.position() || buffer.getInt(at) != RecordFormat.MAGIC) {
                return null;
            }
            return RecordFormat.eventId(buffer, at);
        }
        if (!segment.isVerified()) {
            try {
                requireVerified(segment);
            } catch (CorruptRecord e) {
                throw new SegmentDamaged(e.getMessage());
            }
        }
        ByteBuffer header = ByteBuffer.allocate(RecordFormat.HEADER);
        if (segment.read(header, offset) < RecordFormat.HEADER || header.getInt(0) != RecordFormat.MAGIC
                || header.getLong(12) != position) {
            return null;
        }
        return RecordFormat.eventId(header, 0);
    }

    /** Frames a request's records into the buffer (rolling to a new segment first if they do not fit) and indexes them. */
    private void frame(Request request, long durableBefore, Instant now) throws IOException {
        Segment segment = active;
        if (flushedEnd + buffer.position() + request.bytes > segment.limit()) {
            roll();
            segment = active;
        }
        if (buffer.remaining() < request.bytes) {
            flushBuffer();
            if (buffer.capacity() < request.bytes) {
                buffer = ByteBuffer.allocateDirect(request.bytes);
            }
        }
        StreamId stream = request.stream;
        StreamIndex.Stream indexed = index.stream(stream.value());
        long version = indexed == null ? 0 : indexed.count();
        int n = request.events.size();
        long[] positions = new long[n];
        long offset = flushedEnd + buffer.position();
        for (int i = 0; i < n; i++) {
            positions[i] = segment.base() + offset;
            int start = buffer.position();
            RecordFormat.write(buffer, positions[i], durableBefore, version + i, now, n - 1 - i,
                    request.events.get(i).eventId(), request.bodies[i], writeCrc);
            offset += buffer.position() - start;
        }
        bufferedRecords += n;
        indexLock.writeLock().lock();
        try {
            if (indexed == null) {
                indexed = index.getOrCreate(stream);
            }
            for (int i = 0; i < n; i++) {
                index.add(indexed, positions[i], request.fingerprints[i]);
                segment.indexRecord(positions[i] - segment.base());
            }
            if (request.key != null) {
                index.addIdempotencyKey(request.key, indexed, version, version + n - 1, positions[n - 1],
                        request.requestHash);
            }
        } finally {
            indexLock.writeLock().unlock();
        }
        request.indexed = indexed;
        request.positions = positions;
        request.firstVersion = version;
        request.wrote = true;
        request.outcome = new AppendResult.Appended(StreamVersion.of(version + n - 1), GlobalPosition.of(positions[n - 1]));
    }

    /** Writes the buffered records to the active segment (not forced). */
    private void flushBuffer() throws IOException {
        if (buffer.position() == 0) {
            return;
        }
        buffer.flip();
        ByteBuffer accounted = buffer.duplicate();
        active.write(buffer, flushedEnd);
        active.addRecords(bufferedRecords, accounted);
        flushedEnd += accounted.limit();
        active.dataEnd(flushedEnd);
        buffer.clear();
        bufferedRecords = 0;
    }

    /** Seals the active segment (footer, forced) and creates the next one; the directory is forced before the next ack. */
    private void roll() throws IOException {
        flushBuffer();
        Segment old = active;
        old.writeFooter();
        if (fsync) {
            old.force();
        }
        old.markSealed();
        Segment next = Segment.create(io, directory, old.base() + old.capacity(), config.segmentBytes());
        List<Segment> list = new ArrayList<>(segments);
        list.add(next);
        segments = List.copyOf(list);
        active = next;
        flushedEnd = next.dataEnd();
        needDirectorySync = true;
    }

    private void addToDelta(Request request) {
        StreamIndex.Stream indexed = request.indexed;
        while (checkpointedStreams <= indexed.ordinal()) {
            pendingDelta.addStream(index.stream(checkpointedStreams).id().value());
            checkpointedStreams++;
        }
        long[] positions = request.positions;
        for (int i = 0; i < positions.length; i++) {
            pendingDelta.addEvent(positions[i], indexed.ordinal(), request.fingerprints[i]);
        }
        if (request.key != null && index.findIdempotencyKey(request.key) instanceof IdempotencyLookup.Found found
                && found.lastPosition().value() == positions[positions.length - 1]) {
            pendingDelta.addKey(new IndexCheckpoint.Key(request.key, indexed.ordinal(), request.firstVersion,
                    request.firstVersion + positions.length - 1, positions[positions.length - 1], request.requestHash));
        }
    }

    /**
     * Writes the pending index delta up to the durable end (writer thread, after the group was
     * published) and, when {@code mayCompact} and the chain has grown enough, starts a merge.
     */
    private void writeCheckpoint(boolean mayCompact) throws IOException {
        long end = durable.end();
        pendingDelta.end(end);
        IndexCheckpoint.FileInfo written = IndexCheckpoint.write(io, directory, pendingDelta);
        pendingDelta = new IndexCheckpoint.Delta(end, checkpointedStreams, 1024);
        chain.added(written);
        if (mayCompact) {
            List<IndexCheckpoint.FileInfo> files = chain.toCompact();
            if (files != null) {
                compactorThread = Thread.ofPlatform().daemon().name("annals-embedded-compactor-"
                        + directory.getFileName()).start(() -> compact(files));
            }
        }
    }

    /** Merges {@code files} (a chain from position 0) into one index checkpoint file (compactor thread). */
    private void compact(List<IndexCheckpoint.FileInfo> files) {
        try {
            IndexCheckpoint.FileInfo merged = IndexCheckpoint.merge(io, directory, files);
            chain.compacted(files, merged);
            LOG.log(System.Logger.Level.DEBUG, "embedded store " + directory + ": merged " + files.size()
                    + " index checkpoint files into " + merged.file().getFileName() + " (" + merged.events() + " events)");
        } catch (IOException | RuntimeException e) {
            chain.failed();
            LOG.log(System.Logger.Level.WARNING, "embedded store " + directory + ": merging the index checkpoint"
                    + " files failed; the files stay as they were", e);
        }
    }

    /**
     * The index checkpoint files the chain holds (shared by the writer and the compactor): when to
     * merge them, and what is left after a merge.
     */
    private static final class CheckpointChain {
        private final List<IndexCheckpoint.FileInfo> files;
        private boolean merging;

        CheckpointChain(List<IndexCheckpoint.FileInfo> files) {
            this.files = new ArrayList<>(files);
        }

        synchronized void added(IndexCheckpoint.FileInfo file) {
            if (files.isEmpty() ? file.from() == 0 : files.getLast().to() == file.from()) {
                files.add(file);
            }
        }

        /** The files to merge, when there are enough deltas after the first file and no merge runs. */
        synchronized @Nullable List<IndexCheckpoint.FileInfo> toCompact() {
            if (merging || files.size() < 1 + COMPACT_AFTER_DELTAS || files.getFirst().from() != 0) {
                return null;
            }
            long later = 0;
            for (int i = 1; i < files.size(); i++) {
                later += files.get(i).events();
            }
            if (later * 8 < files.getFirst().events()) {
                return null;
            }
            merging = true;
            return List.copyOf(files);
        }

        synchronized void compacted(List<IndexCheckpoint.FileInfo> merged, IndexCheckpoint.FileInfo result) {
            files.subList(0, merged.size()).clear();
            files.addFirst(result);
            merging = false;
        }

        synchronized void failed() {
            merging = false;
        }
    }

    // ---- verification of sealed segments ------------------------------------------------------

    /** Starts the background check of the sealed segments open left unverified (if any). */
    private void startVerifier() {
        List<Segment> unverified = segments.stream().filter(segment -> !segment.isVerified()).toList();
        if (unverified.isEmpty()) {
            verified.countDown();
            return;
        }
        verifierThread = Thread.ofPlatform().daemon().name("annals-embedded-verifier-" + directory.getFileName())
                .start(() -> verifyAll(unverified));
    }

    private void verifyAll(List<Segment> unverified) {
        try {
            for (Segment segment : unverified) {
                if (closed.get() || foundDamage != null) {
                    return;
                }
                try {
                    requireVerified(segment);
                } catch (CorruptRecord e) {
                    return;
                } catch (IOException | RuntimeException e) {
                    if (!closed.get()) {
                        LOG.log(System.Logger.Level.WARNING, "embedded store " + directory + ": background check of "
                                + segment + " failed; reads of it will check it", e);
                    }
                }
            }
        } finally {
            verified.countDown();
        }
    }

    /** Checks a segment's data against its footer unless done; throws when it is damaged. */
    private void requireVerified(Segment segment) throws CorruptRecord, IOException {
        if (segment.isVerified()) {
            return;
        }
        if (segment.verifyData(closed::get)) {
            return;
        }
        String reason = segment.damage();
        if (reason == null) {
            throw new IOException("store is closed");
        }
        DamageReport report = new DamageReport(segment.path(), segment.damageOffset(), reason);
        synchronized (verified) {
            if (foundDamage == null) {
                foundDamage = report;
                LOG.log(System.Logger.Level.ERROR, "embedded store " + directory + " found damage in acknowledged data"
                        + " after open: " + report + "; it now "
                        + (config.onDamage() == DamagePolicy.REFUSE ? "refuses reads and appends" : "is read-only"));
            }
        }
        throw new CorruptRecord(report.toString());
    }

    /**
     * Waits until the background check of the sealed segments has finished (at once when there is
     * none); returns whether it has. {@link #damage()} then tells whether it found damage.
     */
    public boolean awaitVerification(Duration timeout) {
        try {
            return verified.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return verified.getCount() == 0;
        }
    }

    /**
     * Damage in acknowledged data: found at open (the store is then read-only) or by the check of
     * sealed segments after open; null when none was found.
     */
    public @Nullable DamageReport damage() {
        return damage != null ? damage : foundDamage;
    }

    private void signalWaiters() {
        if (waiters.get() > 0) {
            waitLock.lock();
            try {
                advanced.signalAll();
            } finally {
                waitLock.unlock();
            }
        }
    }

    // ---- reading -------------------------------------------------------------------------------

    /** The writer needed a record of a segment that failed its check. */
    private static final class SegmentDamaged extends IOException {
        SegmentDamaged(String message) {
            super(message);
        }
    }

    /** A record failed its checksum (or could not be framed) while being read. */
    private static final class CorruptRecord extends Exception {
        CorruptRecord(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * A per-thread window over one segment, filled by positional reads no further than the durable
     * limit (bytes below it never change), in which records are CRC-checked and decoded.
     */
    private final class Reader {
        private ByteBuffer window = ByteBuffer.allocate(WINDOW);
        private final CRC32C crc = new CRC32C();
        private @Nullable Segment segment;
        private long windowStart = -1;
        private int windowLength;
        int length;

        /** Checks the record at {@code offset}; returns where it lies in {@link #window} ({@link #length} long). */
        int record(Segment target, long offset, long limit, long wanted) throws IOException, CorruptRecord {
            if (!target.isVerified()) {
                requireVerified(target);
            }
            int maxLength = (int) Math.min(Integer.MAX_VALUE, target.limit() - Segment.HEADER);
            long need = wanted;
            boolean covered = target == segment && offset >= windowStart
                    && offset + RecordFormat.HEADER <= windowStart + windowLength;
            for (int attempt = 0; attempt < 3; attempt++) {
                if (attempt > 0 || !covered) {
                    fill(target, offset, limit, need);
                }
                int at = (int) (offset - windowStart);
                int available = (int) Math.max(0, Math.min(windowStart + windowLength, limit) - offset);
                int result = RecordFormat.check(window, at, available, target.base() + offset, maxLength, crc);
                if (result > 0) {
                    length = result;
                    return at;
                }
                if (result == RecordFormat.TRUNCATED && available >= 8) {
                    need = Math.max(need, window.getInt(at + 4));
                }
                boolean fresh = attempt > 0 || !covered;
                if (fresh && (result == RecordFormat.INVALID || available >= Math.min(need, limit - offset))) {
                    break;
                }
            }
            throw new CorruptRecord("record at offset " + offset + " of segment " + target.path()
                    + " fails its checksum or framing");
        }

        private void fill(Segment target, long offset, long limit, long wanted) throws IOException {
            long size = Math.min(Math.max(wanted, MIN_FILL), limit - offset);
            if (size <= 0) {
                segment = target;
                windowStart = offset;
                windowLength = 0;
                return;
            }
            if (size > window.capacity()) {
                if (size > Integer.MAX_VALUE - 64) {
                    size = Integer.MAX_VALUE - 64;
                }
                window = ByteBuffer.allocate((int) size);
            }
            window.clear().limit((int) size);
            int read = target.read(window, offset);
            window.clear();
            segment = target;
            windowStart = offset;
            windowLength = read;
        }

        ByteBuffer window() {
            return window;
        }
    }

    /** The bytes of a segment that readers may look at. */
    private static long readLimit(Segment segment, Durable d) {
        return Math.max(0, Math.min(segment.dataEnd(), d.end() - segment.base()));
    }

    private static @Nullable Segment segmentFor(List<Segment> list, long position) {
        int index = lastSegmentFrom(list, position);
        return index < 0 ? null : list.get(index);
    }

    /** The segment holding {@code position}, or the first segment when the position precedes them all. */
    private static int indexOfSegment(List<Segment> list, long position) {
        return Math.max(0, lastSegmentFrom(list, position));
    }

    /** The index of the last segment whose base is at or below {@code position}; -1 when none is. */
    private static int lastSegmentFrom(List<Segment> list, long position) {
        int low = 0;
        int high = list.size() - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (list.get(mid).base() <= position) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return found;
    }

    /** Reads and decodes the records at ascending {@code positions}. */
    private List<RecordedEvent> readPositions(long[] positions, @Nullable StreamId stream, Durable d)
            throws IOException, CorruptRecord {
        List<Segment> list = segments;
        Reader reader = readers.get();
        List<RecordedEvent> events = new ArrayList<>(positions.length);
        int reach = 0;
        for (int i = 0; i < positions.length; i++) {
            long position = positions[i];
            Segment segment = segmentFor(list, position);
            if (segment == null) {
                throw new CorruptRecord("no segment holds position " + position);
            }
            long segmentEnd = segment.base() + segment.capacity();
            if (reach < i) {
                reach = i;
            }
            while (reach + 1 < positions.length && positions[reach + 1] < segmentEnd
                    && positions[reach + 1] - position < WINDOW - MIN_FILL) {
                reach++;
            }
            int slot = slot(position);
            RecordedEvent cached = decoded[slot];
            if (cached != null && cached.position().value() == position) {
                events.add(cached);
                continue;
            }
            long wanted = positions[reach] - position + MIN_FILL;
            int at = reader.record(segment, position - segment.base(), readLimit(segment, d), wanted);
            RecordedEvent event = RecordFormat.decode(reader.window(), at, stream);
            decoded[slot] = event;
            events.add(event);
        }
        return events;
    }

    private static int slot(long position) {
        return (int) ((position * 0x9E3779B97F4A7C15L) >>> (64 - 14));
    }

    private static void requirePositive(int maxCount) {
        if (maxCount < 1) {
            throw new IllegalArgumentException("maxCount must be >= 1: " + maxCount);
        }
    }

    @Override
    public ReadStreamResult readStream(StreamId stream, StreamVersion from, ReadDirection direction, int maxCount) {
        requirePositive(maxCount);
        StorageFailure refused = readRefusal();
        if (refused != null) {
            return new ReadStreamResult.Failed(refused);
        }
        Durable d = durable;
        int count = Math.min(maxCount, MAX_PAGE);
        long[] positions;
        int visible;
        int first;
        StreamId id;
        indexLock.readLock().lock();
        try {
            StreamIndex.Stream indexed = index.stream(stream.value());
            visible = indexed == null ? 0 : indexed.countAtOrBefore(d.head());
            if (visible == 0) {
                return new ReadStreamResult.NotFound(stream);
            }
            id = indexed.id();
            if (direction == ReadDirection.FORWARD) {
                if (from.value() >= visible) {
                    return new ReadStreamResult.Found(stream, List.of(), StreamVersion.of(visible - 1), true);
                }
                first = (int) from.value();
                int end = (int) Math.min(visible, (long) first + count);
                positions = indexed.positions(first, end - first);
            } else {
                int start = (int) Math.min(from.value(), visible - 1);
                first = Math.max(0, start - count + 1);
                positions = indexed.positions(first, start - first + 1);
            }
        } finally {
            indexLock.readLock().unlock();
        }
        try {
            List<RecordedEvent> events = readPositions(positions, id, d);
            StreamVersion last = StreamVersion.of(visible - 1);
            if (direction == ReadDirection.FORWARD) {
                return new ReadStreamResult.Found(stream, events, last, first + events.size() == visible);
            }
            java.util.Collections.reverse(events);
            return new ReadStreamResult.Found(stream, events, last, first == 0);
        } catch (CorruptRecord e) {
            return new ReadStreamResult.Failed(StorageFailure.corrupted(e.getMessage()));
        } catch (IOException e) {
            return new ReadStreamResult.Failed(StorageFailure.unavailable("reading " + stream + " failed: " + e));
        }
    }

    @Override
    public ReadAllResult readAll(GlobalPosition after, int maxCount) {
        requirePositive(maxCount);
        StorageFailure refused = readRefusal();
        if (refused != null) {
            return new ReadAllResult.Failed(refused);
        }
        Durable d = durable;
        GlobalPosition head = GlobalPosition.of(d.head());
        if (d.head() <= after.value()) {
            return new ReadAllResult.Page(List.of(), head, true);
        }
        int count = Math.min(maxCount, MAX_PAGE);
        List<Segment> list = segments;
        int segmentIndex = indexOfSegment(list, after.value());
        Segment segment = list.get(segmentIndex);
        long offset;
        long relative = after.value() - segment.base();
        if (relative < Segment.HEADER) {
            offset = Segment.HEADER;
        } else {
            indexLock.readLock().lock();
            try {
                offset = segment.scanStartFor(relative);
            } finally {
                indexLock.readLock().unlock();
            }
        }
        Reader reader = readers.get();
        List<RecordedEvent> events = new ArrayList<>(Math.min(count, 1024));
        long lastPosition = -1;
        try {
            while (events.size() < count) {
                long limit = readLimit(segment, d);
                if (offset >= limit) {
                    if (segmentIndex + 1 >= list.size()) {
                        break;
                    }
                    segment = list.get(++segmentIndex);
                    offset = Segment.HEADER;
                    continue;
                }
                long position = segment.base() + offset;
                if (position > d.head()) {
                    break;
                }
                int at = reader.record(segment, offset, limit, WINDOW);
                if (position > after.value()) {
                    events.add(RecordFormat.decode(reader.window(), at, null));
                    lastPosition = position;
                }
                offset += reader.length;
            }
        } catch (CorruptRecord e) {
            return new ReadAllResult.Failed(StorageFailure.corrupted(e.getMessage()));
        } catch (IOException e) {
            return new ReadAllResult.Failed(StorageFailure.unavailable("reading $all failed: " + e));
        }
        boolean isEnd = events.size() < count || lastPosition >= d.head();
        return new ReadAllResult.Page(events, head, isEnd);
    }

    @Override
    public ReadAllResult readCategory(String category, GlobalPosition after, int maxCount) {
        requirePositive(maxCount);
        StorageFailure refused = readRefusal();
        if (refused != null) {
            return new ReadAllResult.Failed(refused);
        }
        Durable d = durable;
        GlobalPosition head = GlobalPosition.of(d.head());
        int count = Math.min(maxCount, MAX_PAGE);
        long[] positions;
        boolean isEnd;
        indexLock.readLock().lock();
        try {
            LongList list = index.category(category);
            if (list == null) {
                return new ReadAllResult.Page(List.of(), head, true);
            }
            int low = list.firstAfter(after.value());
            int high = list.firstAfter(d.head());
            if (low >= high) {
                return new ReadAllResult.Page(List.of(), head, true);
            }
            int end = Math.min(high, low + count);
            positions = list.copy(low, end - low);
            isEnd = end == high;
        } finally {
            indexLock.readLock().unlock();
        }
        try {
            return new ReadAllResult.Page(readPositions(positions, null, d), head, isEnd);
        } catch (CorruptRecord e) {
            return new ReadAllResult.Failed(StorageFailure.corrupted(e.getMessage()));
        } catch (IOException e) {
            return new ReadAllResult.Failed(StorageFailure.unavailable("reading category " + category + " failed: " + e));
        }
    }

    @Override
    public IdempotencyLookup findIdempotencyKey(String key) {
        Durable d = durable;
        IdempotencyLookup found;
        indexLock.readLock().lock();
        try {
            found = index.findIdempotencyKey(key);
        } finally {
            indexLock.readLock().unlock();
        }
        if (found instanceof IdempotencyLookup.Found f && f.lastPosition().value() > d.head()) {
            return new IdempotencyLookup.NotFound();
        }
        return found;
    }

    @Override
    public boolean awaitPositionAfter(GlobalPosition position, Duration timeout) {
        if (durable.head() > position.value()) {
            return true;
        }
        long nanos = timeout.toNanos();
        waitLock.lock();
        waiters.incrementAndGet();
        try {
            while (durable.head() <= position.value()) {
                if (nanos <= 0 || closed.get()) {
                    return false;
                }
                nanos = advanced.awaitNanos(nanos);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return durable.head() > position.value();
        } finally {
            waiters.decrementAndGet();
            waitLock.unlock();
        }
    }

    // ---- subscriptions -------------------------------------------------------------------------

    /** Catches up from the log, then stays live on the events the writer pushes after each fsync. */
    @Override
    public Subscription subscribeToAll(GlobalPosition after) {
        tail.attach(durable.head());
        return PollingSubscription.over(this, null, after, this::livePage, tail::detach);
    }

    @Override
    public Subscription subscribeToCategory(String category, GlobalPosition after) {
        tail.attach(durable.head());
        return PollingSubscription.over(this, category, after, this::livePage, tail::detach);
    }

    /** A subscription's next page: from the live tail while it covers the cursor, else from the log. */
    private ReadAllResult livePage(GlobalPosition after, @Nullable String category, int maxCount) {
        ReadAllResult fromTail = tail.read(after.value(), category, maxCount);
        if (fromTail != null) {
            return fromTail;
        }
        return category == null ? readAll(after, maxCount) : readCategory(category, after, maxCount);
    }

    // ---- state ---------------------------------------------------------------------------------

    /**
     * Whether the store is read-only because of damage: found at open ({@link RecoveryReport#damage()}
     * says where) or by the check of sealed segments after open ({@link #damage()}).
     */
    public boolean isReadOnly() {
        return readOnly || foundDamage != null;
    }

    /** Whether the store failed stop after an I/O error (appends answer UNAVAILABLE until it is reopened). */
    public boolean isFailed() {
        return failure != null;
    }

    public EmbeddedStoreConfig config() {
        return config;
    }

    /** Durable events and streams, head position, bytes of segment and index files, segment count. */
    public StoreStats stats() {
        Durable d = durable;
        List<Segment> list = segments;
        long bytes = 0;
        for (Segment segment : list) {
            try {
                bytes += segment.fileSize();
            } catch (IOException e) {
                bytes += segment.dataEnd();
            }
        }
        Path indexDirectory = directory.resolve(IndexCheckpoint.DIRECTORY);
        if (Files.isDirectory(indexDirectory)) {
            try (Stream<Path> files = Files.list(indexDirectory)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    bytes += Files.size(file);
                }
            } catch (IOException e) {
                // a checkpoint file replaced while listing: the figure is approximate anyway
            }
        }
        return new StoreStats(d.events(), d.streams(), GlobalPosition.of(d.head()), bytes, list.size());
    }

    @Override
    public void close() {
        gate.writeLock().lock();
        try {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
        } finally {
            gate.writeLock().unlock();
        }
        Thread writer = writerThread;
        if (writer != null && writer.isAlive()) {
            queue.add(Request.closeMarker());
            join(writer);
        }
        join(verifierThread);
        join(compactorThread);
        List<Request> left = new ArrayList<>();
        queue.drainTo(left);
        failAll(left, StorageFailure.unavailable("store is closed"));
        signalWaiters();
        waitLock.lock();
        try {
            advanced.signalAll();
        } finally {
            waitLock.unlock();
        }
        closeFiles();
    }

    private static void join(@Nullable Thread thread) {
        if (thread == null) {
            return;
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeFiles() {
        for (Segment segment : segments) {
            segment.closeQuietly();
        }
        if (lockChannel != null) {
            release(lockChannel, lock);
        }
    }

    private static void release(FileChannel channel, @Nullable FileLock lock) {
        try {
            if (lock != null && lock.isValid()) {
                lock.release();
            }
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to do with it
        }
    }

    @Override
    public String toString() {
        return "EmbeddedEventStore[" + directory + (isReadOnly() ? ", read-only" : "") + (failure != null ? ", failed" : "")
                + "]";
    }
}
