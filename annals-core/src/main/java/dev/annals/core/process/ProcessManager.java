// SPDX-License-Identifier: Apache-2.0
package dev.annals.core.process;

import java.util.List;

/**
 * Coordinates aggregates for one workflow instance (for example one order's fulfilment).
 *
 * <p>Messages {@code M} are what the instance hears: events of the streams it follows and the
 * outcomes of the commands it sent (the runner turns a rejected command into a message, since a
 * rejection records no event). For each message the runner first evolves the state, then sends the
 * commands {@link #react} returns for the evolved state. Both are pure: no I/O, no clock.
 */
public interface ProcessManager<S, M, C> {
    S initialState();

    /** The instance a message belongs to (for example the order id). */
    String instanceId(M message);

    S evolve(S state, M message);

    /** The commands to send after {@code state} (already evolved with {@code message}) heard it. */
    List<C> react(S state, M message);

    /** A finished instance hears nothing more and may be forgotten. */
    default boolean isFinished(S state) {
        return false;
    }
}
