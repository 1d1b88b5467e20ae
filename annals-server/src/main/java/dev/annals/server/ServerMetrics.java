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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The server's Micrometer registry, rendered as Prometheus text at {@code /metrics}: HTTP
 * requests by route and status, commands by type and outcome with latency, appends (latency and
 * events, whose rate is events/s), projection lag and dead letters, and the JVM.
 */
public final class ServerMetrics implements AutoCloseable {
    /*
     * Timers are registered once per tag combination and kept here: Timer.builder(..).register()
     * on every request builds and sorts the tags and looks the meter up in the registry, which
     * showed in the request path's profile. The label sets are small and bounded (routes come from
     * the route table, statuses and outcomes from fixed sets).
     */
    private record RequestKey(String method, String route, int status) {}

    private record CommandKey(String type, String outcome) {}

    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gcMetrics;
    private final ConcurrentHashMap<RequestKey, Timer> requestTimers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<CommandKey, Timer> commandTimers = new ConcurrentHashMap<>();

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
        commandTimers.computeIfAbsent(new CommandKey(type, outcome), k -> latencyTimer("annals.commands",
                "Commands handled, by type and outcome", "type", k.type(), "outcome", k.outcome()))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    void recordRequest(String method, String route, int status, long nanos) {
        requestTimers.computeIfAbsent(new RequestKey(method, route, status), k -> latencyTimer("annals.http.requests",
                "HTTP requests, by route and status", "method", k.method(), "route", k.route(), "status",
                Integer.toString(k.status())))
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
