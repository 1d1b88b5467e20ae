// SPDX-License-Identifier: Apache-2.0
package dev.annals.benchmarks;

import dev.annals.core.event.EventIds;
import dev.annals.core.store.AppendResult;
import dev.annals.core.store.EventStore;
import dev.annals.core.store.ExpectedVersion;
import dev.annals.core.store.GlobalPosition;
import dev.annals.example.orders.order.OrderId;
import dev.annals.projections.AwaitResult;
import dev.annals.projections.ProjectionRunner;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/*
 * Live latency: append acknowledged -> view updated
 * -------------------------------------------------
 * A ProjectionRunner for the order-summary view is started on the empty store (so it is live), then
 * --writers threads append order events one per append (exact expected versions, whole order lives
 * of 8 events) at a fixed total --rate (open loop: each writer keeps its own schedule and does not
 * wait for the view). For every acknowledged append the writer hands (position, ack time) to one
 * watcher thread, which waits with the runner's awaitApplied until the committed checkpoint covers
 * the position; the latency is the time from the acknowledgement to that moment. The watcher takes
 * the appends in acknowledgement order and an already-covered position answers at once, so a slow
 * watcher can only overstate latencies, never hide them. The read model is checked at the end.
 */

/** Append acknowledged → view updated latency while a projection runner is live. */
@Command(name = "live", mixinStandardHelpOptions = true,
        description = "Writers append order events at a fixed rate while the order-summary projection runs live: "
                + "latency from append acknowledged to view updated (p50/p99).")
final class LiveSubcommand implements Callable<Integer> {
    static final int DEFAULT_EVENTS = 5_000;

    @Mixin
    private BenchOptions options = new BenchOptions();

    @Option(names = "--rate", defaultValue = "1000", description = "appends per second, all writers together (default: ${DEFAULT-VALUE})")
    private int rate = 1000;

    @Option(names = "--view-store", defaultValue = "memory",
            description = "memory, file or postgres (needs --store postgres) (default: ${DEFAULT-VALUE})")
    private SummaryViewStores.Kind viewStore = SummaryViewStores.Kind.MEMORY;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        options.validate();
        if (rate < 1) {
            throw new IllegalArgumentException("--rate must be >= 1");
        }
        if (viewStore == SummaryViewStores.Kind.POSTGRES && options.store != StoreKind.POSTGRES) {
            throw new IllegalArgumentException("--view-store postgres needs --store postgres");
        }
        PrintWriter out = spec.commandLine().getOut();
        int writers = options.writers;
        int perWriter = Math.max(1, options.eventsOr(DEFAULT_EVENTS) / writers);
        int warmup = Math.max(1, Math.min(perWriter, Math.max(perWriter / 5, rate / writers)));

        Map<String, Object> header = new LinkedHashMap<>();
        header.put("scenario", "live");
        header.put("view", "order-summary");
        options.describeStore(header);
        header.put("viewStore", viewStore.label());
        header.put("writers", writers);
        header.put("events", (long) perWriter * writers);
        header.put("rate", rate);
        out.printf("live: %d writers x %,d single-event appends at %,d/s in total on %s, order-summary view in %s%n",
                writers, perWriter, rate, options.store.label(), viewStore.label());
        out.flush();

        Map<String, Object> result = RunLoop.measure(out, options, header, (stores, isWarmup) -> {
            try (var opened = stores.open(); var views = SummaryViewStores.open(viewStore, opened)) {
                return run(opened.store(), views, writers, isWarmup ? warmup : perWriter);
            }
        });
        out.println(JsonLine.of(result));
        return 0;
    }

    private record Acked(GlobalPosition position, long ackNanos) {}

    private static final Acked DONE = new Acked(GlobalPosition.START, 0);

    private Map<String, Double> run(EventStore store, SummaryViewStores.Opened views, int writers, int perWriter) {
        var projection = OrderEvents.summaryProjection(SummaryViewStores.VIEW_NAME, views.store());
        ProjectionRunner runner = ProjectionRunner.builder(projection, store).build();
        BlockingQueue<Acked> acked = new LinkedBlockingQueue<>();
        var latencies = new Latencies(writers * perWriter);
        var watcherFailure = new AtomicReference<String>();
        Thread watcher = Thread.ofPlatform().name("bench-live-watcher").start(() -> watch(runner, acked, latencies, watcherFailure));
        long intervalNanos = (long) (writers * 1e9 / rate);
        long nanos;
        try {
            runner.start();
            nanos = Workers.run(writers, worker -> {
                var eventIds = new EventIds(Clock.systemUTC());
                Instant at = Instant.now();
                long next = System.nanoTime() + (intervalNanos * worker) / writers;  // spread the writers' ticks
                for (int i = 0; i < perWriter; i++) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    next += intervalNanos;
                    OrderId order = OrderEvents.orderId("w" + worker + "-", i / OrderEvents.EVENTS_PER_ORDER);
                    int k = i % OrderEvents.EVENTS_PER_ORDER;
                    ExpectedVersion expected = k == 0 ? ExpectedVersion.NO_STREAM : ExpectedVersion.exact(k - 1);
                    var data = OrderEvents.encode(eventIds, OrderEvents.event(order, k, at));
                    if (!(store.append(OrderEvents.stream(order), expected, List.of(data)) instanceof AppendResult.Appended appended)) {
                        throw new IllegalStateException("append to order " + order.value() + " failed");
                    }
                    acked.add(new Acked(appended.lastPosition(), System.nanoTime()));
                }
            });
            acked.add(DONE);
            watcher.join(Duration.ofMinutes(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            acked.add(DONE);
            runner.stop();
        }
        if (watcherFailure.get() != null) {
            throw new IllegalStateException(watcherFailure.get());
        }
        int events = writers * perWriter;
        var all = views.all();
        if (all != null) {
            int ordersPerWriter = (perWriter + OrderEvents.EVENTS_PER_ORDER - 1) / OrderEvents.EVENTS_PER_ORDER;
            OrderEvents.verifySummaries(all, writers * ordersPerWriter, events);
        }
        Latencies.Summary summary = Latencies.merge(List.of(latencies));
        if (summary.count() != events) {
            throw new IllegalStateException("saw " + summary.count() + " view updates for " + events + " appends");
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("appendsPerSecond", Workers.perSecond(events, nanos));
        metrics.put("p50Micros", summary.p50Micros());
        metrics.put("p99Micros", summary.p99Micros());
        metrics.put("maxMicros", summary.maxMicros());
        return metrics;
    }

    private static void watch(ProjectionRunner runner, BlockingQueue<Acked> acked, Latencies latencies,
                              AtomicReference<String> failure) {
        try {
            while (true) {
                Acked next = acked.take();
                if (next == DONE) {
                    return;
                }
                AwaitResult result = runner.awaitApplied(next.position(), Duration.ofSeconds(60));
                long now = System.nanoTime();
                if (!(result instanceof AwaitResult.Reached)) {
                    failure.set("the view did not reach " + next.position() + ": " + result);
                    return;
                }
                latencies.record(now - next.ackNanos());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.set("the watcher was interrupted");
        }
    }
}
