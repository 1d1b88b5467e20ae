// SPDX-License-Identifier: Apache-2.0
package dev.annals.core.decider;

/**
 * Pure decision logic for one consistency boundary. No I/O, no clock, no randomness: time, ids
 * and outside facts arrive inside the command.
 *
 * @param <C> commands
 * @param <S> state
 * @param <E> events
 * @param <X> typed rejections (the business rule that said no)
 */
public interface Decider<C, S, E, X> {
    S initialState();

    Decision<E, X> decide(C command, S state);

    /** Records a fact that has already been decided. Never validates, never fails. */
    S evolve(S state, E event);

    /** A terminal state accepts no further commands; its stream may be closed. */
    default boolean isTerminal(S state) {
        return false;
    }
}
