// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections.file;

import dev.annals.core.store.StorageFailure;
import dev.annals.core.store.WriteResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.jspecify.annotations.Nullable;

/*
 * A small durable map for rarely-changing records (dead letters, deadlines): a RecordLog whose
 * records are [PUT][key][value] or [REMOVE][key], replayed into a sorted map on open and compacted
 * into a snapshot of PUTs once the log holds four times more records than the map (and at least 1024).
 * Each put/remove is forced before it is applied to memory. Thread-safe (all methods synchronized);
 * the first I/O error makes it fail-stop like the other file stores.
 */
final class KeyedFile<V> implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(KeyedFile.class.getName());
    private static final byte PUT = 1;
    private static final byte REMOVE = 2;

    private final TreeMap<String, V> values = new TreeMap<>();
    private final BiConsumer<ByteBuffer, V> writer;
    private final ToIntFunction<V> sizer;
    private final Function<ByteBuffer, V> reader;
    private final RecordLog log;
    private long logRecords;
    private @Nullable StorageFailure failure;

    private KeyedFile(Path dir, String name, BiConsumer<ByteBuffer, V> writer, ToIntFunction<V> sizer,
                      Function<ByteBuffer, V> reader) throws IOException {
        this.writer = writer;
        this.sizer = sizer;
        this.reader = reader;
        this.log = RecordLog.open(dir, name, this::replay, record -> {
            replay(record);
            logRecords++;
        });
    }

    static <V> KeyedFile<V> open(Path dir, String name, BiConsumer<ByteBuffer, V> writer, ToIntFunction<V> sizer,
                                 Function<ByteBuffer, V> reader) throws IOException {
        return new KeyedFile<>(dir, name, writer, sizer, reader);
    }

    synchronized WriteResult put(String key, V value) {
        return write(record(PUT, key, value), () -> values.put(key, value));
    }

    /** Puts several values with one forced write. */
    synchronized WriteResult putAll(Map<String, V> entries) {
        if (entries.isEmpty()) {
            return WriteResult.WRITTEN;
        }
        if (failure != null) {
            return new WriteResult.Failed(failure);
        }
        List<ByteBuffer> records = new ArrayList<>(entries.size());
        entries.forEach((key, value) -> records.add(record(PUT, key, value)));
        try {
            log.appendAll(records);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "write failed; refusing further writes", e);
            failure = StorageFailure.unavailable("write failed: " + e.getMessage());
            return new WriteResult.Failed(failure);
        }
        values.putAll(entries);
        logRecords += entries.size() - 1;
        return write(null, () -> { });
    }

    synchronized WriteResult remove(String key) {
        if (!values.containsKey(key)) {
            return WriteResult.WRITTEN;
        }
        return write(record(REMOVE, key, null), () -> values.remove(key));
    }

    synchronized @Nullable StorageFailure failure() {
        return failure;
    }

    synchronized List<V> values() {
        return new ArrayList<>(values.values());
    }

    synchronized Map<String, V> copy() {
        return new TreeMap<>(values);
    }

    @Override
    public synchronized void close() {
        try {
            log.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "closing", e);
        }
        if (failure == null) {
            failure = StorageFailure.unavailable("closed");
        }
    }

    /** Appends {@code record} (null: already appended) and applies it; compacts when the log has grown. */
    private WriteResult write(@Nullable ByteBuffer record, Runnable apply) {
        if (failure != null) {
            return new WriteResult.Failed(failure);
        }
        try {
            if (record != null) {
                log.append(record);
            }
            apply.run();
            logRecords++;
            if (logRecords > 1024 && logRecords > 4L * values.size()) {
                List<ByteBuffer> snapshot = new ArrayList<>(values.size());
                values.forEach((key, value) -> snapshot.add(record(PUT, key, value)));
                log.compact(snapshot);
                logRecords = 0;
            }
            return WriteResult.WRITTEN;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "write failed; refusing further writes", e);
            failure = StorageFailure.unavailable("write failed: " + e.getMessage());
            return new WriteResult.Failed(failure);
        }
    }

    private ByteBuffer record(byte type, String key, @Nullable V value) {
        ByteBuffer buffer = ByteBuffer.allocate(1 + Binary.sizeOf(key) + (value == null ? 0 : sizer.applyAsInt(value)));
        buffer.put(type);
        Binary.putString(buffer, key);
        if (value != null) {
            writer.accept(buffer, value);
        }
        return buffer.flip();
    }

    private void replay(ByteBuffer record) {
        byte type = record.get();
        String key = Binary.getString(record);
        if (type == PUT) {
            values.put(key, reader.apply(record));
        } else if (type == REMOVE) {
            values.remove(key);
        } else {
            throw new IllegalStateException("unknown record type " + type);
        }
    }
}
