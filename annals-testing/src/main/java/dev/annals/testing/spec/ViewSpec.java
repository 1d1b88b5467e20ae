// SPDX-License-Identifier: Apache-2.0
package dev.annals.testing.spec;

import static dev.annals.testing.spec.Expectations.expectEqual;

import dev.annals.core.view.View;
import java.util.List;
import java.util.Objects;

/**
 * Given/then for a {@link View}: fold the given events from the initial state and compare the
 * result. {@link Given#thenUnchangedBy} checks that an event the view does not care about leaves the
 * state exactly as it was.
 */
public final class ViewSpec<S, E> {
    private final View<S, E> view;

    private ViewSpec(View<S, E> view) {
        this.view = Objects.requireNonNull(view, "view");
    }

    public static <S, E> ViewSpec<S, E> of(View<S, E> view) {
        return new ViewSpec<>(view);
    }

    @SafeVarargs
    public final Given given(E... events) {
        return given(List.of(events));
    }

    public Given given(List<E> events) {
        S state = view.initialState();
        for (E event : events) {
            state = view.evolve(state, event);
        }
        return new Given(state);
    }

    /** The state folded from the given events. */
    public final class Given {
        private final S state;

        private Given(S state) {
            this.state = state;
        }

        public S state() {
            return state;
        }

        public Given thenState(S expected) {
            expectEqual("view state after the given events", expected, state);
            return this;
        }

        /** Asserts that folding {@code event} after the given events changes nothing. */
        public Given thenUnchangedBy(E event) {
            expectEqual("view state after " + event + " (should be unchanged)", state, view.evolve(state, event));
            return this;
        }
    }
}
