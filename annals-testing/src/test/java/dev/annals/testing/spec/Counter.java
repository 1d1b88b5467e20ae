// SPDX-License-Identifier: Apache-2.0
package dev.annals.testing.spec;

import dev.annals.core.decider.Decider;
import dev.annals.core.decider.Decision;
import dev.annals.core.process.ProcessManager;
import dev.annals.core.view.View;
import java.util.List;

/** A counter that may not exceed a limit: the smallest boundary that exercises every kit. */
final class Counter {
    static final int LIMIT = 3;

    private Counter() {
    }

    sealed interface Command {
        record Increment(int by) implements Command {}

        record Touch() implements Command {}
    }

    sealed interface Event {
        record Incremented(int by) implements Event {}

        record Noted(String text) implements Event {}
    }

    record LimitExceeded(int limit, int wanted) {}

    static final class CounterDecider implements Decider<Command, Integer, Event, LimitExceeded> {
        @Override
        public Integer initialState() {
            return 0;
        }

        @Override
        public Decision<Event, LimitExceeded> decide(Command command, Integer state) {
            return switch (command) {
                case Command.Increment c when state + c.by() > LIMIT ->
                        Decision.reject(new LimitExceeded(LIMIT, state + c.by()));
                case Command.Increment c -> Decision.accept(new Event.Incremented(c.by()));
                case Command.Touch c -> Decision.acceptAll(List.of());
            };
        }

        @Override
        public Integer evolve(Integer state, Event event) {
            return switch (event) {
                case Event.Incremented e -> state + e.by();
                case Event.Noted e -> state;
            };
        }
    }

    /** Sums increments; notes are ignored. */
    static final class TotalView implements View<Integer, Event> {
        @Override
        public Integer initialState() {
            return 0;
        }

        @Override
        public Integer evolve(Integer state, Event event) {
            return switch (event) {
                case Event.Incremented e -> state + e.by();
                default -> state; // notes do not count
            };
        }
    }

    /** Asks for a reset the first time the total reaches the limit, once. */
    static final class ResetWhenFull implements ProcessManager<ResetWhenFull.State, Event, String> {
        record State(int total, boolean hasAskedForReset, List<String> toSend) {}

        @Override
        public State initialState() {
            return new State(0, false, List.of());
        }

        @Override
        public String instanceId(Event message) {
            return "counter";
        }

        @Override
        public State evolve(State state, Event message) {
            return switch (message) {
                case Event.Incremented e -> {
                    int total = state.total() + e.by();
                    boolean ask = total >= LIMIT && !state.hasAskedForReset();
                    yield new State(total, state.hasAskedForReset() || ask, ask ? List.of("reset") : List.of());
                }
                case Event.Noted e -> new State(state.total(), state.hasAskedForReset(), List.of());
            };
        }

        @Override
        public List<String> react(State state, Event message) {
            return state.toSend();
        }
    }
}
