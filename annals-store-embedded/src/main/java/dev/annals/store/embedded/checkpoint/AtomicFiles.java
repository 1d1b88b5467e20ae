// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.embedded.checkpoint;

import dev.annals.store.embedded.StorageIo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Replaces a small file atomically: write a temp file beside it, force it, rename it over the
 * target, force the directory. A reader (or a crash) sees the old content or the new, never a mix;
 * after {@link #write} returns the new content survives power loss. Temp files left by a crash end
 * in {@value #TEMP_SUFFIX} and may be deleted at open.
 */
public final class AtomicFiles {
    public static final String TEMP_SUFFIX = ".tmp";
    private static final AtomicLong TEMP_COUNTER = new AtomicLong();

    private AtomicFiles() {
    }

    public static void write(StorageIo io, Path target, ByteBuffer content) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + "." + TEMP_COUNTER.incrementAndGet() + TEMP_SUFFIX);
        boolean moved = false;
        try {
            try (FileChannel channel = io.open(temp, EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING))) {
                long at = 0;
                while (content.hasRemaining()) {
                    at += channel.write(content, at);
                }
                channel.force(true);
            }
            io.move(temp, target);
            moved = true;
            io.syncDirectory(target.getParent());
        } finally {
            if (!moved) {
                deleteQuietly(io, temp);
            }
        }
    }

    /** The whole content of a file, or null when it does not exist. */
    public static byte @Nullable [] read(StorageIo io, Path file) throws IOException {
        try (FileChannel channel = io.open(file, EnumSet.of(StandardOpenOption.READ))) {
            long size = channel.size();
            if (size > Integer.MAX_VALUE - 16) {
                throw new IOException("file too large: " + file);
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) size);
            long at = 0;
            while (buffer.hasRemaining()) {
                int n = channel.read(buffer, at);
                if (n < 0) {
                    break;
                }
                at += n;
            }
            return buffer.position() == size ? buffer.array() : java.util.Arrays.copyOf(buffer.array(), buffer.position());
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static void deleteQuietly(StorageIo io, Path file) {
        try {
            io.delete(file);
        } catch (IOException ignored) {
            // best effort: a stale temp file is harmless and removed at the next open
        }
    }
}
