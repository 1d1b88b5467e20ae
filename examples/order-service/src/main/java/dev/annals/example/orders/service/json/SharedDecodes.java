// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.service.json;

import dev.annals.core.event.DecodeResult;
import dev.annals.core.event.EventCodec;
import dev.annals.core.event.SerializedEvent;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;

/*
 * One decode per stored payload, shared by every reader
 * -----------------------------------------------------
 * Why: the service runs seven runners over $all (six read models and the fulfilment process) and
 * each one decoded every order event with Jackson, and the command handler decoded the stream it
 * loads once more. Under command load that was the largest part of the runners' CPU (a profile:
 * 90 of the 156 samples of ProjectionRunner.applyWithRetries were JacksonEventCodec.decode). The
 * payloads are identical bytes, decoding is deterministic, and domain events are immutable records
 * (their lists are List.copyOf), so the first reader's decoded event can be handed to the others.
 *
 * How: a lossy, direct-mapped cache of SLOTS entries indexed by a hash of (type, schema version,
 * bytes). An entry answers only when type, version AND every byte are equal (Arrays.equals), so a
 * hash collision is a miss, never a wrong event. Only Decoded results are kept (unknown types and
 * malformed payloads go to the codec every time, so their handling is unchanged). The bytes are
 * copied into the entry: the store's array is never retained, whatever it does with it later.
 * Cost of a hit: hashing and comparing a few hundred bytes, against a Jackson parse of a miss.
 *
 * Concurrency: entries are immutable and published through an AtomicReferenceArray; racing
 * writers overwrite each other's entry, which costs a later miss and nothing else.
 * Memory: at most SLOTS payloads and events (a few MB for the order events).
 */

/** An {@link EventCodec} that decodes each distinct stored payload once and shares the event. */
public final class SharedDecodes<E> implements EventCodec<E> {
    /** Enough for the runners' live batches and the recent streams commands load. */
    public static final int DEFAULT_SLOTS = 8192;

    private record Entry<E>(int hash, String eventType, int schemaVersion, byte[] data, DecodeResult.Decoded<E> decoded) {}

    private final EventCodec<E> codec;
    private final AtomicReferenceArray<Entry<E>> entries;
    private final int mask;

    private SharedDecodes(EventCodec<E> codec, int slots) {
        if (slots < 1 || Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two: " + slots);
        }
        this.codec = Objects.requireNonNull(codec, "codec");
        this.entries = new AtomicReferenceArray<>(slots);
        this.mask = slots - 1;
    }

    public static <E> SharedDecodes<E> of(EventCodec<E> codec) {
        return new SharedDecodes<>(codec, DEFAULT_SLOTS);
    }

    /** With {@code slots} entries (a power of two); for tests. */
    static <E> SharedDecodes<E> of(EventCodec<E> codec, int slots) {
        return new SharedDecodes<>(codec, slots);
    }

    @Override
    public SerializedEvent encode(E event) {
        return codec.encode(event);
    }

    @Override
    public DecodeResult<E> decode(SerializedEvent serialized) {
        byte[] data = serialized.data();
        int hash = hash(serialized.eventType(), serialized.schemaVersion(), data);
        int slot = hash & mask;
        Entry<E> entry = entries.get(slot);
        if (entry != null && entry.hash() == hash && entry.schemaVersion() == serialized.schemaVersion()
                && entry.eventType().equals(serialized.eventType()) && Arrays.equals(entry.data(), data)) {
            return entry.decoded();
        }
        DecodeResult<E> result = codec.decode(serialized);
        if (result instanceof DecodeResult.Decoded<E> decoded) {
            entries.set(slot, new Entry<>(hash, serialized.eventType(), serialized.schemaVersion(), data.clone(), decoded));
        }
        return result;
    }

    @Override
    public boolean knows(String eventType) {
        return codec.knows(eventType);
    }

    private static int hash(String eventType, int schemaVersion, byte[] data) {
        int h = (Arrays.hashCode(data) * 31 + eventType.hashCode()) * 31 + schemaVersion;
        return h ^ (h >>> 16);
    }
}
