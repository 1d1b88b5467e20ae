// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.embedded.log;

import dev.annals.core.event.EventData;
import dev.annals.core.event.Metadata;
import dev.annals.core.event.RecordedEvent;
import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.StreamId;
import dev.annals.core.store.StreamVersion;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/*
 * Record format (big-endian)
 * --------------------------
 *   0 magic          int   'ANRE'
 *   4 length         int   whole record, header included
 *   8 crc            int   CRC32C of bytes [12, length)
 *  12 position       long  global position = segment base + offset of this record
 *  20 durableBefore  long  the log end that was durable (fsynced, so possibly acknowledged) when
 *                          this record was written; 0 in unsafe mode. Recovery uses it to tell a torn
 *                          tail (nothing later claims the bad bytes were durable) from damage inside
 *                          acknowledged data (a later valid record says they were).
 *  28 version        long  version of the event in its stream
 *  36 recordedSecond long, 44 recordedNano int
 *  48 batchRemaining int   records after this one in the same append; 0 = last (the commit marker)
 *  52 eventId        long msb, long lsb
 *  68 body: schemaVersion int, streamId short+utf8, eventType short+utf8, correlationId, causationId,
 *           userId, tenant (int length or -1 for null, then utf8), entries int count + (key, value)
 *           as int+utf8 each, data int length + bytes
 *
 * Invariant: a record is valid only if magic, length bounds, CRC and the stored position all agree,
 * so a read at a wrong offset can never be mistaken for an event.
 */

/** Encodes and checks event records; all methods are static and thread-safe. */
public final class RecordFormat {
    public static final int MAGIC = 0x414E5245;
    public static final int HEADER = 68;
    /** {@link #check} result: the bytes at hand end before the record does. */
    public static final int TRUNCATED = -1;
    /** {@link #check} result: not a valid record. */
    public static final int INVALID = -2;

    private static final int LENGTH = 4;
    private static final int CRC = 8;
    private static final int POSITION = 12;
    private static final int DURABLE_BEFORE = 20;
    private static final int VERSION = 28;
    private static final int SECOND = 36;
    private static final int NANO = 44;
    private static final int BATCH_REMAINING = 48;
    private static final int ID_MSB = 52;
    private static final int ID_LSB = 60;

    private RecordFormat() {
    }

    /** The variable part of a record (everything after the fixed header), encoded once by the appending thread. */
    public static byte[] encodeBody(StreamId stream, EventData event) {
        byte[] streamBytes = stream.value().getBytes(StandardCharsets.UTF_8);
        byte[] typeBytes = event.eventType().getBytes(StandardCharsets.UTF_8);
        Metadata metadata = event.metadata();
        byte[][] strings = {utf8(metadata.correlationId()), utf8(metadata.causationId()), utf8(metadata.userId()),
                utf8(metadata.tenant())};
        int size = 4 + 2 + streamBytes.length + 2 + typeBytes.length + 4 + event.dataLength();
        for (byte[] s : strings) {
            size += 4 + (s == null ? 0 : s.length);
        }
        byte[][] entries = new byte[metadata.entries().size() * 2][];
        int i = 0;
        for (Map.Entry<String, String> entry : metadata.entries().entrySet()) {
            entries[i] = entry.getKey().getBytes(StandardCharsets.UTF_8);
            entries[i + 1] = entry.getValue().getBytes(StandardCharsets.UTF_8);
            size += 8 + entries[i].length + entries[i + 1].length;
            i += 2;
        }
        size += 4;
        ByteBuffer body = ByteBuffer.allocate(size);
        body.putInt(event.schemaVersion());
        body.putShort((short) streamBytes.length).put(streamBytes);
        body.putShort((short) typeBytes.length).put(typeBytes);
        for (byte[] s : strings) {
            if (s == null) {
                body.putInt(-1);
            } else {
                body.putInt(s.length).put(s);
            }
        }
        body.putInt(metadata.entries().size());
        for (byte[] e : entries) {
            body.putInt(e.length).put(e);
        }
        byte[] data = event.dataUnsafe();
        body.putInt(data.length).put(data);
        return body.array();
    }

    private static byte @Nullable [] utf8(@Nullable String value) {
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }

