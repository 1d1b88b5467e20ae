// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections;

import dev.annals.projections.metrics.ProjectionMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/*
 * What the admin endpoints need, by name: every projection and process manager of a service, their
 * statuses, rebuilds, and dead letters across all of them. A dead letter's id is
 * "<consumer>@<position>" and consumer names cannot contain '@', so a retry or skip is routed to the
 * runner named by the id (for a blue-green projection: whichever version is live now; the letters of
 * a retired version went with it). Registration happens at wiring time; reads are thread-safe.
 */

/** The projections, partitions and process managers of one service, addressable by name. */
public final class ProjectionRegistry implements AutoCloseable {
    private sealed interface Entry {
        List<ProjectionRunner> runners();

        List<ProjectionStatus> statuses();

        void start();

        void close();
    }

    private record Single(ProjectionRunner runner) implements Entry {
        public List<ProjectionRunner> runners() {
            return List.of(runner);
        }

        public List<ProjectionStatus> statuses() {
            return List.of(runner.status());
        }

        public void start() {
            runner.start();
        }

        public void close() {
            runner.stop();
        }
    }

    private record BlueGreen(BlueGreenProjection<?, ?> projection) implements Entry {
        public List<ProjectionRunner> runners() {
            return List.of(projection.runner());
        }

        public List<ProjectionStatus> statuses() {
            return List.of(projection.status());
        }

        public void start() {
            projection.start();
        }

        public void close() {
            projection.close();
        }
    }

    private record Partitioned(PartitionedProjection<?, ?> projection) implements Entry {
        public List<ProjectionRunner> runners() {
            return projection.partitions();
        }

        public List<ProjectionStatus> statuses() {
            return projection.statuses();
        }

        public void start() {
            projection.start();
        }

        public void close() {
            projection.close();
        }
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    public synchronized ProjectionRegistry add(ProjectionRunner runner) {
        return put(runner.name(), new Single(runner));
    }

    public synchronized ProjectionRegistry add(BlueGreenProjection<?, ?> projection) {
        return put(projection.name(), new BlueGreen(projection));
    }

    public synchronized ProjectionRegistry add(PartitionedProjection<?, ?> projection) {
        return put(projection.name(), new Partitioned(projection));
    }

    private ProjectionRegistry put(String name, Entry entry) {
        if (entries.putIfAbsent(name, entry) != null) {
            throw new IllegalArgumentException("a projection named " + name + " is registered already");
        }
        return this;
    }

    /** Starts everything registered. */
    public synchronized void startAll() {
        entries.values().forEach(Entry::start);
    }

    /** One status per runner (a partitioned projection lists its partitions), in registration order. */
    public synchronized List<ProjectionStatus> statuses() {
        List<ProjectionStatus> all = new ArrayList<>();
        entries.values().forEach(e -> all.addAll(e.statuses()));
        return all;
    }

    /** The status of a projection, a process manager or one partition, by name. */
    public synchronized Optional<ProjectionStatus> status(String name) {
        return statuses().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Starts a blue-green rebuild of the named projection. */
    public synchronized BlueGreenProjection.RebuildOutcome rebuild(String name) {
        return switch (entries.get(name)) {
            case BlueGreen bg -> bg.projection().rebuild();
            case null -> new BlueGreenProjection.RebuildOutcome.NotStarted("no projection named " + name);
            default -> new BlueGreenProjection.RebuildOutcome.NotStarted(name + " is not rebuildable (not blue-green)");
        };
    }

    /** The dead letters of every runner, by runner then position. */
    public DeadLetterStore.Listing deadLetters() {
        List<DeadLetter> all = new ArrayList<>();
        for (ProjectionRunner runner : runners()) {
            switch (runner.deadLetters()) {
                case DeadLetterStore.Listing.Found found -> all.addAll(found.letters());
                case DeadLetterStore.Listing.Failed failed -> {
                    return failed;
                }
            }
        }
        return new DeadLetterStore.Listing.Found(all);
    }

    public DeadLetterOutcome retryDeadLetter(String id, Duration timeout) {
        return route(id, runner -> runner.retryDeadLetter(id, timeout));
    }

    public DeadLetterOutcome skipDeadLetter(String id, Duration timeout) {
        return route(id, runner -> runner.skipDeadLetter(id, timeout));
    }

    private DeadLetterOutcome route(String id, java.util.function.Function<ProjectionRunner, DeadLetterOutcome> action) {
        int at = id.lastIndexOf('@');
        if (at <= 0) {
            return new DeadLetterOutcome.NotFound(id);
        }
        String consumer = id.substring(0, at);
        for (ProjectionRunner runner : runners()) {
            if (runner.name().equals(consumer)) {
                return action.apply(runner);
            }
        }
        return new DeadLetterOutcome.NotFound(id);
    }

    /** Micrometer gauges for everything registered (each partition under its own name). */
    public synchronized ProjectionMetrics metrics() {
        ProjectionMetrics metrics = new ProjectionMetrics();
        entries.forEach((name, entry) -> {
            switch (entry) {
                case Single single -> metrics.add(single.runner());
                case BlueGreen bg -> metrics.add(bg.projection());
                case Partitioned partitioned -> {
                    for (ProjectionRunner runner : partitioned.projection().partitions()) {
                        metrics.add(runner);
                    }
                }
            }
        });
        return metrics;
    }

    private synchronized List<ProjectionRunner> runners() {
        List<ProjectionRunner> all = new ArrayList<>();
        entries.values().forEach(e -> all.addAll(e.runners()));
        return all;
    }

    /** Stops everything registered. */
    @Override
    public synchronized void close() {
        entries.values().forEach(Entry::close);
    }
}
