// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/*
 * Format
 * ------
 * A store is a pair of files per generation G in one directory: "<name>.<G>.snap" (absent for
 * generation 0) and "<name>.<G>.log". Both hold frames: [magic:int][length:int][crc32c:int][payload].
 * The CRC covers the payload. The state of the store is: the highest generation's snapshot records,
 * then its log records, in order.
 *
 * Invariants
 * ----------
 * - A snapshot file only ever appears under its final name complete and fsynced: it is written as
 *   "<name>.<G>.snap.tmp", forced, renamed, and the directory is forced. So the highest-generation
 *   snapshot that exists is whole; a damaged one is corruption, reported, never repaired.
 * - Compaction writes generation G+1's snapshot (the whole state), then starts an empty G+1 log and
 *   deletes generation G's files. A crash anywhere in between leaves either G intact (no G+1 snapshot
 *   under its final name) or G+1 complete; G's log is never read once G+1's snapshot exists.
 * - append() returns only after the frame is written and forced (fdatasync), so an acknowledged
 *   record survives a crash.
 *
 * Failure modes
 * -------------
 * On open the log is scanned from its start; the first frame that is short, has a wrong magic, an
 * impossible length or a CRC mismatch ends the valid log. The bytes from there on are a torn,
 * unacknowledged tail (a crash during append): they are truncated and the truncation is forced. All
 * I/O errors surface as IOException to the owning store, which reports them as a StorageFailure and
 * refuses further writes.
 *
 * Concurrency: not thread-safe; the owning store serialises calls.
 */