    /** Writes a whole record at the buffer's position and advances it. */
    public static void write(ByteBuffer buffer, long position, long durableBefore, long version, Instant recordedAt,
                             int batchRemaining, UUID eventId, byte[] body, CRC32C crc) {
        int start = buffer.position();
        int length = HEADER + body.length;
        buffer.putInt(MAGIC).putInt(length).putInt(0)
                .putLong(position).putLong(durableBefore).putLong(version)
                .putLong(recordedAt.getEpochSecond()).putInt(recordedAt.getNano())
                .putInt(batchRemaining)
                .putLong(eventId.getMostSignificantBits()).putLong(eventId.getLeastSignificantBits())
                .put(body);
        crc.reset();
        crc.update(buffer.slice(start + POSITION, length - POSITION));
        buffer.putInt(start + CRC, (int) crc.getValue());
    }

    /**
     * Checks the record at {@code offset} of {@code buffer}, of which {@code available} bytes are
     * loaded, expecting it at global position {@code expectedPosition}. Returns its length,
     * {@link #TRUNCATED} when more bytes are needed to decide, or {@link #INVALID}.
     */
    public static int check(ByteBuffer buffer, int offset, int available, long expectedPosition, int maxLength,
                            CRC32C crc) {
        if (available < LENGTH + 4) {
            return available >= 4 && buffer.getInt(offset) != MAGIC ? INVALID : TRUNCATED;
        }
        if (buffer.getInt(offset) != MAGIC) {
            return INVALID;
        }
        int length = buffer.getInt(offset + LENGTH);
        if (length < HEADER || length > maxLength) {
            return INVALID;
        }
        if (length > available) {
            return TRUNCATED;
        }
        crc.reset();
        crc.update(buffer.slice(offset + POSITION, length - POSITION));
        if ((int) crc.getValue() != buffer.getInt(offset + CRC)) {
            return INVALID;
        }
        if (buffer.getLong(offset + POSITION) != expectedPosition) {
            return INVALID;
        }
        return length;
    }

    public static long durableBefore(ByteBuffer buffer, int offset) {
        return buffer.getLong(offset + DURABLE_BEFORE);
    }

    public static long version(ByteBuffer buffer, int offset) {
        return buffer.getLong(offset + VERSION);
    }

    public static int batchRemaining(ByteBuffer buffer, int offset) {
        return buffer.getInt(offset + BATCH_REMAINING);
    }

    public static UUID eventId(ByteBuffer buffer, int offset) {
        return new UUID(buffer.getLong(offset + ID_MSB), buffer.getLong(offset + ID_LSB));
    }

    /** A 32-bit digest of an event id, kept in the index to find idempotent retries without reading the log. */
    public static int fingerprint(UUID id) {
        return fingerprint(id.getMostSignificantBits(), id.getLeastSignificantBits());
    }

    public static int fingerprint(ByteBuffer buffer, int offset) {
        return fingerprint(buffer.getLong(offset + ID_MSB), buffer.getLong(offset + ID_LSB));
    }

    private static int fingerprint(long msb, long lsb) {
        long x = msb ^ Long.rotateLeft(lsb, 29);
        x *= 0x9E3779B97F4A7C15L;
        return (int) (x ^ (x >>> 32));
    }

    public static String streamName(ByteBuffer buffer, int offset) {
        int at = offset + HEADER + 4;
        int length = buffer.getShort(at) & 0xFFFF;
        return string(buffer, at + 2, length);
    }

    /** The {@code $idempotencyKey} and {@code $requestHash} entries of a record's metadata, or null when it has no key. */
    public static String @Nullable [] idempotencyEntries(ByteBuffer buffer, int offset) {
        Cursor cursor = new Cursor(buffer, offset + HEADER + 4);
        cursor.skip(cursor.unsignedShort());
        cursor.skip(cursor.unsignedShort());
        for (int i = 0; i < 4; i++) {
            int length = cursor.integer();
            if (length > 0) {
                cursor.skip(length);
            }
        }
        int entries = cursor.integer();
        String key = null;
        String hash = null;
        for (int i = 0; i < entries; i++) {
            String name = cursor.string(cursor.integer());
            int valueLength = cursor.integer();
            if (name.equals(Metadata.IDEMPOTENCY_KEY)) {
                key = cursor.string(valueLength);
            } else if (name.equals(Metadata.REQUEST_HASH)) {
                hash = cursor.string(valueLength);
            } else {
                cursor.skip(valueLength);
            }
        }
        return key == null ? null : new String[] {key, hash};
    }

