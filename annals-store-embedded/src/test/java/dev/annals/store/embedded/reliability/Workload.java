// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.embedded.reliability;

import dev.annals.core.event.EventData;
import dev.annals.core.event.Metadata;
import dev.annals.core.store.StreamId;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Deterministic events: an id is derived from (seed, round, writer, sequence) and the whole event
 * (type, schema version, payload, metadata) from (seed, id), so a parent process can recompute
 * exactly what a child wrote from the id alone.
 */
final class Workload {
    static final String TYPE = "reliability.Written";

    private Workload() {
    }

    static UUID eventId(long seed, int round, int writer, long sequence) {
        if (round >= 1 << 14 || writer >= 1 << 8 || sequence >= 1L << 40) {
            throw new IllegalArgumentException("id space exhausted: " + round + "/" + writer + "/" + sequence);
        }
        long msb = (mix(seed) & ~0xF000L) | 0x7000L;
        long lsb = 0x8000_0000_0000_0000L | ((long) round << 48) | ((long) writer << 40) | sequence;
        return new UUID(msb, lsb);
    }

    /** The event with this id, as a writer using {@code seed} builds it; payloads are 16..16+maxExtra bytes. */
    static EventData event(long seed, UUID id, int maxExtraBytes) {
        var random = new SplittableRandom(mix(seed ^ mix(id.getMostSignificantBits()) ^ mix(id.getLeastSignificantBits())));
        byte[] data = new byte[16 + random.nextInt(maxExtraBytes + 1)];
        random.nextBytes(data);
        Map<String, String> entries = new TreeMap<>();
        entries.put("seed", Long.toHexString(seed));
        entries.put("check", HexFormat.of().toHexDigits(random.nextLong()));
        if (random.nextInt(4) == 0) {
            entries.put("note", "ünïcødé ✓ " + random.nextInt(1000));
        }
        var metadata = new Metadata(
                "corr-" + random.nextInt(1_000_000),
                random.nextBoolean() ? id.toString() : null,
                random.nextInt(3) == 0 ? null : "user-" + random.nextInt(50),
                random.nextBoolean() ? "tenant-a" : null,
                entries);
        return new EventData(id, TYPE, 1 + random.nextInt(3), data, metadata);
    }

    static EventData event(long seed, UUID id) {
        return event(seed, id, 400);
    }

    static StreamId stream(String category, int index) {
        return StreamId.of(category, String.format("%03d", index));
    }

    /** SplitMix64's finaliser: a cheap bijective mix of 64 bits. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
