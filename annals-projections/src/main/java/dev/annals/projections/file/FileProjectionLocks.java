// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections.file;

import dev.annals.core.store.StorageFailure;
import dev.annals.projections.ProjectionLocks;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/*
 * Locks as OS file locks on "<name>.lock" in a directory, for runners in several processes on one
 * machine. The OS releases a lock when its process dies (also on SIGKILL), so a crashed runner never
 * blocks its successor. The fencing token is a counter in "<name>.token", incremented while holding
 * the lock and written tmp -> fsync -> rename -> fsync(dir), so tokens only grow, also across
 * restarts. A process that is paused keeps its OS lock; the token still protects against a runner
 * whose lock was lost some other way (the file removed, a second lock directory).
 *
 * Thread-safe: all methods synchronized; within one process a name is held at most once.
 */

/** Process-wide locks on files in one directory, with durable, growing fencing tokens. */
public final class FileProjectionLocks implements ProjectionLocks {
    private static final System.Logger LOG = System.getLogger(FileProjectionLocks.class.getName());

    private record Held(FileChannel channel, FileLock lock, long token) {}

    private final Path dir;
    private final Map<String, Held> held = new HashMap<>();

    public FileProjectionLocks(Path dir) {
        this.dir = dir;
    }

    @Override
    public synchronized Acquisition acquire(String name, String owner, long minimumToken) {
        if (held.containsKey(name)) {
            return new Acquisition.HeldByOther("another runner in this process");
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(dir.resolve(name + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                return new Acquisition.HeldByOther("another process");
            }
            long token = Math.max(readToken(name), minimumToken) + 1;
            writeToken(name, token);
            held.put(name, new Held(channel, lock, token));
            return new Acquisition.Acquired(token);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot acquire lock " + name, e);
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // the acquisition error is the one reported
                }
            }
            return new Acquisition.Failed(StorageFailure.unavailable("lock " + name + ": " + e.getMessage()));
        }
    }

    @Override
    public synchronized boolean renew(String name, long token) {
        Held h = held.get(name);
        return h != null && h.token() == token && h.lock().isValid();
    }

    @Override
    public synchronized void release(String name, long token) {
        Held h = held.get(name);
        if (h == null || h.token() != token) {
            return;
        }
        held.remove(name);
        try {
            h.lock().release();
            h.channel().close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "releasing lock " + name, e);
        }
    }

    private long readToken(String name) throws IOException {
        Path file = dir.resolve(name + ".token");
        if (!Files.exists(file)) {
            return 0;
        }
        byte[] bytes = Files.readAllBytes(file);
        return bytes.length == 8 ? ByteBuffer.wrap(bytes).getLong() : 0;
    }

    private void writeToken(String name, long token) throws IOException {
        Path tmp = dir.resolve(name + ".token.tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.allocate(8).putLong(token).flip();
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
        Files.move(tmp, dir.resolve(name + ".token"), StandardCopyOption.ATOMIC_MOVE);
        RecordLog.forceDirectory(dir);
    }
}
