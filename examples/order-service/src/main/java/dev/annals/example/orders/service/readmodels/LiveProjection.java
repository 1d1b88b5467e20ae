// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.service.readmodels;

import dev.annals.core.decider.StateCodec;
import dev.annals.core.event.EventCodec;
import dev.annals.core.event.EventEnvelope;
import dev.annals.core.store.EventStore;
import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.ReadAllResult;
import dev.annals.core.store.StorageFailure;
import dev.annals.core.view.View;
import dev.annals.projections.AwaitResult;
import dev.annals.projections.DeadLetterStore;
import dev.annals.projections.Projection;
import dev.annals.projections.ProjectionRunner;
import dev.annals.projections.RunnerOptions;
import dev.annals.projections.ReadableViewStore;
import dev.annals.projections.ViewReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/*
 * Rebuild beside the live read model
 * ----------------------------------
 * rebuild() opens the next generation (empty), starts a second runner on it from the start of the
 * log, and returns at once. A virtual thread waits until that runner has applied the head the log
 * had when it last looked, then makes the generation current on disk, swaps the reader queries use
 * (one volatile write), and stops and discards the old generation. Queries are answered by the old
 * generation the whole time, so a rebuild never shows a half-built read model. A rebuild that fails
 * to open its store changes nothing.
 */

