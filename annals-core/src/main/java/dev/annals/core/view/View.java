// SPDX-License-Identifier: Apache-2.0
package dev.annals.core.view;

/** How a read model folds one event. Events it does not care about return the state unchanged. Pure. */
public interface View<S, E> {
    S initialState();

    S evolve(S state, E event);
}
