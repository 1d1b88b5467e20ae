// SPDX-License-Identifier: Apache-2.0
package dev.annals.benchmarks;

import dev.annals.core.event.EventData;
import dev.annals.core.event.EventIds;
import dev.annals.core.event.Metadata;
import dev.annals.core.store.AppendResult;
import dev.annals.core.store.EventStore;
import dev.annals.core.store.ExpectedVersion;
import dev.annals.core.store.StreamId;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Writers append to their own streams with exact expected versions; measures the latency of every
 * append call and the events per second of the whole run. On PostgreSQL the same run also measures
 * the raw baseline ({@link PgBaseline}) from as many connections, one transaction per append with as
 * many rows as the append has events: single-row autocommit INSERTs for single-event appends, a JDBC
 * batch of N INSERTs and a commit for --events-per-append N.
 */
@Command(name = "append", mixinStandardHelpOptions = true,
        description = "N writers append to their own streams (exact expected version): events/s and append latency.")
final class AppendSubcommand implements Callable<Integer> {
    static final int DEFAULT_EVENTS = 200_000;

    @Mixin
    private BenchOptions options = new BenchOptions();

    @Option(names = "--streams-per-writer", defaultValue = "10", description = "streams each writer rotates over (default: ${DEFAULT-VALUE})")
    private int streamsPerWriter = 10;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        options.validate();
        PrintWriter out = spec.commandLine().getOut();
        int writers = options.writers;
        int perAppend = options.eventsPerAppend;
        int batchesPerWriter = Math.max(1, ceilDiv(options.eventsOr(DEFAULT_EVENTS), writers * perAppend));
        int events = batchesPerWriter * writers * perAppend;
        int warmupBatches = Math.max(1, Math.min(batchesPerWriter, Math.max(batchesPerWriter / 5, 20_000 / (writers * perAppend))));
        byte[] payload = Payloads.json(options.eventBytes);

        Map<String, Object> header = new LinkedHashMap<>();
        header.put("scenario", "append");
        options.describeStore(header);
        header.put("writers", writers);
        header.put("eventsPerAppend", perAppend);
        header.put("events", events);
        header.put("eventBytes", options.eventBytes);
        header.put("streamsPerWriter", streamsPerWriter);
        out.printf("append: %d writers x %,d appends of %d event(s) of %d bytes on %s%n",
                writers, batchesPerWriter, perAppend, options.eventBytes, options.store.label());

        Map<String, Object> result = RunLoop.measure(out, options, header, (stores, isWarmup) -> {
            try (var opened = stores.open()) {
                int batches = isWarmup ? warmupBatches : batchesPerWriter;
                Map<String, Double> metrics = run(opened.store(), writers, batches, perAppend, payload);
                PgServer pg = opened.pg();
                String schema = opened.schema();
                if (pg != null && schema != null) {
                    // same run, same schema, same number of connections, commits and rows: raw INSERTs
                    double baseline = PgBaseline.rowsPerSecond(pg, schema, writers, batches, perAppend, payload);
                    metrics.put("baselineEventsPerSecond", baseline);
                    metrics.put("ratioToBaseline", metrics.get("eventsPerSecond") / baseline);
                }
                if (options.store == StoreKind.EMBEDDED && options.durability == DurabilityMode.FSYNC && !isWarmup) {
                    Path dir = opened.folder("baseline");
                    // same run, same disk, same clients and appends: a bare write + fdatasync group-commit loop
                    double appends = FileBaseline.appendsPerSecond(dir, writers, batches, perAppend, options.eventBytes);
                    metrics.put("baselineEventsPerSecond", appends * perAppend);
                    metrics.put("ratioToBaseline", metrics.get("eventsPerSecond") / (appends * perAppend));
                }
                return metrics;
            }
        });
        out.println(JsonLine.of(result));
        return 0;
    }

    private Map<String, Double> run(EventStore store, int writers, int batches, int perAppend, byte[] payload) {
        List<Latencies> latencies = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            latencies.add(new Latencies(batches));
        }
        long nanos = Workers.run(writers, worker -> {
            var ids = new EventIds(Clock.systemUTC());
            var streams = new StreamId[streamsPerWriter];
            var versions = new long[streamsPerWriter];
            for (int s = 0; s < streamsPerWriter; s++) {
                streams[s] = StreamId.of("bench", "w" + worker + "-s" + s);
                versions[s] = -1;
            }
            Latencies recorder = latencies.get(worker);
            for (int b = 0; b < batches; b++) {
                int s = b % streamsPerWriter;
                List<EventData> batch = new ArrayList<>(perAppend);
                for (int k = 0; k < perAppend; k++) {
                    batch.add(new EventData(ids.get(), Payloads.EVENT_TYPE, 1, payload, Metadata.EMPTY));
                }
                ExpectedVersion expected = versions[s] < 0 ? ExpectedVersion.NO_STREAM : ExpectedVersion.exact(versions[s]);
                long began = System.nanoTime();
                AppendResult result = store.append(streams[s], expected, batch);
                recorder.record(System.nanoTime() - began);
                if (!(result instanceof AppendResult.Appended appended)) {
                    throw new IllegalStateException("append to " + streams[s] + " failed: " + result);
                }
                versions[s] = appended.lastVersion().value();
            }
        });
        Latencies.Summary summary = Latencies.merge(latencies);
        long appends = (long) writers * batches;
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("eventsPerSecond", Workers.perSecond(appends * perAppend, nanos));
        metrics.put("appendsPerSecond", Workers.perSecond(appends, nanos));
        metrics.put("p50Micros", summary.p50Micros());
        metrics.put("p99Micros", summary.p99Micros());
        metrics.put("p999Micros", summary.p999Micros());
        metrics.put("maxMicros", summary.maxMicros());
        return metrics;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
