// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections.file;

import dev.annals.core.decider.StateCodec;
import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.StorageFailure;
import dev.annals.projections.ReadableViewStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/*
 * Format
 * ------
 * A RecordLog named "view" in the directory. Every commit is ONE log record:
 *   [type=COMMIT:byte][checkpoint:long][fencingToken:long][count:int]
 *   count x ([keyLength:int][key:utf8][appliedAt:long][stateLength:int, -1 = deleted][state bytes])
 * so the changed states, the checkpoint and the fencing token are written (and forced) together:
 * a crash keeps the whole commit or none of it, which is why isAtomic() is true. States are encoded
 * with the caller's StateCodec; its schemaVersion is recorded in the snapshot header, and a store
 * whose states were written at another schema version is opened empty (a rebuild), never misread.
 *
 * A snapshot (compaction) is: [type=HEADER][schemaVersion:int][hasCheckpoint:byte][checkpoint:long]
 * [fencingToken:long], then records [type=STATES][count:int] + entries as above, 1024 per record.
 * Compaction runs after a commit once the log passes compactAfterBytes.
 *
 * Invariants
 * ----------
 * - The in-memory map is exactly the replay of snapshot + log; it is changed only after the record
 *   describing the change is forced.
 * - Fencing: a commit whose token is below the highest token seen (also across restarts, as the
 *   token is in every record) is refused before anything is written.
 *
 * Concurrency
 * -----------
 * One process owns the directory: open() takes an exclusive OS lock on "view.lock" and fails with
 * UNAVAILABLE when another process (or another open store in this one) holds it. Commits are
 * serialised; readers read a ConcurrentHashMap and never block the writer.
 *
 * Failure modes
 * -------------
 * The first I/O error makes the store fail-stop: it and every later commit answer Failed
 * (UNAVAILABLE), reads keep answering from memory. Reopen to recover; the runner then replays from
 * the last durable checkpoint.
 */

