// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections;

import dev.annals.core.event.RecordedEvent;
import org.jspecify.annotations.Nullable;

/**
 * What a runner does with one event: fold it into the batch's keyed states (a projection) or react
 * to it (a process manager). Throws on failure: {@link StorageProblem} abandons the batch, {@link
 * PoisonEvent} parks at once, anything else is retried and then parked. Must not change the batch
 * before it has succeeded (put last), so a retried event starts from the same states.
 */
interface Folder<S> {
    void apply(RecordedEvent event, Batch<S> batch);

    /** Work between polls (process managers fire due deadlines here). */
    default void tick(Batch<S> batch) {
    }

    /**
     * Whether a parked event also blocks the later events of its key (not only of its stream).
     * Process managers do: an instance hears several streams, and its state is order-sensitive.
     */
    default boolean blocksByKey() {
        return false;
    }

    /** The key an event belongs to, for blocking (null: none); may throw when it cannot be decoded. */
    default @Nullable String blockingKey(RecordedEvent event) {
        return null;
    }
}
