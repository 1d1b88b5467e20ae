// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections;

import dev.annals.core.store.EventStore;
import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.StreamId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;

/*
 * K partitions by stream-id hash
 * ------------------------------
 * Partition i of K is a runner named "<name>.p<i>of<K>" that reads the whole log but folds only the
 * events of streams with floorMod(streamId.hashCode(), K) == i (String.hashCode is specified, so the
 * assignment is the same in every JVM and after every restart). Each partition has its own view
 * store, checkpoint, lock and dead letters, and one thread; one stream is always in one partition, so
 * per-stream order holds. Keys must therefore be a function of the stream (each key's events come
 * from streams of one partition); reader() looks a key up in every partition and merges listings.
 *
 * The projection as a whole has applied P when every partition has: awaitApplied waits for all.
 * Changing K means a new projection (a rebuild), since streams move between partitions.
 */

/** One projection run as K partitions in parallel, each with its own store and checkpoint. */
public final class PartitionedProjection<S, E> implements AutoCloseable {
    private final String name;
    private final List<ProjectionRunner> runners;
    private final List<ReadableViewStore<S>> stores;

    /**
     * @param storeForPartition opens partition i's view store (0 <= i < partitions)
     * @param configure         applied to each partition's runner builder (locks, dead letters, options)
     */
    public PartitionedProjection(Projection<S, E> projection, EventStore eventStore, int partitions,
                                 IntFunction<ReadableViewStore<S>> storeForPartition,
                                 UnaryOperator<ProjectionRunner.Builder> configure) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1");
        }
        this.name = projection.name();
        List<ProjectionRunner> rs = new ArrayList<>(partitions);
        List<ReadableViewStore<S>> ss = new ArrayList<>(partitions);
        for (int i = 0; i < partitions; i++) {
            int partition = i;
            ReadableViewStore<S> store = storeForPartition.apply(i);
            ss.add(store);
            Projection<S, E> p = projection.withName(partitionName(name, i, partitions)).withViewStore(store);
            rs.add(configure.apply(ProjectionRunner.builder(p, eventStore))
                    .streams(stream -> partitionOf(stream, partitions) == partition)
                    .build());
        }
        this.runners = List.copyOf(rs);
        this.stores = List.copyOf(ss);
    }

    /** The partition a stream belongs to. */
    public static int partitionOf(StreamId stream, int partitions) {
        return Math.floorMod(stream.value().hashCode(), partitions);
    }

    public static String partitionName(String projection, int partition, int partitions) {
        return projection + ".p" + partition + "of" + partitions;
    }

    public String name() {
        return name;
    }

    public List<ProjectionRunner> partitions() {
        return runners;
    }

    public void start() {
        runners.forEach(ProjectionRunner::start);
    }

    /** Waits until every partition has applied {@code position}; the first partition not there decides. */
    public AwaitResult awaitApplied(GlobalPosition position, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        GlobalPosition lowest = null;
        for (ProjectionRunner runner : runners) {
            AwaitResult r = runner.awaitApplied(position, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            switch (r) {
                case AwaitResult.Reached reached -> lowest = lowest == null || reached.checkpoint().isBefore(lowest)
                        ? reached.checkpoint() : lowest;
                case AwaitResult.TimedOut timedOut -> {
                    return timedOut;
                }
                case AwaitResult.Stopped stopped -> {
                    return stopped;
                }
            }
        }
        return new AwaitResult.Reached(lowest == null ? position : lowest);
    }

    /** One status per partition. */
    public List<ProjectionStatus> statuses() {
        return runners.stream().map(ProjectionRunner::status).toList();
    }

    /** The slowest partition's checkpoint: the projection as a whole has applied up to here. */
    public GlobalPosition checkpoint() {
        GlobalPosition lowest = null;
        for (ProjectionRunner runner : runners) {
            GlobalPosition c = runner.checkpoint();
            lowest = lowest == null || c.isBefore(lowest) ? c : lowest;
        }
        return lowest == null ? GlobalPosition.START : lowest;
    }

    /** Queries across the partitions' stores. */
    public ViewReader<S> reader() {
        return new ViewReader<>() {
            @Override
            public Optional<S> find(String key) {
                for (ReadableViewStore<S> store : stores) {
                    Optional<S> found = store.find(key);
                    if (found.isPresent()) {
                        return found;
                    }
                }
                return Optional.empty();
            }

            @Override
            public List<S> all() {
                List<S> all = new ArrayList<>();
                stores.forEach(store -> all.addAll(store.all()));
                return all;
            }

            @Override
            public Map<String, S> snapshot() {
                Map<String, S> all = new TreeMap<>();
                stores.forEach(store -> all.putAll(store.snapshot()));
                return all;
            }

            @Override
            public GlobalPosition appliedPosition() {
                GlobalPosition lowest = null;
                for (ReadableViewStore<S> store : stores) {
                    GlobalPosition p = store.appliedPosition();
                    lowest = lowest == null || p.isBefore(lowest) ? p : lowest;
                }
                return lowest == null ? GlobalPosition.START : lowest;
            }
        };
    }

    @Override
    public void close() {
        runners.forEach(ProjectionRunner::stop);
    }
}