/** A durable, atomic view store for the embedded deployment: one CRC-framed log record per commit. */
public final class FileViewStore<S> implements ReadableViewStore<S>, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(FileViewStore.class.getName());
    private static final byte COMMIT = 1;
    private static final byte HEADER = 2;
    private static final byte STATES = 3;
    private static final int STATES_PER_RECORD = 1024;
    /** Compact when the log passes this many bytes and is larger than the last snapshot. */
    public static final long DEFAULT_COMPACT_AFTER_BYTES = 64L * 1024 * 1024;

    private record Entry<S>(S state, GlobalPosition appliedAt) {}

    private final StateCodec<S> codec;
    private final long compactAfterBytes;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final ConcurrentHashMap<String, Entry<S>> states = new ConcurrentHashMap<>();
    private RecordLog log;
    private volatile GlobalPosition checkpoint = GlobalPosition.START;
    private boolean hasCheckpoint;
    private long highestToken = Long.MIN_VALUE;
    private long lastSnapshotBytes;
    private boolean isSchemaMismatch;
    private volatile @Nullable StorageFailure failure;
    private boolean hasHeader;

    /** The outcome of opening a file view store. */
    public sealed interface OpenResult<S> {
        record Opened<S>(FileViewStore<S> store) implements OpenResult<S> {}

        record Failed<S>(StorageFailure failure) implements OpenResult<S> {}
    }

    private FileViewStore(StateCodec<S> codec, long compactAfterBytes, FileChannel lockChannel, FileLock lock) {
        this.codec = codec;
        this.compactAfterBytes = compactAfterBytes;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    public static <S> OpenResult<S> open(Path dir, StateCodec<S> codec) {
        return open(dir, codec, DEFAULT_COMPACT_AFTER_BYTES);
    }

    public static <S> OpenResult<S> open(Path dir, StateCodec<S> codec, long compactAfterBytes) {
        FileChannel lockChannel = null;
        try {
            Files.createDirectories(dir);
            lockChannel = FileChannel.open(dir.resolve("view.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                lockChannel.close();
                return new OpenResult.Failed<>(StorageFailure.unavailable("view store " + dir + " is open in another process"));
            }
            FileViewStore<S> store = new FileViewStore<>(codec, compactAfterBytes, lockChannel, lock);
            store.log = RecordLog.open(dir, "view", store::replaySnapshotRecord, store::replayLogRecord);
            if (!store.hasHeader || store.isSchemaMismatch) {
                if (store.isSchemaMismatch) {
                    LOG.log(System.Logger.Level.WARNING, "{0}: states were written at another schema version; starting empty", dir);
                }
                store.states.clear();
                store.hasCheckpoint = false;
                store.checkpoint = GlobalPosition.START;
                store.compactNow();
            }
            return new OpenResult.Opened<>(store);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot open view store " + dir, e);
            if (lockChannel != null) {
                try {
                    lockChannel.close();
                } catch (IOException ignored) {
                    // already failing; the open error is the one reported
                }
            }
            return new OpenResult.Failed<>(StorageFailure.corrupted("cannot open view store " + dir + ": " + e.getMessage()));
        }
    }

    @Override
    public Load<S> load(String key) {
        Entry<S> entry = states.get(key);
        return entry == null ? new Load.NotFound<>() : new Load.Found<>(entry.state(), entry.appliedAt());
    }

    @Override
    public synchronized CheckpointLoad checkpoint() {
        return hasCheckpoint ? new CheckpointLoad.Found(checkpoint, highestToken) : new CheckpointLoad.NotFound();
    }

    @Override
    public synchronized CommitResult commit(List<Change<S>> changes, GlobalPosition position, long fencingToken) {
        if (failure != null) {
            return new CommitResult.Failed(failure);
        }
        if (fencingToken < highestToken) {
            return new CommitResult.Fenced(highestToken);
        }
        List<byte @Nullable []> encoded = new ArrayList<>(changes.size());
        int size = 1 + 8 + 8 + 4;
        for (Change<S> change : changes) {
            S state = change.state();
            byte @Nullable [] bytes = state == null ? null : codec.encode(state);
            encoded.add(bytes);
            size += 4 + change.key().length() * 3 + 8 + 4 + (bytes == null ? 0 : bytes.length);
        }
        ByteBuffer record = ByteBuffer.allocate(size);
        record.put(COMMIT).putLong(position.value()).putLong(fencingToken).putInt(changes.size());
        for (int i = 0; i < changes.size(); i++) {
            putEntry(record, changes.get(i).key(), changes.get(i).appliedAt(), encoded.get(i));
        }
        record.flip();
        try {
            log.append(record);
        } catch (IOException e) {
            return new CommitResult.Failed(fail("commit", e));
        }
        // durable from here: apply to memory
        highestToken = fencingToken;
        for (Change<S> change : changes) {
            S state = change.state();
            if (state == null) {
                states.remove(change.key());
            } else {
                states.put(change.key(), new Entry<>(state, change.appliedAt()));
            }
        }
        checkpoint = position;
        hasCheckpoint = true;
        if (log.logBytes() > compactAfterBytes && log.logBytes() > lastSnapshotBytes) {
            try {
                compactNow();
            } catch (IOException e) {
                fail("compaction", e);  // this commit is durable; later ones will answer Failed
            }
        }
        return new CommitResult.Committed();
    }

    @Override
    public boolean isAtomic() {
        return true;
    }

    @Override
    public Optional<S> find(String key) {
        Entry<S> entry = states.get(key);
        return entry == null ? Optional.empty() : Optional.of(entry.state());
    }

    @Override
    public List<S> all() {
        List<S> all = new ArrayList<>(states.size());
        for (Entry<S> entry : states.values()) {
            all.add(entry.state());
        }
        return all;
    }

    @Override
    public GlobalPosition appliedPosition() {
        return checkpoint;
    }

    @Override
    public Map<String, S> snapshot() {
        Map<String, S> copy = new java.util.TreeMap<>();
        states.forEach((key, entry) -> copy.put(key, entry.state()));
        return copy;
    }

    /** Writes the whole state as a new snapshot generation and starts an empty log. */
    public synchronized void compactNow() throws IOException {
        List<ByteBuffer> records = new ArrayList<>();
        ByteBuffer header = ByteBuffer.allocate(1 + 4 + 1 + 8 + 8);
        header.put(HEADER).putInt(codec.schemaVersion()).put((byte) (hasCheckpoint ? 1 : 0))
                .putLong(checkpoint.value()).putLong(highestToken).flip();
        records.add(header);
        long total = header.remaining();
        List<Map.Entry<String, Entry<S>>> entries = new ArrayList<>(states.entrySet());
        for (int start = 0; start < entries.size(); start += STATES_PER_RECORD) {
            int end = Math.min(entries.size(), start + STATES_PER_RECORD);
            List<byte[]> encoded = new ArrayList<>(end - start);
            int size = 1 + 4;
            for (int i = start; i < end; i++) {
                byte[] bytes = codec.encode(entries.get(i).getValue().state());
                encoded.add(bytes);
                size += 4 + entries.get(i).getKey().length() * 3 + 8 + 4 + bytes.length;
            }
            ByteBuffer record = ByteBuffer.allocate(size);
            record.put(STATES).putInt(end - start);
            for (int i = start; i < end; i++) {
                var e = entries.get(i);
                putEntry(record, e.getKey(), e.getValue().appliedAt(), encoded.get(i - start));
            }
            record.flip();
            total += record.remaining();
            records.add(record);
        }
        log.compact(records);
        lastSnapshotBytes = total;
    }

    @Override
    public synchronized void close() {
        try {
            log.close();
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "closing view store", e);
        }
        if (failure == null) {
            failure = StorageFailure.unavailable("view store closed");
        }
    }

    private StorageFailure fail(String what, IOException e) {
        LOG.log(System.Logger.Level.ERROR, "view store " + what + " failed; refusing further writes", e);
        failure = StorageFailure.unavailable("view store " + what + " failed: " + e.getMessage());
        return failure;
    }

    private static void putEntry(ByteBuffer record, String key, GlobalPosition appliedAt, byte @Nullable [] state) {
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        record.putInt(keyBytes.length).put(keyBytes).putLong(appliedAt.value());
        if (state == null) {
            record.putInt(-1);
        } else {
            record.putInt(state.length).put(state);
        }
    }

    private void readEntry(ByteBuffer record) {
        byte[] keyBytes = new byte[record.getInt()];
        record.get(keyBytes);
        String key = new String(keyBytes, StandardCharsets.UTF_8);
        GlobalPosition appliedAt = GlobalPosition.of(record.getLong());
        int length = record.getInt();
        if (length < 0) {
            states.remove(key);
            return;
        }
        byte[] bytes = new byte[length];
        record.get(bytes);
        if (isSchemaMismatch) {
            return;
        }
        Optional<S> state = codec.decode(bytes);
        if (state.isEmpty()) {
            isSchemaMismatch = true;
            return;
        }
        states.put(key, new Entry<>(state.get(), appliedAt));
    }

    private void replaySnapshotRecord(ByteBuffer record) {
        lastSnapshotBytes += record.remaining();
        byte type = record.get();
        if (type == HEADER) {
            hasHeader = true;
            isSchemaMismatch = record.getInt() != codec.schemaVersion();
            hasCheckpoint = record.get() == 1;
            checkpoint = GlobalPosition.of(record.getLong());
            highestToken = record.getLong();
        } else if (type == STATES) {
            int count = record.getInt();
            for (int i = 0; i < count; i++) {
                readEntry(record);
            }
        } else {
            throw new IllegalStateException("unknown snapshot record type " + type);
        }
    }

    private void replayLogRecord(ByteBuffer record) {
        byte type = record.get();
        if (type != COMMIT) {
            throw new IllegalStateException("unknown log record type " + type);
        }
        checkpoint = GlobalPosition.of(record.getLong());
        highestToken = record.getLong();
        hasCheckpoint = true;
        int count = record.getInt();
        for (int i = 0; i < count; i++) {
            readEntry(record);
        }
    }
}