final class RecordLog implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RecordLog.class.getName());
    private static final int MAGIC = 0x414E5652;  // "ANVR"
    private static final int HEADER_BYTES = 12;
    private static final int MAX_RECORD_BYTES = 256 * 1024 * 1024;

    private final Path dir;
    private final String name;
    private long generation;
    private FileChannel log;
    private long logBytes;

    private RecordLog(Path dir, String name, long generation, FileChannel log, long logBytes) {
        this.dir = dir;
        this.name = name;
        this.generation = generation;
        this.log = log;
        this.logBytes = logBytes;
    }

    /**
     * Opens (or creates) the store {@code name} in {@code dir}, feeding every snapshot record to
     * {@code onSnapshotRecord} and then every valid log record to {@code onLogRecord}.
     */
    static RecordLog open(Path dir, String name, Consumer<ByteBuffer> onSnapshotRecord,
                          Consumer<ByteBuffer> onLogRecord) throws IOException {
        Files.createDirectories(dir);
        long generation = latestSnapshotGeneration(dir, name);
        if (generation > 0) {
            byte[] snapshot = Files.readAllBytes(snapshotPath(dir, name, generation));
            long valid = scan(ByteBuffer.wrap(snapshot), onSnapshotRecord);
            if (valid != snapshot.length) {
                throw new IOException("snapshot " + snapshotPath(dir, name, generation) + " is damaged at byte " + valid);
            }
        }
        Path logPath = logPath(dir, name, generation);
        FileChannel channel = FileChannel.open(logPath, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        long size = channel.size();
        ByteBuffer all = ByteBuffer.allocate(Math.toIntExact(size));
        while (all.hasRemaining()) {
            if (channel.read(all, all.position()) < 0) {
                break;
            }
        }
        all.flip();
        long valid = scan(all, onLogRecord);
        if (valid < size) {
            LOG.log(System.Logger.Level.WARNING, "{0}: dropped a torn tail of {1} bytes at offset {2}",
                    logPath, size - valid, valid);
            channel.truncate(valid);
            channel.force(true);
        }
        channel.position(valid);
        forceDirectory(dir);
        deleteOlderGenerations(dir, name, generation);
        return new RecordLog(dir, name, generation, channel, valid);
    }

    /** Appends one record and forces it to disk before returning. */
    void append(ByteBuffer payload) throws IOException {
        ByteBuffer frame = frame(payload);
        while (frame.hasRemaining()) {
            log.write(frame);
        }
        log.force(false);
        logBytes = log.position();
    }

    /** Appends several records and forces them to disk once, before returning. */
    void appendAll(List<ByteBuffer> payloads) throws IOException {
        int size = 0;
        List<ByteBuffer> frames = new ArrayList<>(payloads.size());
        for (ByteBuffer payload : payloads) {
            ByteBuffer frame = frame(payload);
            size += frame.remaining();
            frames.add(frame);
        }
        ByteBuffer all = ByteBuffer.allocate(size);
        frames.forEach(all::put);
        all.flip();
        while (all.hasRemaining()) {
            log.write(all);
        }
        log.force(false);
        logBytes = log.position();
    }

    long logBytes() {
        return logBytes;
    }

    /** Replaces the whole store with {@code records} as the next generation's snapshot. */
    void compact(List<ByteBuffer> records) throws IOException {
        long next = generation + 1;
        Path tmp = dir.resolve(name + "." + next + ".snap.tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            for (ByteBuffer record : records) {
                ByteBuffer frame = frame(record);
                while (frame.hasRemaining()) {
                    out.write(frame);
                }
            }
            out.force(true);
        }
        // the new, empty log exists before the snapshot becomes visible, so open() always finds one
        FileChannel nextLog = FileChannel.open(logPath(dir, name, next), StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, StandardOpenOption.READ);
        Files.move(tmp, snapshotPath(dir, name, next), StandardCopyOption.ATOMIC_MOVE);
        forceDirectory(dir);
        FileChannel old = log;
        long oldGeneration = generation;
        log = nextLog;
        generation = next;
        logBytes = 0;
        old.close();
        Files.deleteIfExists(logPath(dir, name, oldGeneration));
        if (oldGeneration > 0) {
            Files.deleteIfExists(snapshotPath(dir, name, oldGeneration));
        }
    }

    @Override
    public void close() throws IOException {
        log.close();
    }

    private static ByteBuffer frame(ByteBuffer payload) {
        int length = payload.remaining();
        CRC32C crc = new CRC32C();
        crc.update(payload.duplicate());
        ByteBuffer frame = ByteBuffer.allocate(HEADER_BYTES + length);
        frame.putInt(MAGIC).putInt(length).putInt((int) crc.getValue()).put(payload.duplicate()).flip();
        return frame;
    }

    /** Feeds valid frames to {@code sink}; returns the offset just after the last valid frame. */
    private static long scan(ByteBuffer bytes, Consumer<ByteBuffer> sink) {
        int offset = 0;
        CRC32C crc = new CRC32C();
        while (bytes.limit() - offset >= HEADER_BYTES) {
            int magic = bytes.getInt(offset);
            int length = bytes.getInt(offset + 4);
            int expected = bytes.getInt(offset + 8);
            if (magic != MAGIC || length < 0 || length > MAX_RECORD_BYTES || bytes.limit() - offset - HEADER_BYTES < length) {
                break;
            }
            ByteBuffer payload = bytes.slice(offset + HEADER_BYTES, length);
            crc.reset();
            crc.update(payload.duplicate());
            if ((int) crc.getValue() != expected) {
                break;
            }
            sink.accept(payload);
            offset += HEADER_BYTES + length;
        }
        return offset;
    }

    private static final Pattern SNAPSHOT = Pattern.compile("(.+)\\.(\\d+)\\.snap");

    private static long latestSnapshotGeneration(Path dir, String name) throws IOException {
        long latest = 0;
        try (var files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Matcher m = SNAPSHOT.matcher(file.getFileName().toString());
                if (m.matches() && m.group(1).equals(name)) {
                    latest = Math.max(latest, Long.parseLong(m.group(2)));
                }
            }
        }
        return latest;
    }

    private static void deleteOlderGenerations(Path dir, String name, long generation) throws IOException {
        List<Path> stale = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String fileName = file.getFileName().toString();
                if (!fileName.startsWith(name + ".")) {
                    continue;
                }
                String rest = fileName.substring(name.length() + 1);
                int dot = rest.indexOf('.');
                if (dot <= 0 || !rest.substring(0, dot).chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long g = Long.parseLong(rest.substring(0, dot));
                if (g < generation || rest.endsWith(".tmp")) {
                    stale.add(file);
                }
            }
        }
        for (Path file : stale) {
            Files.deleteIfExists(file);
        }
    }

    private static Path snapshotPath(Path dir, String name, long generation) {
        return dir.resolve(name + "." + generation + ".snap");
    }

    private static Path logPath(Path dir, String name, long generation) {
        return dir.resolve(name + "." + generation + ".log");
    }

    static void forceDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
