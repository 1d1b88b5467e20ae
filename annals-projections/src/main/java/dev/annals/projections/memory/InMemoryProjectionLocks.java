// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections.memory;

import dev.annals.projections.ProjectionLocks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Leased locks in memory, for runners of one process. A holder keeps its lock by renewing within the
 * lease; a holder that stops renewing (paused, stuck) loses it to the next acquirer, who gets a
 * higher fencing token. Time comes from the injected clock. Thread-safe.
 */
public final class InMemoryProjectionLocks implements ProjectionLocks {
    private record Holder(String owner, long token, Instant expiresAt) {}

    private final Clock clock;
    private final Duration lease;
    private final Map<String, Holder> holders = new HashMap<>();
    private final Map<String, Long> lastTokens = new HashMap<>();

    public InMemoryProjectionLocks() {
        this(Clock.systemUTC(), Duration.ofSeconds(30));
    }

    public InMemoryProjectionLocks(Clock clock, Duration lease) {
        this.clock = clock;
        this.lease = lease;
    }

    @Override
    public synchronized Acquisition acquire(String name, String owner, long minimumToken) {
        Instant now = clock.instant();
        Holder holder = holders.get(name);
        if (holder != null && holder.expiresAt().isAfter(now)) {
            return new Acquisition.HeldByOther(holder.owner());
        }
        long token = Math.max(lastTokens.getOrDefault(name, 0L), minimumToken) + 1;
        lastTokens.put(name, token);
        holders.put(name, new Holder(owner, token, now.plus(lease)));
        return new Acquisition.Acquired(token);
    }

    @Override
    public synchronized boolean renew(String name, long token) {
        Holder holder = holders.get(name);
        Instant now = clock.instant();
        if (holder == null || holder.token() != token || !holder.expiresAt().isAfter(now)) {
            return false;
        }
        holders.put(name, new Holder(holder.owner(), token, now.plus(lease)));
        return true;
    }

    @Override
    public synchronized void release(String name, long token) {
        Holder holder = holders.get(name);
        if (holder != null && holder.token() == token) {
            holders.remove(name);
        }
    }
}
