// SPDX-License-Identifier: Apache-2.0
package dev.annals.server;

import dev.annals.core.store.EventStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The server's Micrometer registry, rendered as Prometheus text at {@code /metrics}: HTTP
 * requests by route and status, commands by type and outcome with latency, appends (latency and
 * events, whose rate is events/s), projection lag and dead letters, and the JVM.
 */
public final class ServerMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gcMetrics;

    public ServerMetrics() {
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        this.gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** One handled command: {@code annals_commands_seconds{type,outcome}}. */
    public void recordCommand(String type, String outcome, long nanos) {
        latencyTimer("annals.commands", "Commands handled, by type and outcome", "type", type, "outcome", outcome)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    void recordRequest(String method, String route, int status, long nanos) {
        latencyTimer("annals.http.requests", "HTTP requests, by route and status",
                "method", method, "route", route, "status", Integer.toString(status))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The store with its appends timed ({@code annals_store_append_seconds}) and counted ({@code annals_store_events_appended_total}). */
    public EventStore metered(EventStore store) {
        return new MeteredEventStore(store, this);
    }

    Timer latencyTimer(String name, String description, String... tags) {
        return Timer.builder(name)
                .description(description)
                .tags(tags)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1).dividedBy(10))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }

    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }
}