    /** Decodes a checked record. {@code stream} may be passed when the caller already knows it. */
    public static RecordedEvent decode(ByteBuffer buffer, int offset, @Nullable StreamId stream) {
        long position = buffer.getLong(offset + POSITION);
        long version = buffer.getLong(offset + VERSION);
        Instant recordedAt = Instant.ofEpochSecond(buffer.getLong(offset + SECOND), buffer.getInt(offset + NANO));
        UUID id = eventId(buffer, offset);
        Cursor cursor = new Cursor(buffer, offset + HEADER);
        int schemaVersion = cursor.integer();
        String streamName = cursor.string(cursor.unsignedShort());
        StreamId streamId = stream != null ? stream : StreamId.of(streamName);
        String type = EVENT_TYPES.get(buffer, cursor.skipped(cursor.unsignedShort()));
        String correlation = cursor.nullableString();
        String causation = cursor.nullableString();
        String user = cursor.nullableString();
        String tenant = cursor.nullableString();
        int entryCount = cursor.integer();
        Map<String, String> entries = entryCount == 0 ? Map.of() : new HashMap<>(entryCount * 2);
        for (int i = 0; i < entryCount; i++) {
            String key = cursor.string(cursor.integer());
            entries.put(key, cursor.string(cursor.integer()));
        }
        byte[] data = new byte[cursor.integer()];
        buffer.get(cursor.at, data);
        EventData event = new EventData(id, type, schemaVersion, data,
                new Metadata(correlation, causation, user, tenant, entries));
        return new RecordedEvent(streamId, StreamVersion.of(version), GlobalPosition.of(position), recordedAt, event);
    }

    private static String string(ByteBuffer buffer, int at, int length) {
        if (buffer.hasArray()) {
            return new String(buffer.array(), buffer.arrayOffset() + at, length, StandardCharsets.UTF_8);
        }
        byte[] bytes = new byte[length];
        buffer.get(at, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static final class Cursor {
        private final ByteBuffer buffer;
        private int at;

        Cursor(ByteBuffer buffer, int at) {
            this.buffer = buffer;
            this.at = at;
        }

        int integer() {
            int value = buffer.getInt(at);
            at += 4;
            return value;
        }

        int unsignedShort() {
            int value = buffer.getShort(at) & 0xFFFF;
            at += 2;
            return value;
        }

        void skip(int bytes) {
            at += bytes;
        }

        /** Skips {@code length} bytes; the range skipped as (start << 32 | length). */
        long skipped(int length) {
            long range = ((long) at << 32) | length;
            at += length;
            return range;
        }

        String string(int length) {
            String value = RecordFormat.string(buffer, at, length);
            at += length;
            return value;
        }

        @Nullable String nullableString() {
            int length = integer();
            return length < 0 ? null : string(length);
        }
    }

    /*
     * Event type names: a page of events repeats a handful of them, and every reader hashes the name
     * (codec lookups). Decoding returns one shared String per name instead of a new one per record,
     * so its hash is computed once and a lookup that meets the same instance compares nothing.
     * A direct-mapped table of immutable entries, indexed by a hash of the name's bytes; an entry is
     * used only when every byte is equal, so a collision is a miss (a new String), never a wrong name.
     * Racing threads may overwrite each other's entries: a later miss, nothing else (entries are
     * records with final fields, safely published without locks).
     */
    private static final Names EVENT_TYPES = new Names(256, 128);

    static final class Names {
        private record Entry(byte[] bytes, String value) {}

        private final Entry[] slots;
        private final int maxLength;

        Names(int slots, int maxLength) {
            this.slots = new Entry[slots];
            this.maxLength = maxLength;
        }

        /** The name in {@code range} (start << 32 | length) of {@code buffer}. */
        String get(ByteBuffer buffer, long range) {
            int at = (int) (range >>> 32);
            int length = (int) range;
            if (length > maxLength) {
                return string(buffer, at, length);
            }
            int hash = length;
            for (int i = 0; i < length; i++) {
                hash = 31 * hash + buffer.get(at + i);
            }
            int slot = (hash ^ (hash >>> 16)) & (slots.length - 1);
            Entry entry = slots[slot];
            if (entry != null && sameBytes(entry.bytes(), buffer, at, length)) {
                return entry.value();
            }
            byte[] bytes = new byte[length];
            buffer.get(at, bytes);
            String value = new String(bytes, StandardCharsets.UTF_8);
            slots[slot] = new Entry(bytes, value);
            return value;
        }

        private static boolean sameBytes(byte[] bytes, ByteBuffer buffer, int at, int length) {
            if (bytes.length != length) {
                return false;
            }
            for (int i = 0; i < length; i++) {
                if (bytes[i] != buffer.get(at + i)) {
                    return false;
                }
            }
            return true;
        }
    }
}