/** One read model: its current runner and view store, the reader queries use, and rebuilds. */
final class LiveProjection<S, E> implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LiveProjection.class.getName());
    /**
     * Added to a view's lag at most, and only under sustained load (an event arriving at an idle
     * runner is applied and committed at once); read-your-writes waits cover it. Every commit of a
     * file view store is an fdatasync, and the six read models and the fulfilment process commit
     * independently on the disk the event store forces its group commits to: at 5 ms they issued
     * ~480 fsyncs/s against the event store's ~80/s under 32 writers (strace of the service under
     * ./annals bench http), at 20 ms about half of that, each commit carrying a bigger batch.
     */
    static final Duration LIVE_COMMIT_DELAY = Duration.ofMillis(20);

    private final String name;
    private final View<S, EventEnvelope<E>> view;
    private final EventCodec<E> codec;
    private final Function<EventEnvelope<E>, @Nullable String> keyOf;
    private final StateCodec<S> stateCodec;
    private final EventStore store;
    private final ViewStorage storage;
    private final DeadLetterStore deadLetters;
    private volatile Generation<S> current;
    private volatile @Nullable Generation<S> rebuilding;
    private volatile boolean closed;

    private record Generation<S>(int number, ReadableViewStore<S> store, ProjectionRunner runner) {}

    /** What starting a rebuild came to. */
    sealed interface RebuildStart {
        record Started() implements RebuildStart {}

        record AlreadyRebuilding() implements RebuildStart {}

        record Failed(StorageFailure failure) implements RebuildStart {}
    }

    private LiveProjection(String name, View<S, EventEnvelope<E>> view, EventCodec<E> codec,
                           Function<EventEnvelope<E>, @Nullable String> keyOf, StateCodec<S> stateCodec, EventStore store,
                           ViewStorage storage) {
        this.name = name;
        this.view = view;
        this.codec = codec;
        this.keyOf = keyOf;
        this.stateCodec = stateCodec;
        this.store = store;
        this.storage = storage;
        this.deadLetters = storage.deadLetters();
    }

    /** Opens the current generation and starts its runner; throws when the view store cannot be opened. */
    static <S, E> LiveProjection<S, E> start(String name, View<S, EventEnvelope<E>> view, EventCodec<E> codec,
                                             Function<EventEnvelope<E>, @Nullable String> keyOf, StateCodec<S> stateCodec,
                                             EventStore store, ViewStorage storage) {
        LiveProjection<S, E> projection = new LiveProjection<>(name, view, codec, keyOf, stateCodec, store, storage);
        int generation = storage.currentGeneration(name);
        switch (projection.open(generation)) {
            case Opening.Ready<S> ready -> {
                projection.current = ready.generation();
                ready.generation().runner().start();
            }
            case Opening.Failed<S> failed -> throw new IllegalStateException("cannot open read model " + name + ": "
                    + failed.failure().kind() + " " + failed.failure().detail());
        }
        return projection;
    }

    private sealed interface Opening<S> {
        record Ready<S>(Generation<S> generation) implements Opening<S> {}

        record Failed<S>(StorageFailure failure) implements Opening<S> {}
    }

    private Opening<S> open(int generation) {
        return switch (storage.open(name, generation, stateCodec)) {
            case ViewStorage.Opened.Failed<S> failed -> new Opening.Failed<>(failed.failure());
            case ViewStorage.Opened.Store<S> opened -> {
                var projection = Projection.of(name, view, codec, keyOf, opened.store());
                // under load, a few ms of coalescing turns one view-store fsync per event into one per batch
                ProjectionRunner runner = ProjectionRunner.builder(projection, store).deadLetters(deadLetters)
                        .options(RunnerOptions.DEFAULTS.withLiveCommitDelay(LIVE_COMMIT_DELAY)).build();
                yield new Opening.Ready<>(new Generation<>(generation, opened.store(), runner));
            }
        };
    }

    String name() {
        return name;
    }

    ProjectionRunner runner() {
        return current.runner();
    }

    boolean isRebuilding() {
        return rebuilding != null;
    }

    /** What queries read: always the current generation, also across a swap. */
    ViewReader<S> reader() {
        return new ViewReader<>() {
            @Override
            public Optional<S> find(String key) {
                return current.store().find(key);
            }

            @Override
            public List<S> all() {
                return current.store().all();
            }

            @Override
            public Map<String, S> snapshot() {
                return current.store().snapshot();
            }

            @Override
            public GlobalPosition appliedPosition() {
                return current.store().appliedPosition();
            }
        };
    }

    AwaitResult awaitApplied(GlobalPosition position, Duration timeout) {
        return current.runner().awaitApplied(position, timeout);
    }

    synchronized RebuildStart rebuild() {
        if (rebuilding != null) {
            return new RebuildStart.AlreadyRebuilding();
        }
        int next = current.number() + 1;
        storage.discard(name, next);
        return switch (open(next)) {
            case Opening.Failed<S> failed -> new RebuildStart.Failed(failed.failure());
            case Opening.Ready<S> ready -> {
                rebuilding = ready.generation();
                ready.generation().runner().start();
                Thread.ofVirtual().name("rebuild-" + name).start(() -> completeRebuild(ready.generation()));
                yield new RebuildStart.Started();
            }
        };
    }

    private void completeRebuild(Generation<S> next) {
        try {
            while (!closed) {
                GlobalPosition head = head();
                AwaitResult result = next.runner().awaitApplied(head, Duration.ofSeconds(1));
                if (result instanceof AwaitResult.Stopped) {
                    return;
                }
                if (result instanceof AwaitResult.Reached) {
                    break;
                }
            }
            Generation<S> old;
            synchronized (this) {
                if (closed) {
                    return;
                }
                storage.makeCurrent(name, next.number());
                old = current;
                current = next;
                rebuilding = null;
            }
            old.runner().stop();
            closeStore(old.store());
            storage.discard(name, old.number());
            LOG.log(System.Logger.Level.INFO, "read model {0} rebuilt as generation {1}", name, next.number());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "rebuild of " + name + " failed; the old generation stays current", e);
            synchronized (this) {
                rebuilding = null;
            }
            next.runner().stop();
            closeStore(next.store());
        }
    }

    private GlobalPosition head() {
        return switch (store.readAll(GlobalPosition.of(Long.MAX_VALUE - 1), 1)) {
            case ReadAllResult.Page page -> page.head();
            case ReadAllResult.Failed failed -> GlobalPosition.START;
        };
    }

    @Override
    public synchronized void close() {
        closed = true;
        Generation<S> next = rebuilding;
        if (next != null) {
            next.runner().stop();
            closeStore(next.store());
        }
        current.runner().stop();
        closeStore(current.store());
    }

    private static void closeStore(ReadableViewStore<?> store) {
        if (store instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "closing a view store", e);
            }
        }
    }
}
