// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.embedded.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Reads records of one segment through a window of positional reads, checking each record's frame,
 * CRC and position. One scanner per thread; it never holds the file's state, only its own window.
 */
public final class SegmentScanner {
    /** {@link #recordAt} result: the offset is at (or past) the limit. */
    public static final int END = -3;

    private final Segment segment;
    private final CRC32C crc = new CRC32C();
    private ByteBuffer window;
    private long windowStart = -1;
    private int windowLength;
    private boolean windowHitsEof;

    public SegmentScanner(Segment segment, int windowBytes) {
        this.segment = segment;
        this.window = ByteBuffer.allocate(windowBytes);
    }

    public Segment segment() {
        return segment;
    }

    /**
     * Checks the record at {@code offset}, reading no byte at or past {@code limit}. Returns its
     * length (then {@link #buffer()} holds it at {@link #bufferOffset}), {@link RecordFormat#INVALID},
     * {@link RecordFormat#TRUNCATED} (it would extend past the limit or the file's end) or {@link #END}.
     */
    public int recordAt(long offset, long limit) throws IOException {
        if (offset >= limit) {
            return END;
        }
        int maxLength = (int) Math.min(Integer.MAX_VALUE, segment.limit() - Segment.HEADER);
        if (!covers(offset, Math.min(limit - offset, RecordFormat.HEADER))) {
            fill(offset, limit, window.capacity());
        }
        while (true) {
            int available = (int) (Math.min(windowStart + windowLength, limit) - offset);
            int result = RecordFormat.check(window, (int) (offset - windowStart), available,
                    segment.base() + offset, maxLength, crc);
            if (result != RecordFormat.TRUNCATED) {
                return result;
            }
            boolean allLoaded = windowStart + windowLength >= limit || windowHitsEof;
            if (allLoaded && windowStart == offset) {
                return RecordFormat.TRUNCATED;
            }
            int wanted = window.capacity();
            if (available >= 8) {
                int length = window.getInt((int) (offset - windowStart) + 4);
                if (length > wanted) {
                    wanted = length;
                }
            }
            fill(offset, limit, wanted);
        }
    }

    /** The window holding the record last returned by {@link #recordAt}. */
    public ByteBuffer buffer() {
        return window;
    }

    public int bufferOffset(long offset) {
        return (int) (offset - windowStart);
    }

    private boolean covers(long offset, long bytes) {
        return windowStart >= 0 && offset >= windowStart && offset + bytes <= windowStart + windowLength;
    }

    private void fill(long offset, long limit, int wanted) throws IOException {
        if (wanted > window.capacity()) {
            window = ByteBuffer.allocate(wanted);
        }
        int size = (int) Math.min(window.capacity(), limit - offset);
        window.clear().limit(size);
        int read = segment.read(window, offset);
        window.clear();
        windowStart = offset;
        windowLength = read;
        windowHitsEof = read < size;
    }

    /** Forgets the window, for example after the file was truncated. */
    public void reset() {
        windowStart = -1;
        windowLength = 0;
    }
}
