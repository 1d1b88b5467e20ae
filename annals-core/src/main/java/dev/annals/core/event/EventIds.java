// SPDX-License-Identifier: Apache-2.0
package dev.annals.core.event;

import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * UUIDv7 event ids (RFC 9562): 48 bits of Unix milliseconds, then a 12-bit counter that keeps ids
 * from one generator strictly increasing within a millisecond, then 62 random bits.
 *
 * <p>Thread-safe. The clock is injected so tests can pin time; if the clock goes backwards the
 * generator keeps using the last timestamp it issued, so its ids never go backwards.
 */
public final class EventIds implements Supplier<UUID> {
    private static final EventIds SYSTEM = new EventIds(Clock.systemUTC());
    private final Clock clock;
    private long lastMillis = -1;
    private int counter;

    public EventIds(Clock clock) {
        this.clock = clock;
    }

    /** A new id from the shared system-clock generator. */
    public static UUID newId() {
        return SYSTEM.get();
    }

    @Override
    public UUID get() {
        long millis;
        int sequence;
        synchronized (this) {
            millis = Math.max(clock.millis(), lastMillis);
            if (millis == lastMillis) {
                counter++;
                if (counter > 0xFFF) {
                    millis = ++lastMillis;  // counter exhausted: borrow the next millisecond
                    counter = 0;
                }
            } else {
                lastMillis = millis;
                counter = 0;
            }
            sequence = counter;
        }
        long msb = (millis << 16) | (0x7L << 12) | (sequence & 0xFFF);
        long lsb = (ThreadLocalRandom.current().nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }

    /** Whether the id is a version 7 UUID. */
    public static boolean isVersion7(UUID id) {
        return id.version() == 7 && id.variant() == 2;
    }
}
