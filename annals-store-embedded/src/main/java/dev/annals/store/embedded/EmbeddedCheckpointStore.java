// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.embedded;

import dev.annals.core.checkpoint.CheckpointStore;
import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.StorageFailure;
import dev.annals.core.store.WriteResult;
import dev.annals.store.embedded.checkpoint.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/*
 * Design
 * ------
 * One small file per checkpoint name (<dir>/<name>.ckpt, see FileNames), replaced atomically through
 * AtomicFiles, so a crash leaves the old position or the new one. Layout (big-endian): magic int
 * 'ANCK', format int, position long, name (short + utf8), CRC32C int of everything before. A damaged
 * file loads as Failed CORRUPTED, never as a made-up position. Saves of one name are serialised on a
 * striped lock; a save may move a checkpoint in either direction (the caller decides).
 */

/** Named consumer positions in files, for use beside an embedded store. */
public final class EmbeddedCheckpointStore implements CheckpointStore {
    private static final int MAGIC = 0x414E434B;
    private static final int FORMAT = 1;
    private static final String SUFFIX = ".ckpt";

    private final NamedFiles files;
    private final StorageIo io;

    /** Keeps checkpoints in {@code directory}, creating it if needed. */
    public EmbeddedCheckpointStore(Path directory) {
        this(directory, StorageIo.system());
    }

    public EmbeddedCheckpointStore(Path directory, StorageIo io) {
        this.files = new NamedFiles(directory, SUFFIX, "checkpoint");
        this.io = io;
    }

    public Path directory() {
        return files.directory();
    }

    @Override
    public Load load(String name) {
        CheckpointStore.requireValidName(name);
        Path file = file(name);
        try {
            byte[] bytes = AtomicFiles.read(io, file);
            if (bytes == null) {
                return new Load.NotFound();
            }
            if (bytes.length < 22) {
                return new Load.Failed(StorageFailure.corrupted("checkpoint file " + file + " is too short"));
            }
            CRC32C crc = new CRC32C();
            crc.update(bytes, 0, bytes.length - 4);
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            if (buffer.getInt(bytes.length - 4) != (int) crc.getValue() || buffer.getInt() != MAGIC
                    || buffer.getInt() != FORMAT) {
                return new Load.Failed(StorageFailure.corrupted("checkpoint file " + file + " fails its checksum"));
            }
            long position = buffer.getLong();
            byte[] stored = new byte[buffer.getShort() & 0xFFFF];
            buffer.get(stored);
            if (!new String(stored, StandardCharsets.UTF_8).equals(name) || position < 0) {
                return new Load.Failed(StorageFailure.corrupted("checkpoint file " + file + " belongs to another name"));
            }
            return new Load.Found(GlobalPosition.of(position));
        } catch (IOException e) {
            return new Load.Failed(StorageFailure.unavailable("reading checkpoint " + name + " failed: " + e));
        } catch (RuntimeException e) {
            return new Load.Failed(StorageFailure.corrupted("checkpoint file " + file + " cannot be decoded: " + e));
        }
    }

    @Override
    public WriteResult save(String name, GlobalPosition position) {
        CheckpointStore.requireValidName(name);
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(4 + 4 + 8 + 2 + bytes.length + 4);
        buffer.putInt(MAGIC).putInt(FORMAT).putLong(position.value()).putShort((short) bytes.length).put(bytes);
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), 0, buffer.position());
        buffer.putInt((int) crc.getValue()).flip();
        synchronized (files.lockOf(name)) {
            try {
                AtomicFiles.write(io, file(name), buffer);
                return WriteResult.WRITTEN;
            } catch (IOException e) {
                return new WriteResult.Failed(EmbeddedSnapshotStore.failureOf("saving checkpoint " + name, e));
            }
        }
    }

    private Path file(String name) {
        return files.file(name);
    }
}
