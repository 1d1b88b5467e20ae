// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.postgres;

import dev.annals.core.decider.StateCodec;
import dev.annals.core.event.DecodeResult;
import dev.annals.core.event.EventCodec;
import dev.annals.core.event.EventData;
import dev.annals.core.event.EventEnvelope;
import dev.annals.core.event.EventIds;
import dev.annals.core.event.Metadata;
import dev.annals.core.event.RecordedEvent;
import dev.annals.core.event.SerializedEvent;
import dev.annals.core.view.View;
import dev.annals.core.view.ViewStore;
import dev.annals.projections.Projection;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The read model of the kill test: per stream the sum, the count and an order-sensitive hash of
 * the amounts, so a lost, duplicated or reordered event changes the state.
 */
record Sums(long sum, long count, long hash) {
    static final String NAME = "sums";
    static final String TYPE = "test.Added";
    static final Sums ZERO = new Sums(0, 0, 17);

    Sums plus(int amount) {
        return new Sums(sum + amount, count + 1, hash * 31 + amount);
    }

    static EventData added(int amount) {
        return new EventData(EventIds.newId(), TYPE, 1, Integer.toString(amount).getBytes(StandardCharsets.UTF_8),
                Metadata.EMPTY);
    }

    static final EventCodec<Integer> EVENTS = new EventCodec<>() {
        @Override
        public SerializedEvent encode(Integer amount) {
            return new SerializedEvent(TYPE, 1, Integer.toString(amount).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public DecodeResult<Integer> decode(SerializedEvent serialized) {
            if (!TYPE.equals(serialized.eventType())) {
                return new DecodeResult.UnknownType<>(serialized.eventType(), serialized.schemaVersion());
            }
            return new DecodeResult.Decoded<>(Integer.parseInt(new String(serialized.data(), StandardCharsets.UTF_8)));
        }

        @Override
        public boolean knows(String eventType) {
            return TYPE.equals(eventType);
        }
    };

    /** "sum,count,hash" as text (so the view store also keeps no jsonb copy). */
    static final StateCodec<Sums> STATES = new StateCodec<>() {
        @Override
        public int schemaVersion() {
            return 1;
        }

        @Override
        public byte[] encode(Sums state) {
            return (state.sum + "," + state.count + "," + state.hash).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public Optional<Sums> decode(byte[] bytes) {
            String[] parts = new String(bytes, StandardCharsets.UTF_8).split(",");
            return Optional.of(new Sums(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2])));
        }
    };

    static final View<Sums, EventEnvelope<Integer>> VIEW = new View<>() {
        @Override
        public Sums initialState() {
            return ZERO;
        }

        @Override
        public Sums evolve(Sums state, EventEnvelope<Integer> event) {
            return state.plus(event.event());
        }
    };

    static Projection<Sums, Integer> projection(ViewStore<Sums> store) {
        return Projection.of(NAME, VIEW, EVENTS, event -> event.streamId().value(), store);
    }

    /** What a fresh fold of these events gives, by stream. */
    static Map<String, Sums> replay(List<RecordedEvent> events) {
        Map<String, Sums> states = new TreeMap<>();
        for (RecordedEvent event : events) {
            int amount = Integer.parseInt(new String(event.event().data(), StandardCharsets.UTF_8));
            states.merge(event.streamId().value(), ZERO.plus(amount), (old, ignored) -> old.plus(amount));
        }
        return states;
    }
}
