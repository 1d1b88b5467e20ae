// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.embedded.log;

import dev.annals.store.embedded.StorageIo;
import dev.annals.store.embedded.index.IntList;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/*
 * Segment file format
 * -------------------
 * A segment is a file of fixed capacity named by its base, the global position of its first byte
 * (zero-padded to 20 digits, ".seg"). Positions of records are base + offset, so they increase
 * across segments and "named by the first position" is literal.
 *
 *   [0, 64)               header: magic long 'ANNALSEG', format version int, reserved int,
 *                         base long, capacity long, 24 reserved bytes, CRC32C int of bytes [0, 60)
 *   [64, dataEnd)         records (see RecordFormat), back to back; a batch never spans segments
 *   [capacity - 32, cap)  footer, written once when the segment is sealed: magic long 'ANNALEND',
 *                         dataEnd long, record count int, CRC32C int of the data bytes [64, dataEnd),
 *                         reserved int, CRC32C int of the footer's first 28 bytes
 *
 * Only the last segment is ever written; it is unsealed (no footer) until the writer rolls to the
 * next one, and it grows as records are appended (no preallocation, so no zero-filled tail to
 * confuse with records). The footer is forced before the next segment is created, so any segment
 * with a successor must carry a valid footer.
 *
 * Verification: a sealed segment found at open may be opened "unverified" (its footer is valid but
 * its data CRC has not been checked yet; see EmbeddedStoreConfig.VerifySealedSegments). Its footer is
 * kept until the check ran; {@link #verifyData} does it, and the store makes every reader of an
 * unverified segment wait for (or run) that check, so no byte of it is served unverified. Segments
 * created by the writer, and segments checked in full at open, are verified from the start.
 *
 * Concurrency: positional reads and writes only (never the channel's own position), so readers may
 * read while the single writer appends. Fields marked volatile are published by the store under its
 * lock; the running data CRC belongs to the writer thread. Verification state changes under the
 * segment's verification lock and is published through volatile fields.
 */

/** One segment file: header, records, footer. */
public final class Segment {
    public static final int HEADER = 64;
    public static final int FOOTER = 32;
    public static final int FORMAT_VERSION = 1;
    private static final long HEADER_MAGIC = 0x414E4E414C534547L;
    private static final long FOOTER_MAGIC = 0x414E4E414C454E44L;
    private static final String SUFFIX = ".seg";
    private static final int SPARSE_EVERY = 32;

    private final Path path;
    private final FileChannel channel;
    private final long base;
    private final long capacity;
    private final CRC32C dataCrc = new CRC32C();
    private volatile long dataEnd = HEADER;
    private volatile boolean sealed;
    private int recordCount;
    private final IntList sparse = new IntList(16);
    private int indexedRecords;
    private final Object verification = new Object();
    private volatile @Nullable Footer unverified;
    private volatile @Nullable String damage;
    private volatile long damageOffset;

    private Segment(Path path, FileChannel channel, long base, long capacity) {
        this.path = path;
        this.channel = channel;
        this.base = base;
        this.capacity = capacity;
    }

    public static String fileName(long base) {
        return String.format("%020d%s", base, SUFFIX);
    }

    /** The base encoded in a segment file name, or -1 when the name is not a segment's. */
    public static long parseBase(String fileName) {
        if (fileName.length() != 20 + SUFFIX.length() || !fileName.endsWith(SUFFIX)) {
            return -1;
        }
        for (int i = 0; i < 20; i++) {
            if (!Character.isDigit(fileName.charAt(i))) {
                return -1;
            }
        }
        return Long.parseLong(fileName.substring(0, 20));
    }

