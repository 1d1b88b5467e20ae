// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections;

import dev.annals.core.store.GlobalPosition;
import org.jspecify.annotations.Nullable;

/**
 * How far one runner is: its committed checkpoint, the store's head, the lag between them (in
 * position units: the head's position minus the checkpoint's, 0 when caught up), what it is doing,
 * how many events it has parked, and the last failure it met (null when none).
 */
public record ProjectionStatus(
        String name,
        GlobalPosition checkpoint,
        GlobalPosition head,
        long lag,
        State state,
        int deadLetters,
        long eventsApplied,
        @Nullable String lastError) {

    public enum State {
        /** Created, not started. */
        NEW,
        /** Waiting for the lock another runner holds. */
        STANDBY,
        /** Reading events already stored. */
        CATCHING_UP,
        /** Caught up; handling events as they are appended. */
        LIVE,
        /** Storage failed; retrying with back-off. */
        RETRYING,
        /** Stopped; will not run again. */
        STOPPED
    }
}
