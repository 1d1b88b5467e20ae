// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections;

import dev.annals.core.store.EventStore;
import dev.annals.core.store.GlobalPosition;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/*
 * Blue-green rebuild
 * ------------------
 * Version v of a projection is a runner named "<name>.v<v>" (its own checkpoint, lock and dead
 * letters) over its own view store, which the caller opens for v (a fresh directory, a fresh
 * in-memory store). Queries go through reader(), which reads whichever version is live.
 *
 *   rebuild(): open store v+1, start its runner from position 0 beside the live one
 *   watcher:   wait until v+1 has applied the head (read again each round: writes continue)
 *              stop the live runner (queries keep reading its complete, now frozen view)
 *              wait until v+1 has applied the stopped runner's final checkpoint
 *              swap: live := v+1 (one volatile write), then onSwap(v+1), close the old store;
 *              only then is the rebuild over (awaitRebuild returns, another may start)
 *
 * Invariants: a query reads exactly one version's store, and the live version is always one whose
 * runner had applied everything the previous live version had, so no query ever sees a half-built
 * view and the read model never goes back in time across the swap. While v+1 catches up its
 * progress is rebuildStatus(). Which version is live is not persisted here: the wiring records it
 * through onSwap and passes it back as the starting version.
 *
 * Concurrency: start/rebuild/close are synchronized; reads are lock-free (a volatile reference).
 * The watcher is one virtual thread per rebuild.
 */

