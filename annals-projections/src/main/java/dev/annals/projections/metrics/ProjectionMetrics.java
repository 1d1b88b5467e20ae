// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections.metrics;

import dev.annals.projections.BlueGreenProjection;
import dev.annals.projections.ProjectionRunner;
import dev.annals.projections.ProjectionStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/*
 * Gauges per projection, tagged projection=<name>, read at scrape time from the runner's status:
 *   annals.projection.lag          head minus checkpoint (position units)
 *   annals.projection.checkpoint   the committed checkpoint
 *   annals.projection.head         the store's head
 *   annals.projection.dead.letters parked events (-1 while the dead-letter store cannot be read)
 *   annals.projection.events.applied events folded since the runner started
 *   annals.projection.state        1 for the current state (tag state=<STATE>), 0 for the others
 * A status is computed once per scrape and projection (it reads the head and the dead letters) and
 * reused by that projection's gauges for a short while, so one scrape does not read them ten times.
 */

/** Micrometer gauges for projections: lag, checkpoint, head, dead letters and state. */
public final class ProjectionMetrics implements MeterBinder {
    private static final long REUSE_NANOS = 200_000_000L;
    private final Map<String, Supplier<ProjectionStatus>> projections = new LinkedHashMap<>();

    /** Register each projection by name with how to read its status. */
    public ProjectionMetrics add(String name, Supplier<ProjectionStatus> status) {
        projections.put(Objects.requireNonNull(name), new Cached(Objects.requireNonNull(status)));
        return this;
    }

    public ProjectionMetrics add(ProjectionRunner runner) {
        return add(runner.name(), runner::status);
    }

    /** A blue-green projection under its own name: the gauges follow whichever version is live. */
    public ProjectionMetrics add(BlueGreenProjection<?, ?> projection) {
        return add(projection.name(), projection::status);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        projections.forEach((name, status) -> {
            gauge(registry, "annals.projection.lag", "events behind the head (position units)", name, status,
                    s -> s.lag());
            gauge(registry, "annals.projection.checkpoint", "committed checkpoint position", name, status,
                    s -> s.checkpoint().value());
            gauge(registry, "annals.projection.head", "head position of the event store", name, status,
                    s -> s.head().value());
            gauge(registry, "annals.projection.dead.letters", "parked events", name, status, s -> s.deadLetters());
            gauge(registry, "annals.projection.events.applied", "events applied since start", name, status,
                    s -> s.eventsApplied());
            for (ProjectionStatus.State state : ProjectionStatus.State.values()) {
                Gauge.builder("annals.projection.state", status, s -> s.get().state() == state ? 1 : 0)
                        .description("1 when the projection is in this state")
                        .tag("projection", name)
                        .tag("state", state.name())
                        .strongReference(true)
                        .register(registry);
            }
        });
    }

    private static void gauge(MeterRegistry registry, String meter, String description, String name,
                              Supplier<ProjectionStatus> status, java.util.function.ToDoubleFunction<ProjectionStatus> value) {
        Gauge.builder(meter, status, s -> value.applyAsDouble(s.get()))
                .description(description)
                .tag("projection", name)
                .strongReference(true)
                .register(registry);
    }

    private static final class Cached implements Supplier<ProjectionStatus> {
        private final Supplier<ProjectionStatus> source;
        private @Nullable ProjectionStatus last;
        private long readAt;

        Cached(Supplier<ProjectionStatus> source) {
            this.source = source;
        }

        @Override
        public synchronized ProjectionStatus get() {
            long now = System.nanoTime();
            if (last == null || now - readAt > REUSE_NANOS) {
                last = source.get();
                readAt = now;
            }
            return java.util.Objects.requireNonNull(last);
        }
    }
}
