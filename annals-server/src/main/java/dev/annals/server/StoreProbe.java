// SPDX-License-Identifier: Apache-2.0
package dev.annals.server;

/** What the operations endpoints ask the event store: is it serving, and how big is it. */
public interface StoreProbe {
    Health health();

    Statistics statistics();

    sealed interface Health {
        record Healthy() implements Health {}

        /** The store failed stop or is closed; readiness answers 503 with {@code reason}. */
        record Unhealthy(String reason) implements Health {}
    }

    /** {@code bytesOnDisk} is -1 where the store cannot tell (a database). */
    record Statistics(long events, long streams, long headPosition, long bytesOnDisk) {}
}
