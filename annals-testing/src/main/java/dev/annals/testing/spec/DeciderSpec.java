// SPDX-License-Identifier: Apache-2.0
package dev.annals.testing.spec;

import static dev.annals.testing.spec.Expectations.expectEqual;
import static dev.annals.testing.spec.Expectations.failure;

import dev.annals.core.decider.Decider;
import dev.annals.core.decider.Decision;
import java.util.List;
import java.util.Objects;

/**
 * Given/when/then for a {@link Decider}: fold the given events from the initial state, decide the
 * command, and compare the outcome. Every {@code then…} throws an {@link AssertionError} showing the
 * expected and the actual outcome when they differ.
 *
 * <pre>{@code
 * DeciderSpec.of(new OrderDecider())
 *         .given(created)
 *         .when(new ConfirmOrder(ID, AT))
 *         .thenEvents(new OrderConfirmed(ID, CUSTOMER, LINES, TOTAL, AT));
 * }</pre>
 *
 * <p>Immutable: one spec can serve many tests.
 */
public final class DeciderSpec<C, S, E, X> {
    private final Decider<C, S, E, X> decider;

    private DeciderSpec(Decider<C, S, E, X> decider) {
        this.decider = Objects.requireNonNull(decider, "decider");
    }

    public static <C, S, E, X> DeciderSpec<C, S, E, X> of(Decider<C, S, E, X> decider) {
        return new DeciderSpec<>(decider);
    }

    /** The history the command is decided against; no events means the initial state. */
    @SafeVarargs
    public final Given given(E... events) {
        return given(List.of(events));
    }

    public Given given(List<E> events) {
        S state = decider.initialState();
        for (E event : events) {
            state = decider.evolve(state, event);
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

        /** Asserts the state folded from the given events alone. */
        public Given thenState(S expected) {
            expectEqual("state after the given events", expected, state);
            return this;
        }

        public When when(C command) {
            return new When(state, command, decider.decide(command, state));
        }
    }

    /** The decision for one command. */
    public final class When {
        private final S before;
        private final C command;
        private final Decision<E, X> decision;

        private When(S before, C command, Decision<E, X> decision) {
            this.before = before;
            this.command = command;
            this.decision = decision;
        }

        public Decision<E, X> decision() {
            return decision;
        }

        /** Asserts the command was accepted and recorded exactly these events, in this order. */
        @SafeVarargs
        public final When thenEvents(E... expected) {
            expectEqual("events recorded for " + command, List.of(expected), acceptedEvents());
            return this;
        }

        /** Asserts the command was accepted and recorded nothing (an idempotent repeat, for example). */
        public When thenNothing() {
            expectEqual("events recorded for " + command, List.of(), acceptedEvents());
            return this;
        }

        /** Asserts the command was rejected for exactly this reason. */
        public When thenRejectedWith(X expected) {
            switch (decision) {
                case Decision.Rejected<E, X> rejected ->
                        expectEqual("rejection of " + command, expected, rejected.reason());
                case Decision.Accepted<E, X> accepted -> throw failure("expected " + command
                        + " to be rejected with " + expected + "\n  but it was accepted with events: " + accepted.events());
            }
            return this;
        }

        /** Asserts the state after the given events and the events this command recorded. */
        public When thenState(S expected) {
            S after = before;
            for (E event : acceptedEvents()) {
                after = decider.evolve(after, event);
            }
            expectEqual("state after " + command, expected, after);
            return this;
        }

        private List<E> acceptedEvents() {
            return switch (decision) {
                case Decision.Accepted<E, X> accepted -> accepted.events();
                case Decision.Rejected<E, X> rejected -> throw failure("expected " + command
                        + " to be accepted\n  but it was rejected with: " + rejected.reason());
            };
        }
    }
}
