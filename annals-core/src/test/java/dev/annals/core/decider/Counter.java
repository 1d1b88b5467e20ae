// SPDX-License-Identifier: Apache-2.0
package dev.annals.core.decider;

import dev.annals.core.event.DecodeResult;
import dev.annals.core.event.EventCodec;
import dev.annals.core.event.SerializedEvent;
import dev.annals.core.store.StreamId;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** A tiny test boundary: a counter that may not pass a limit, with a text codec. */
final class Counter {
    private Counter() {
    }

    sealed interface Command {
        String id();

        record Add(String id, int amount) implements Command {}

        record AddTwice(String id, int amount) implements Command {}

        record Touch(String id) implements Command {}
    }

    record Added(int amount) {}

    record TooMuch(int total, int limit) {}

    static final int LIMIT = 100;

    static final class CounterDecider implements Decider<Command, Integer, Added, TooMuch> {
        int evolveCalls;

        @Override
        public Integer initialState() {
            return 0;
        }

        @Override
        public Decision<Added, TooMuch> decide(Command command, Integer state) {
            return switch (command) {
                case Command.Add add -> state + add.amount() > LIMIT
                        ? Decision.reject(new TooMuch(state + add.amount(), LIMIT))
                        : Decision.accept(new Added(add.amount()));
                case Command.AddTwice twice -> Decision.acceptAll(new Added(twice.amount()), new Added(twice.amount()));
                case Command.Touch touch -> Decision.acceptAll(java.util.List.of());
            };
        }

        @Override
        public Integer evolve(Integer state, Added event) {
            evolveCalls++;
            return state + event.amount();
        }
    }

    static StreamId streamOf(Command command) {
        return StreamId.of("Counter", command.id());
    }

    static final class Codec implements EventCodec<Added> {
        @Override
        public SerializedEvent encode(Added event) {
            return new SerializedEvent("counter.Added", 1, Integer.toString(event.amount()).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public DecodeResult<Added> decode(SerializedEvent serialized) {
            if (!knows(serialized.eventType())) {
                return new DecodeResult.UnknownType<>(serialized.eventType(), serialized.schemaVersion());
            }
            try {
                return new DecodeResult.Decoded<>(new Added(Integer.parseInt(new String(serialized.data(), StandardCharsets.UTF_8))));
            } catch (NumberFormatException e) {
                return new DecodeResult.Malformed<>(serialized.eventType(), serialized.schemaVersion(), e.getMessage());
            }
        }

        @Override
        public boolean knows(String eventType) {
            return eventType.equals("counter.Added");
        }
    }

    static final class StateCodecV1 implements StateCodec<Integer> {
        private final int schemaVersion;

        StateCodecV1(int schemaVersion) {
            this.schemaVersion = schemaVersion;
        }

        @Override
        public int schemaVersion() {
            return schemaVersion;
        }

        @Override
        public byte[] encode(Integer state) {
            return state.toString().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public Optional<Integer> decode(byte[] bytes) {
            try {
                return Optional.of(Integer.parseInt(new String(bytes, StandardCharsets.UTF_8)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }
}
