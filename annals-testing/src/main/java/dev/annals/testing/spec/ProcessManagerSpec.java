// SPDX-License-Identifier: Apache-2.0
package dev.annals.testing.spec;

import static dev.annals.testing.spec.Expectations.expectEqual;

import dev.annals.core.process.ProcessManager;
import java.util.List;
import java.util.Objects;

/**
 * Given/when/then for a {@link ProcessManager}, run the way its runner runs it: every given message
 * is evolved and reacted to (its commands are considered sent), then the {@code when} message is
 * evolved and the commands it provokes are compared.
 */
public final class ProcessManagerSpec<S, M, C> {
    private final ProcessManager<S, M, C> manager;

    private ProcessManagerSpec(ProcessManager<S, M, C> manager) {
        this.manager = Objects.requireNonNull(manager, "manager");
    }

    public static <S, M, C> ProcessManagerSpec<S, M, C> of(ProcessManager<S, M, C> manager) {
        return new ProcessManagerSpec<>(manager);
    }

    @SafeVarargs
    public final Given given(M... messages) {
        return given(List.of(messages));
    }

    public Given given(List<M> messages) {
        S state = manager.initialState();
        for (M message : messages) {
            state = manager.evolve(state, message);
            manager.react(state, message);
        }
        return new Given(state);
    }

    /** The instance after the given messages. */
    public final class Given {
        private final S state;

        private Given(S state) {
            this.state = state;
        }

        public S state() {
            return state;
        }

        public When when(M message) {
            S after = manager.evolve(state, message);
            return new When(message, after, manager.react(after, message));
        }
    }

    /** The commands one message provoked. */
    public final class When {
        private final M message;
        private final S state;
        private final List<C> commands;

        private When(M message, S state, List<C> commands) {
            this.message = message;
            this.state = state;
            this.commands = List.copyOf(commands);
        }

        public List<C> commands() {
            return commands;
        }

        public S state() {
            return state;
        }

        /** Asserts exactly these commands, in this order. */
        @SafeVarargs
        public final When thenCommands(C... expected) {
            expectEqual("commands sent on " + message, List.of(expected), commands);
            return this;
        }

        public When thenNoCommands() {
            expectEqual("commands sent on " + message, List.of(), commands);
            return this;
        }

        public When thenState(S expected) {
            expectEqual("state after " + message, expected, state);
            return this;
        }
    }
}
