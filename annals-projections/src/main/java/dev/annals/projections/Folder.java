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

    /**
     * Whether {@link #prepare} does work worth doing ahead of the fold, on another thread (decoding).
     */
    default boolean prepares() {
        return false;
    }

    /**
     * The part of handling an event that does not depend on the states (decoding its payload); may run
     * on another thread, before or without the fold, any number of times: pure and thread-safe. May
     * throw; the fold then meets the failure itself.
     */
    default @Nullable Object prepare(RecordedEvent event) {
        return null;
    }

    /** The key a prepared event will touch, so a batch can load its keys at once; null when unknown or none. */
    default @Nullable String keyOf(RecordedEvent event, @Nullable Object prepared) {
        return null;
    }

    /** {@link #apply(RecordedEvent, Batch)} with what {@link #prepare} gave for the event (null: nothing). */
    default void apply(RecordedEvent event, @Nullable Object prepared, Batch<S> batch) {
        apply(event, batch);
    }

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
