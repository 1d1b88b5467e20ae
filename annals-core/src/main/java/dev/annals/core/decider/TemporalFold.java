// SPDX-License-Identifier: Apache-2.0
package dev.annals.core.decider;

import dev.annals.core.event.EventCodec;
import dev.annals.core.store.EventStore;
import dev.annals.core.store.StorageFailure;
import dev.annals.core.store.StreamId;
import dev.annals.core.store.StreamVersion;
import dev.annals.core.event.RecordedEvent;
import java.time.Instant;
import java.util.function.Predicate;

/**
 * A stream's state as the decider saw it at a past version or instant, folded from the event store
 * (never from a read model or a snapshot, so the answer is exactly what the log says).
 */
public final class TemporalFold<S, E> {
    private final EventStore store;
    private final EventCodec<E> codec;
    private final Decider<?, S, E, ?> decider;

    public TemporalFold(EventStore store, EventCodec<E> codec, Decider<?, S, E, ?> decider) {
        this.store = store;
        this.codec = codec;
        this.decider = decider;
    }

    /** The outcome of a temporal query. */
    public sealed interface Result<S> {
        /** The state after the event at {@code version}, recorded at {@code recordedAt}. */
        record Folded<S>(S state, StreamVersion version, Instant recordedAt) implements Result<S> {}

        /** The stream did not exist at that point (or at all). */
        record NotFound<S>() implements Result<S> {}

        record Failed<S>(StorageFailure failure) implements Result<S> {}
    }

    /** The state after the event at {@code version} (or after the last event, if the stream is shorter). */
    public Result<S> asOfVersion(StreamId stream, StreamVersion version) {
        return fold(stream, recorded -> recorded.version().isAfter(version));
    }

    /** The state after every event recorded at or before {@code instant}. */
    public Result<S> asOf(StreamId stream, Instant instant) {
        return fold(stream, recorded -> recorded.recordedAt().isAfter(instant));
    }

    private Result<S> fold(StreamId stream, Predicate<RecordedEvent> stop) {
        var folded = StreamFolder.fold(store, codec, stream, decider.initialState(), null, decider::evolve, stop);
        return switch (folded) {
            case StreamFolder.Folded.State<S> s -> {
                var last = s.last();
                yield last == null ? new Result.NotFound<>() : new Result.Folded<>(s.state(), last.version(), last.recordedAt());
            }
            case StreamFolder.Folded.StreamNotFound<S> n -> new Result.NotFound<>();
            case StreamFolder.Folded.Failed<S> f -> new Result.Failed<>(f.failure());
        };
    }
}