    /** Creates a new segment file and writes its header (not forced: the caller forces it with the first data). */
    public static Segment create(StorageIo io, Path directory, long base, long capacity) throws IOException {
        Path path = directory.resolve(fileName(base));
        FileChannel channel = io.open(path, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE));
        Segment segment = new Segment(path, channel, base, capacity);
        try {
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            header.putLong(HEADER_MAGIC).putInt(FORMAT_VERSION).putInt(0).putLong(base).putLong(capacity);
            CRC32C crc = new CRC32C();
            crc.update(header.array(), 0, HEADER - 4);
            header.putInt(HEADER - 4, (int) crc.getValue());
            header.clear();
            segment.write(header, 0);
        } catch (IOException e) {
            segment.closeQuietly();
            throw e;
        }
        return segment;
    }

    /** Opens an existing segment file; {@link #readHeader} says whether its header is valid. */
    public static Segment open(StorageIo io, Path path, long base, long assumedCapacity, boolean writable)
            throws IOException {
        var options = writable ? EnumSet.of(StandardOpenOption.READ, StandardOpenOption.WRITE)
                : EnumSet.of(StandardOpenOption.READ);
        FileChannel channel = io.open(path, options);
        return new Segment(path, channel, base, assumedCapacity);
    }

    /** The capacity stored in a valid header whose base matches the file name, or -1. */
    public long readHeader() throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        if (read(header, 0) < HEADER) {
            return -1;
        }
        CRC32C crc = new CRC32C();
        crc.update(header.array(), 0, HEADER - 4);
        if (header.getLong(0) != HEADER_MAGIC || header.getInt(HEADER - 4) != (int) crc.getValue()
                || header.getInt(8) != FORMAT_VERSION || header.getLong(16) != base) {
            return -1;
        }
        long stored = header.getLong(24);
        return stored >= HEADER + FOOTER + RecordFormat.HEADER ? stored : -1;
    }

    /** The footer of a sealed segment, or null when there is none or it does not check. */
    public @Nullable Footer readFooter() throws IOException {
        ByteBuffer footer = ByteBuffer.allocate(FOOTER);
        if (read(footer, capacity - FOOTER) < FOOTER) {
            return null;
        }
        CRC32C crc = new CRC32C();
        crc.update(footer.array(), 0, FOOTER - 4);
        if (footer.getLong(0) != FOOTER_MAGIC || footer.getInt(FOOTER - 4) != (int) crc.getValue()) {
            return null;
        }
        long end = footer.getLong(8);
        if (end < HEADER || end > capacity - FOOTER) {
            return null;
        }
        return new Footer(end, footer.getInt(16), footer.getInt(20));
    }

    /** The sealed segment's data summary, as stored in its footer. */
    public record Footer(long dataEnd, int recordCount, int dataCrc) {}

    /** Writes the footer for the current data and marks the segment sealed (the caller forces it). */
    public void writeFooter() throws IOException {
        ByteBuffer footer = ByteBuffer.allocate(FOOTER);
        footer.putLong(FOOTER_MAGIC).putLong(dataEnd).putInt(recordCount).putInt((int) dataCrc.getValue()).putInt(0);
        CRC32C crc = new CRC32C();
        crc.update(footer.array(), 0, FOOTER - 4);
        footer.putInt((int) crc.getValue());
        footer.flip();
        write(footer, capacity - FOOTER);
    }

    /** Reads into {@code buffer} from {@code offset} until it is full or the file ends; returns the bytes read. */
    public int read(ByteBuffer buffer, long offset) throws IOException {
        int start = buffer.position();
        long at = offset;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                break;
            }
            at += n;
        }
        return buffer.position() - start;
    }

    /** Writes all of {@code buffer} at {@code offset}, looping over short writes. */
    public void write(ByteBuffer buffer, long offset) throws IOException {
        long at = offset;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
    }

    public void force() throws IOException {
        channel.force(false);
    }

    public long fileSize() throws IOException {
        return channel.size();
    }

    public void truncate(long size) throws IOException {
        channel.truncate(size);
    }

    public void close() throws IOException {
        channel.close();
    }

    public void closeQuietly() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing after a failure: the original error is what matters
        }
    }

    public Path path() {
        return path;
    }

    public long base() {
        return base;
    }

    public long capacity() {
        return capacity;
    }

    /** Offset just past the last record that readers may see. */
    public long dataEnd() {
        return dataEnd;
    }

    public void dataEnd(long offset) {
        this.dataEnd = offset;
    }

    /** Last offset (exclusive) a record may occupy. */
    public long limit() {
        return capacity - FOOTER;
    }

    public boolean isSealed() {
        return sealed;
    }

    public void markSealed() {
        this.sealed = true;
    }

    public int recordCount() {
        return recordCount;
    }

    /** Accounts for records just written (writer thread, or recovery before the store is shared). */
    public void addRecords(int count, ByteBuffer bytes) {
        recordCount += count;
        dataCrc.update(bytes);
    }

    /** Accounts for records found by recovery. */
    public void addRecords(int count, byte[] bytes, int offset, int length) {
        recordCount += count;
        dataCrc.update(bytes, offset, length);
    }

    /** The same file with the capacity its header states. */
    public Segment withCapacity(long realCapacity) {
        return realCapacity == capacity ? this : new Segment(path, channel, base, realCapacity);
    }

    /**
     * Notes a record's offset for the sparse record index (every {@value #SPARSE_EVERY}th record), which
     * lets a read "after any position" start near it. Records must be noted in offset order.
     */
    public void indexRecord(long offset) {
        if (indexedRecords++ % SPARSE_EVERY == 0) {
            sparse.add((int) offset);
        }
    }

    /** Notes a record's offset for the sparse record index directly (offsets ascending), as a merged index checkpoint lists them. */
    public void addSparse(long offset) {
        sparse.add((int) offset);
    }

    /** The offset of a record at or before {@code offset} from which a scan may start. */
    public long scanStartFor(long offset) {
        int i = sparse.lastAtOrBefore((int) Math.min(Integer.MAX_VALUE, offset));
        return i < 0 ? HEADER : sparse.get(i);
    }

    /** Leaves the data CRC of this sealed segment to be checked later against {@code footer}. */
    public void markUnverified(Footer footer) {
        this.unverified = footer;
    }

    /** Records that the data the segment serves has been checked otherwise (record by record, by recovery). */
    public void markVerified() {
        this.unverified = null;
    }

    /** Whether the data is known to match its footer (or the segment was written or scanned by this process). */
    public boolean isVerified() {
        return unverified == null && damage == null;
    }

    /** The reason the data failed its check, or null. */
    public @Nullable String damage() {
        return damage;
    }

    /** Where in the file the damage was found (meaningful only when {@link #damage()} is set). */
    public long damageOffset() {
        return damageOffset;
    }

    /**
     * Checks the data CRC against the footer unless that has been done: the first caller runs the
     * check, concurrent callers wait for it. Returns whether the data is intact. {@code stop} is
     * polled between reads; when it answers true the check is abandoned and the segment stays
     * unverified (false is returned).
     */
    public boolean verifyData(java.util.function.BooleanSupplier stop) throws IOException {
        if (unverified == null) {
            return damage == null;
        }
        synchronized (verification) {
            Footer footer = unverified;
            if (footer == null) {
                return damage == null;
            }
            CRC32C crc = new CRC32C();
            ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
            long at = HEADER;
            while (at < footer.dataEnd()) {
                if (stop.getAsBoolean()) {
                    return false;
                }
                buffer.clear().limit((int) Math.min(buffer.capacity(), footer.dataEnd() - at));
                int n = read(buffer, at);
                crc.update(buffer.array(), 0, n);
                at += n;
                if (n < buffer.limit()) {
                    break;
                }
            }
            if (at == footer.dataEnd() && (int) crc.getValue() == footer.dataCrc()) {
                unverified = null;
                return true;
            }
            damageOffset = firstBadRecord(footer.dataEnd());
            damage = at < footer.dataEnd() ? "sealed segment is shorter than its footer says"
                    : "sealed segment fails its checksum";
            unverified = null;
            return false;
        }
    }

    /** The offset of the first record that does not check before {@code end}, or the header end when all do. */
    private long firstBadRecord(long end) throws IOException {
        SegmentScanner scanner = new SegmentScanner(this, 1 << 20);
        long offset = HEADER;
        while (offset < end) {
            int length = scanner.recordAt(offset, end);
            if (length <= 0) {
                return offset;
            }
            offset += length;
        }
        return HEADER;
    }

    @Override
    public String toString() {
        return path.getFileName().toString();
    }
}
