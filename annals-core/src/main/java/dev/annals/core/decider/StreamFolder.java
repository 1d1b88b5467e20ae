// SPDX-License-Identifier: Apache-2.0
package dev.annals.core.decider;

import dev.annals.core.event.DecodeResult;
import dev.annals.core.event.EventCodec;
import dev.annals.core.event.RecordedEvent;
import dev.annals.core.store.EventStore;
import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.ReadDirection;
import dev.annals.core.store.ReadStreamResult;
import dev.annals.core.store.StorageFailure;
import dev.annals.core.store.StreamId;
import dev.annals.core.store.StreamVersion;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Folds a stream's events, page by page, into a state: the one loop behind command handling and
 * temporal queries. Stops at the end of the stream or at the first event {@code stopBefore} accepts.
 * An event the codec cannot decode is a storage failure (CORRUPTED): a decider must never decide on
 * a state that silently skipped a fact.
 *
 * <p>Read-ahead: when a page is full and not the stream's end, the next page is read on a virtual
 * thread while this one is decoded and folded, so a long stream's load overlaps the store's work
 * (on PostgreSQL: the server producing the next rows, the driver receiving them) with decoding
 * instead of adding them up. Pages are contiguous version ranges of immutable events, so reading
 * one early changes nothing; the fold still applies them in order and stops at the first failure.
 * A short stream (one page, the common command) starts no thread. A fold that stops early leaves
 * at most one page read for nothing.
 */
final class StreamFolder {
    static final int PAGE = 1000;

    private StreamFolder() {
    }

    sealed interface Folded<S> {
        /** {@code version} and {@code position} are null when no event was folded (and no start was given). */
        record State<S>(S state, @Nullable StreamVersion version, @Nullable GlobalPosition position,
                        @Nullable RecordedEvent last, int eventsFolded) implements Folded<S> {}

        record StreamNotFound<S>() implements Folded<S> {}

        record Failed<S>(StorageFailure failure) implements Folded<S> {}
    }

    static <S, E> Folded<S> fold(EventStore store, EventCodec<E> codec, StreamId stream, S start,
                                 @Nullable StreamVersion startVersion, BiFunction<S, E, S> evolve,
                                 Predicate<RecordedEvent> stopBefore) {
        S state = start;
        StreamVersion version = startVersion;
        GlobalPosition position = null;
        RecordedEvent last = null;
        int folded = 0;
        StreamVersion from = startVersion == null ? StreamVersion.FIRST : startVersion.next();
        ReadStreamResult result = store.readStream(stream, from, ReadDirection.FORWARD, PAGE);
        while (true) {
            FutureTask<ReadStreamResult> next = null;
            if (result instanceof ReadStreamResult.Found found && !found.isEndOfStream() && !found.events().isEmpty()) {
                StreamVersion after = found.events().getLast().version().next();
                next = new FutureTask<>(() -> store.readStream(stream, after, ReadDirection.FORWARD, PAGE));
                Thread.ofVirtual().name("annals-read-ahead").start(next);
            }
            switch (result) {
                case ReadStreamResult.NotFound notFound -> {
                    return new Folded.StreamNotFound<>();
                }
                case ReadStreamResult.Failed failed -> {
                    return new Folded.Failed<>(failed.failure());
                }
                case ReadStreamResult.Found found -> {
                    for (RecordedEvent recorded : found.events()) {
                        if (stopBefore.test(recorded)) {
                            return new Folded.State<>(state, version, position, last, folded);
                        }
                        switch (codec.decode(recorded.serialized())) {
                            case DecodeResult.Decoded<E> decoded -> state = evolve.apply(state, decoded.event());
                            case DecodeResult.UnknownType<E> unknown -> {
                                return new Folded.Failed<>(StorageFailure.corrupted("stream " + stream + " version "
                                        + recorded.version() + " holds unknown event type " + unknown.eventType()
                                        + ".v" + unknown.schemaVersion()));
                            }
                            case DecodeResult.Malformed<E> malformed -> {
                                return new Folded.Failed<>(StorageFailure.corrupted("stream " + stream + " version "
                                        + recorded.version() + " cannot be decoded: " + malformed.reason()));
                            }
                        }
                        version = recorded.version();
                        position = recorded.position();
                        last = recorded;
                        folded++;
                    }
                    if (next == null) {
                        return new Folded.State<>(state, version, position, last, folded);
                    }
                    result = await(next, stream);
                }
            }
        }
    }

    /** The read-ahead's result; what the read threw is thrown here, as a read on this thread would. */
    private static ReadStreamResult await(FutureTask<ReadStreamResult> read, StreamId stream) {
        try {
            return read.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ReadStreamResult.Failed(StorageFailure.unavailable("interrupted while reading " + stream));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
