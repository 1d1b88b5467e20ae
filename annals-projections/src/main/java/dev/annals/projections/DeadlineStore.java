// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections;

import dev.annals.core.store.StorageFailure;
import dev.annals.core.store.WriteResult;
import java.time.Instant;
import java.util.List;

/**
 * Durable timers of process managers. {@link #schedule} upserts by {@link Deadline#key()}, so
 * re-scheduling after a redelivery is harmless. Implementations are thread-safe.
 */
public interface DeadlineStore {
    WriteResult schedule(Deadline deadline);

    WriteResult cancel(Deadline deadline);

    /** Deadlines of one instance. */
    Listing forInstance(String consumer, String instanceId);

    /** Deadlines of a consumer due at or before {@code now}, earliest first, at most {@code maxCount}. */
    Listing due(String consumer, Instant now, int maxCount);

    sealed interface Listing {
        record Found(List<Deadline> deadlines) implements Listing {
            public Found {
                deadlines = List.copyOf(deadlines);
            }
        }

        record Failed(StorageFailure failure) implements Listing {}
    }
}
