// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections;

import dev.annals.core.decider.StateCodec;
import dev.annals.core.event.DecodeResult;
import dev.annals.core.event.EventCodec;
import dev.annals.core.event.EventData;
import dev.annals.core.event.EventEnvelope;
import dev.annals.core.event.EventIds;
import dev.annals.core.event.Metadata;
import dev.annals.core.event.RecordedEvent;
import dev.annals.core.event.SerializedEvent;
import dev.annals.core.store.EventStore;
import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.ReadAllResult;
import dev.annals.core.view.View;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.IntPredicate;

/**
 * A tiny test boundary: events "test.Added" carry an amount; the view keeps, per stream, the sum, the
 * count and an order-sensitive hash, so a lost, duplicated or reordered event changes the state.
 */
record Tally(long sum, long count, long hash) {
    static final Tally ZERO = new Tally(0, 0, 17);
    static final String TYPE = "test.Added";

    record Added(int amount) {}

    Tally plus(int amount) {
        return new Tally(sum + amount, count + 1, hash * 31 + amount);
    }

    static EventData added(int amount) {
        return new EventData(EventIds.newId(), TYPE, 1, Integer.toString(amount).getBytes(StandardCharsets.UTF_8),
                new Metadata("corr", null, null, null, Map.of()));
    }

    static EventData malformed() {
        return new EventData(EventIds.newId(), TYPE, 1, "not a number".getBytes(StandardCharsets.UTF_8), Metadata.EMPTY);
    }

    static EventData foreign() {
        return new EventData(EventIds.newId(), "other.Happened", 1, new byte[] {1}, Metadata.EMPTY);
    }

    static final EventCodec<Added> CODEC = new EventCodec<>() {
        @Override
        public SerializedEvent encode(Added event) {
            return new SerializedEvent(TYPE, 1, Integer.toString(event.amount()).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public DecodeResult<Added> decode(SerializedEvent serialized) {
            if (!serialized.eventType().equals(TYPE)) {
                return new DecodeResult.UnknownType<>(serialized.eventType(), serialized.schemaVersion());
            }
            try {
                return new DecodeResult.Decoded<>(new Added(Integer.parseInt(new String(serialized.data(), StandardCharsets.UTF_8))));
            } catch (NumberFormatException e) {
                return new DecodeResult.Malformed<>(TYPE, 1, "amount is not a number");
            }
        }

        @Override
        public boolean knows(String eventType) {
            return TYPE.equals(eventType);
        }
    };

    static final StateCodec<Tally> STATE_CODEC = new StateCodec<>() {
        @Override
        public int schemaVersion() {
            return 1;
        }

        @Override
        public byte[] encode(Tally state) {
            return ByteBuffer.allocate(24).putLong(state.sum()).putLong(state.count()).putLong(state.hash()).array();
        }

        @Override
        public Optional<Tally> decode(byte[] bytes) {
            if (bytes.length != 24) {
                return Optional.empty();
            }
            ByteBuffer b = ByteBuffer.wrap(bytes);
            return Optional.of(new Tally(b.getLong(), b.getLong(), b.getLong()));
        }
    };

    /** The view; fails on amounts the predicate marks as poison. */
    static View<Tally, EventEnvelope<Added>> view(IntPredicate isPoison) {
        return new View<>() {
            @Override
            public Tally initialState() {
                return ZERO;
            }

            @Override
            public Tally evolve(Tally state, EventEnvelope<Added> event) {
                if (isPoison.test(event.event().amount())) {
                    throw new IllegalStateException("cannot handle amount " + event.event().amount());
                }
                return state.plus(event.event().amount());
            }
        };
    }

    static View<Tally, EventEnvelope<Added>> view() {
        return view(amount -> false);
    }

    static String keyOf(EventEnvelope<Added> envelope) {
        return envelope.streamId().value();
    }

    /** The read model a fresh replay of the whole store gives, skipping events {@code skip} names. */
    static Map<String, Tally> replay(EventStore store, IntPredicate skip) {
        Map<String, Tally> states = new TreeMap<>();
        GlobalPosition after = GlobalPosition.START;
        while (true) {
            ReadAllResult.Page page = (ReadAllResult.Page) store.readAll(after, 1000);
            for (RecordedEvent e : page.events()) {
                if (CODEC.decode(e.serialized()) instanceof DecodeResult.Decoded<Added> d && !skip.test(d.event().amount())) {
                    states.merge(e.streamId().value(), ZERO.plus(d.event().amount()), (old, one) -> old.plus(d.event().amount()));
                }
                after = e.position();
            }
            if (page.isEnd()) {
                return states;
            }
        }
    }

    static Map<String, Tally> replay(EventStore store) {
        return replay(store, amount -> false);
    }

    /** The read model a replay of the events up to and including {@code upTo} gives. */
    static Map<String, Tally> replayUpTo(EventStore store, GlobalPosition upTo) {
        Map<String, Tally> states = new TreeMap<>();
        GlobalPosition after = GlobalPosition.START;
        while (true) {
            ReadAllResult.Page page = (ReadAllResult.Page) store.readAll(after, 1000);
            for (RecordedEvent e : page.events()) {
                if (e.position().isAfter(upTo)) {
                    return states;
                }
                if (CODEC.decode(e.serialized()) instanceof DecodeResult.Decoded<Added> d) {
                    states.merge(e.streamId().value(), ZERO.plus(d.event().amount()), (old, one) -> old.plus(d.event().amount()));
                }
                after = e.position();
            }
            if (page.isEnd()) {
                return states;
            }
        }
    }

    /** Appends amounts to a stream; returns the last position. */
    static GlobalPosition append(EventStore store, String stream, int... amounts) {
        var events = java.util.Arrays.stream(amounts).mapToObj(Tally::added).toList();
        return ((dev.annals.core.store.AppendResult.Appended) store.append(dev.annals.core.store.StreamId.of(stream),
                new dev.annals.core.store.ExpectedVersion.Any(), events)).lastPosition();
    }
}
