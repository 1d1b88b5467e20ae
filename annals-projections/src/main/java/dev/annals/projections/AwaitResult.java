// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections;

import dev.annals.core.store.GlobalPosition;

/** The outcome of waiting for a read model to apply a position (read-your-writes). */
public sealed interface AwaitResult {
    /** The read model has applied every event up to at least the asked position. */
    record Reached(GlobalPosition checkpoint) implements AwaitResult {}

    /** The timeout passed first; {@code checkpoint} is how far it got. */
    record TimedOut(GlobalPosition checkpoint) implements AwaitResult {}

    /** The runner stopped; it will not get there. */
    record Stopped(GlobalPosition checkpoint) implements AwaitResult {}
}