/** A projection that can be rebuilt beside the live version and swapped in atomically once caught up. */
public final class BlueGreenProjection<S, E> implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(BlueGreenProjection.class.getName());
    private static final Duration ROUND = Duration.ofMillis(500);

    private record Version<S>(int number, ReadableViewStore<S> store, ProjectionRunner runner) {}

    private final Projection<S, E> projection;
    private final EventStore eventStore;
    private final IntFunction<ReadableViewStore<S>> storeForVersion;
    private final UnaryOperator<ProjectionRunner.Builder> configure;
    private final IntConsumer onSwap;
    private final ReentrantLock swapLock = new ReentrantLock();
    private final Condition swapped = swapLock.newCondition();
    private final int firstVersion;
    private volatile @Nullable Version<S> live;
    private volatile @Nullable Version<S> building;
    private volatile boolean closed;

    /**
     * @param projection      the projection; its view store is ignored (each version opens its own)
     * @param storeForVersion opens the (empty or previously built) view store of a version
     * @param liveVersion     the version that is live at start (1 the first time)
     * @param configure       applied to each version's runner builder (locks, dead letters, options)
     * @param onSwap          told the new live version after each swap (to persist it)
     */
    public BlueGreenProjection(Projection<S, E> projection, EventStore eventStore,
                               IntFunction<ReadableViewStore<S>> storeForVersion, int liveVersion,
                               UnaryOperator<ProjectionRunner.Builder> configure, IntConsumer onSwap) {
        if (liveVersion < 1) {
            throw new IllegalArgumentException("versions start at 1");
        }
        this.projection = Objects.requireNonNull(projection);
        this.eventStore = Objects.requireNonNull(eventStore);
        this.storeForVersion = Objects.requireNonNull(storeForVersion);
        this.configure = Objects.requireNonNull(configure);
        this.onSwap = Objects.requireNonNull(onSwap);
        this.firstVersion = liveVersion;
    }

    /** The runner name of one version. */
    public static String versionName(String projection, int version) {
        return projection + ".v" + version;
    }

    public String name() {
        return projection.name();
    }

    /** Opens the live version's store and starts its runner. */
    public synchronized void start() {
        if (live != null) {
            throw new IllegalStateException("already started");
        }
        Version<S> v = open(firstVersion);
        live = v;
        v.runner().start();
    }

    /** The live version's number. */
    public int version() {
        return current().number();
    }

    /** The live version's runner (changes at a swap). */
    public ProjectionRunner runner() {
        return current().runner();
    }

    /** Status of the live version, under the projection's name. */
    public ProjectionStatus status() {
        ProjectionStatus s = current().runner().status();
        return new ProjectionStatus(projection.name(), s.checkpoint(), s.head(), s.lag(), s.state(), s.deadLetters(),
                s.eventsApplied(), s.lastError());
    }

    /** Progress of a rebuild that is running (its runner's status), empty when none is. */
    public Optional<ProjectionStatus> rebuildStatus() {
        Version<S> b = building;
        return b == null ? Optional.empty() : Optional.of(b.runner().status());
    }

    /** The query side: always reads the live version's store. */
    public ViewReader<S> reader() {
        return new ViewReader<>() {
            @Override
            public Optional<S> find(String key) {
                return current().store().find(key);
            }

            @Override
            public List<S> all() {
                return current().store().all();
            }

            @Override
            public Map<String, S> snapshot() {
                return current().store().snapshot();
            }

            @Override
            public GlobalPosition appliedPosition() {
                return current().store().appliedPosition();
            }
        };
    }

    /** Read-your-writes across swaps: waits on whichever version is live. */
    public AwaitResult awaitApplied(GlobalPosition position, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Version<S> v = current();
            long remaining = deadline - System.nanoTime();
            AwaitResult result = v.runner().awaitApplied(position, Duration.ofNanos(Math.max(0, remaining)));
            if (!(result instanceof AwaitResult.Stopped) || closed) {
                return result;
            }
            // the live runner was stopped for a swap: wait for the swap, then ask the new version
            swapLock.lock();
            try {
                while (live == v && !closed) {
                    remaining = deadline - System.nanoTime();
                    if (remaining <= 0) {
                        return new AwaitResult.TimedOut(v.runner().checkpoint());
                    }
                    swapped.awaitNanos(remaining);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new AwaitResult.TimedOut(v.runner().checkpoint());
            } finally {
                swapLock.unlock();
            }
        }
    }

    /** What {@link #rebuild()} did. */
    public sealed interface RebuildOutcome {
        record Started(int version) implements RebuildOutcome {}

        record AlreadyRunning(int version) implements RebuildOutcome {}

        record NotStarted(String detail) implements RebuildOutcome {}
    }

    /** Starts building the next version beside the live one; it is swapped in once caught up. */
    public synchronized RebuildOutcome rebuild() {
        Version<S> current = live;
        if (current == null || closed) {
            return new RebuildOutcome.NotStarted("projection " + projection.name() + " is not running");
        }
        Version<S> b = building;
        if (b != null) {
            return new RebuildOutcome.AlreadyRunning(b.number());
        }
        Version<S> next = open(current.number() + 1);
        building = next;
        next.runner().start();
        Thread.ofVirtual().name("rebuild-" + projection.name() + "-v" + next.number()).start(() -> complete(current, next));
        return new RebuildOutcome.Started(next.number());
    }

    /** Waits until a running rebuild has been swapped in (or abandoned); false on timeout. */
    public boolean awaitRebuild(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        swapLock.lock();
        try {
            while (building != null) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                swapped.awaitNanos(remaining);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            swapLock.unlock();
        }
    }

    private void complete(Version<S> old, Version<S> next) {
        try {
            // 1. catch up with a head that keeps moving, without disturbing the live version
            while (!closed) {
                GlobalPosition head = ProjectionRunner.head(eventStore);
                AwaitResult r = next.runner().awaitApplied(head, ROUND);
                if (r instanceof AwaitResult.Stopped) {
                    abandon(next, "the new version's runner stopped");
                    return;
                }
                if (r instanceof AwaitResult.Reached) {
                    break;
                }
            }
            if (closed) {
                abandon(next, "closed");
                return;
            }
            // 2. freeze the live version, 3. let the new one reach exactly where it stopped
            old.runner().stop();
            GlobalPosition frozen = old.runner().checkpoint();
            while (!closed) {
                AwaitResult r = next.runner().awaitApplied(frozen, ROUND);
                if (r instanceof AwaitResult.Reached) {
                    break;
                }
                if (r instanceof AwaitResult.Stopped) {
                    // keep serving the old, complete view: restart a runner on it
                    LOG.log(System.Logger.Level.ERROR, "rebuild of {0} failed after the live runner stopped; "
                            + "restarting version {1}", projection.name(), old.number());
                    restartOld(old);
                    abandon(next, "the new version's runner stopped");
                    return;
                }
            }
            if (closed) {
                abandon(next, "closed");
                return;
            }
            // 4. swap
            swapLock.lock();
            try {
                live = next;
                swapped.signalAll();
            } finally {
                swapLock.unlock();
            }
            LOG.log(System.Logger.Level.INFO, "projection {0}: version {1} is live at {2}", projection.name(),
                    next.number(), next.runner().checkpoint());
            try {
                onSwap.accept(next.number());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "onSwap of " + projection.name() + " failed; version "
                        + next.number() + " is live but was not recorded", e);
            }
            closeStore(old.store());
            swapLock.lock();
            try {
                building = null;  // the rebuild is over only once the swap was recorded
                swapped.signalAll();
            } finally {
                swapLock.unlock();
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "rebuild of " + projection.name() + " failed", e);
            abandon(next, e.toString());
        }
    }

    private synchronized void restartOld(Version<S> old) {
        if (closed) {
            return;
        }
        ProjectionRunner runner = configure.apply(ProjectionRunner.builder(
                projection.withName(versionName(projection.name(), old.number())).withViewStore(old.store()), eventStore))
                .build();
        Version<S> again = new Version<>(old.number(), old.store(), runner);
        swapLock.lock();
        try {
            live = again;
            swapped.signalAll();
        } finally {
            swapLock.unlock();
        }
        runner.start();
    }

    private void abandon(Version<S> next, String why) {
        LOG.log(System.Logger.Level.WARNING, "rebuild of {0} to version {1} abandoned: {2}", projection.name(),
                next.number(), why);
        next.runner().stop();
        closeStore(next.store());
        swapLock.lock();
        try {
            building = null;
            swapped.signalAll();
        } finally {
            swapLock.unlock();
        }
    }

    private Version<S> open(int number) {
        ReadableViewStore<S> store = storeForVersion.apply(number);
        Projection<S, E> p = projection.withName(versionName(projection.name(), number)).withViewStore(store);
        return new Version<>(number, store, configure.apply(ProjectionRunner.builder(p, eventStore)).build());
    }

    private Version<S> current() {
        Version<S> v = live;
        if (v == null) {
            throw new IllegalStateException("projection " + projection.name() + " was not started");
        }
        return v;
    }

    private static void closeStore(Object store) {
        if (store instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "closing a retired view store", e);
            }
        }
    }

    /** Stops every runner (the live one and a rebuild in progress); stores stay open. */
    @Override
    public synchronized void close() {
        closed = true;
        Version<S> b = building;
        if (b != null) {
            b.runner().stop();
        }
        Version<S> v = live;
        if (v != null) {
            v.runner().stop();
        }
        swapLock.lock();
        try {
            swapped.signalAll();
        } finally {
            swapLock.unlock();
        }
    }
}
