// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.embedded;

import dev.annals.core.snapshot.Snapshot;
import dev.annals.core.snapshot.SnapshotStore;
import dev.annals.core.store.StorageFailure;
import dev.annals.core.store.StreamId;
import dev.annals.core.store.StreamVersion;
import dev.annals.core.store.WriteResult;
import dev.annals.store.embedded.checkpoint.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/*
 * Design
 * ------
 * One file per stream (<dir>/<stream>.snap, see FileNames), replaced atomically (AtomicFiles: temp
 * file, force, rename, force directory), so a reader or a crash sees the old snapshot or the new one.
 * Layout (big-endian): magic int 'ANSN', format int, version long, state schema int, takenAt second
 * long + nano int, stream id (short + utf8), state (int + bytes), CRC32C int of everything before.
 * A file that fails its CRC, or names another stream, loads as Failed CORRUPTED.
 *
 * Concurrency: saves and deletes of one stream are serialised on a striped lock, so "never go
 * backwards" (read the stored version, compare, replace) is atomic within this process. Loads take no
 * lock: a rename is atomic.
 */

/** Latest snapshot per stream, in files beside (or inside) an embedded store's directory. */
public final class EmbeddedSnapshotStore implements SnapshotStore {
    private static final int MAGIC = 0x414E534E;
    private static final int FORMAT = 1;
    private static final String SUFFIX = ".snap";

    private final NamedFiles files;
    private final StorageIo io;

    /** Keeps snapshots in {@code directory}, creating it if needed. */
    public EmbeddedSnapshotStore(Path directory) {
        this(directory, StorageIo.system());
    }

    public EmbeddedSnapshotStore(Path directory, StorageIo io) {
        this.files = new NamedFiles(directory, SUFFIX, "snapshot");
        this.io = io;
    }

    public Path directory() {
        return files.directory();
    }

    @Override
    public Load load(StreamId stream) {
        try {
            Snapshot snapshot = read(stream);
            return snapshot == null ? new Load.NotFound() : new Load.Found(snapshot);
        } catch (Corrupt e) {
            return new Load.Failed(StorageFailure.corrupted(e.getMessage()));
        } catch (IOException e) {
            return new Load.Failed(StorageFailure.unavailable("reading the snapshot of " + stream + " failed: " + e));
        }
    }

    @Override
    public WriteResult save(Snapshot snapshot) {
        synchronized (lockOf(snapshot.stream())) {
            try {
                Snapshot stored;
                try {
                    stored = read(snapshot.stream());
                } catch (Corrupt e) {
                    stored = null;
                }
                if (stored != null && stored.version().compareTo(snapshot.version()) > 0) {
                    return WriteResult.WRITTEN;
                }
                AtomicFiles.write(io, file(snapshot.stream()), encode(snapshot));
                return WriteResult.WRITTEN;
            } catch (IOException e) {
                return new WriteResult.Failed(failureOf("saving the snapshot of " + snapshot.stream(), e));
            }
        }
    }

    @Override
    public WriteResult delete(StreamId stream) {
        synchronized (lockOf(stream)) {
            try {
                Path file = file(stream);
                if (Files.exists(file)) {
                    io.delete(file);
                    io.syncDirectory(files.directory());
                }
                return WriteResult.WRITTEN;
            } catch (IOException e) {
                return new WriteResult.Failed(failureOf("deleting the snapshot of " + stream, e));
            }
        }
    }

    private Object lockOf(StreamId stream) {
        return files.lockOf(stream.value());
    }

    private Path file(StreamId stream) {
        return files.file(stream.value());
    }

    private static final class Corrupt extends Exception {
        Corrupt(String message) {
            super(message, null, false, false);
        }
    }

    private @Nullable Snapshot read(StreamId stream) throws IOException, Corrupt {
        Path file = file(stream);
        byte[] bytes = AtomicFiles.read(io, file);
        if (bytes == null) {
            return null;
        }
        try {
            if (bytes.length < 40) {
                throw new Corrupt("snapshot file " + file + " is too short");
            }
            CRC32C crc = new CRC32C();
            crc.update(bytes, 0, bytes.length - 4);
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            if (buffer.getInt(bytes.length - 4) != (int) crc.getValue() || buffer.getInt() != MAGIC
                    || buffer.getInt() != FORMAT) {
                throw new Corrupt("snapshot file " + file + " fails its checksum");
            }
            long version = buffer.getLong();
            int schema = buffer.getInt();
            Instant takenAt = Instant.ofEpochSecond(buffer.getLong(), buffer.getInt());
            byte[] name = new byte[buffer.getShort() & 0xFFFF];
            buffer.get(name);
            if (!new String(name, StandardCharsets.UTF_8).equals(stream.value())) {
                throw new Corrupt("snapshot file " + file + " belongs to another stream");
            }
            byte[] state = new byte[buffer.getInt()];
            buffer.get(state);
            return new Snapshot(stream, StreamVersion.of(version), schema, state, takenAt);
        } catch (RuntimeException e) {
            throw new Corrupt("snapshot file " + file + " cannot be decoded: " + e.getMessage());
        }
    }

    private static ByteBuffer encode(Snapshot snapshot) {
        byte[] name = snapshot.stream().value().getBytes(StandardCharsets.UTF_8);
        byte[] state = snapshot.state();
        ByteBuffer buffer = ByteBuffer.allocate(4 + 4 + 8 + 4 + 12 + 2 + name.length + 4 + state.length + 4);
        buffer.putInt(MAGIC).putInt(FORMAT).putLong(snapshot.version().value()).putInt(snapshot.stateSchemaVersion())
                .putLong(snapshot.takenAt().getEpochSecond()).putInt(snapshot.takenAt().getNano())
                .putShort((short) name.length).put(name).putInt(state.length).put(state);
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), 0, buffer.position());
        buffer.putInt((int) crc.getValue());
        return buffer.flip();
    }

    static StorageFailure failureOf(String what, IOException e) {
        String text = String.valueOf(e.getMessage());
        if (text.contains("No space left") || text.contains("Disk quota exceeded")) {
            return new StorageFailure(StorageFailure.Kind.CAPACITY_EXHAUSTED, what + ": disk full: " + e);
        }
        return StorageFailure.unavailable(what + " failed: " + e);
    }
}
