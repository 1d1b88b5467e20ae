// SPDX-License-Identifier: Apache-2.0
package dev.annals.benchmarks;

import dev.annals.benchmarks.BenchAccount.Balance;
import dev.annals.benchmarks.BenchAccount.Deposited;
import dev.annals.core.decider.CommandHandler;
import dev.annals.core.event.EventData;
import dev.annals.core.event.EventIds;
import dev.annals.core.event.Metadata;
import dev.annals.core.snapshot.Snapshot;
import dev.annals.core.store.AppendResult;
import dev.annals.core.store.EventStore;
import dev.annals.core.store.ExpectedVersion;
import dev.annals.core.store.StreamId;
import dev.annals.core.store.StreamVersion;
import dev.annals.core.store.WriteResult;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
 * Loads one long stream through the {@code CommandHandler} the way a command would: all events
 * folded from version 0, and from a snapshot taken at the last version. Each figure is the median
 * of many loads after warm-up loads. On PostgreSQL the same run also times the raw read of the whole
 * stream from the store's own table ({@link PgReadBaseline}): baselineLoadMillis, and ratioToBaseline
 * = baselineLoadMillis / loadMillisWithoutSnapshot (1.0: as fast as the raw read).
 */
@Command(name = "load-stream", mixinStandardHelpOptions = true,
        description = "Time to load a stream of N events through the CommandHandler, without and with a snapshot.")
final class LoadStreamSubcommand implements Callable<Integer> {
    static final int DEFAULT_EVENTS = 10_000;

    @Mixin
    private BenchOptions options = new BenchOptions();

    @Option(names = "--loads", defaultValue = "50", description = "measured loads per run (default: ${DEFAULT-VALUE})")
    private int loads = 50;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        options.validate();
        PrintWriter out = spec.commandLine().getOut();
        int events = options.eventsOr(DEFAULT_EVENTS);
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("scenario", "load-stream");
        options.describeStore(header);
        header.put("events", events);
        header.put("eventBytes", options.eventBytes);
        header.put("loads", loads);
        out.printf("load-stream: a stream of %,d events of ~%d bytes on %s%n", events, options.eventBytes, options.store.label());

        Map<String, Object> result = RunLoop.measure(out, options, header, (stores, isWarmup) -> {
            try (var opened = stores.open()) {
                return run(opened, events, isWarmup ? 10 : loads);
            }
        });
        out.println(JsonLine.of(result));
        return 0;
    }

    private Map<String, Double> run(BenchStores.OpenedStore opened, int events, int loadCount) {
        StreamId stream = BenchAccount.stream("long");
        Balance last = write(opened.store(), stream, events, BenchAccount.note(options.eventBytes));
        var plain = BenchAccount.handler(opened.store(), null);
        double withoutSnapshot = medianLoadMillis(plain, stream, loadCount, events);

        var snapshot = new Snapshot(stream, StreamVersion.of(events - 1),
                BenchAccount.STATE_CODEC.schemaVersion(), BenchAccount.STATE_CODEC.encode(last), Instant.now());
        if (!(opened.snapshots().save(snapshot) instanceof WriteResult.Written)) {
            throw new IllegalStateException("the snapshot was not saved");
        }
        var snapshotting = BenchAccount.handler(opened.store(), opened.snapshots());
        double withSnapshot = medianLoadMillis(snapshotting, stream, loadCount, events);

        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("loadMillisWithoutSnapshot", withoutSnapshot);
        metrics.put("loadMillisWithSnapshot", withSnapshot);
        metrics.put("eventsFoldedPerSecond", events / (withoutSnapshot / 1000.0));
        PgServer pg = opened.pg();
        String schema = opened.schema();
        if (pg != null && schema != null) {
            // same run, same rows, same number of loads: a plain JDBC read of the stream
            double baseline = PgReadBaseline.medianStreamLoadMillis(pg, schema, stream, events, loadCount);
            metrics.put("baselineLoadMillis", baseline);
            metrics.put("ratioToBaseline", baseline / withoutSnapshot);
        }
        return metrics;
    }

    private static Balance write(EventStore store, StreamId stream, int events, String note) {
        var ids = new EventIds(Clock.systemUTC());
        long balance = 0;
        int written = 0;
        while (written < events) {
            int batchSize = Math.min(100, events - written);
            List<EventData> batch = new ArrayList<>(batchSize);
            for (int i = 0; i < batchSize; i++) {
                balance += 1;
                var event = new Deposited("long", 1, balance, note);
                batch.add(EventData.of(ids.get(), BenchAccount.CODEC.encode(event), Metadata.EMPTY));
            }
            ExpectedVersion expected = written == 0 ? ExpectedVersion.NO_STREAM : ExpectedVersion.exact(written - 1);
            if (!(store.append(stream, expected, batch) instanceof AppendResult.Appended)) {
                throw new IllegalStateException("writing the stream failed at event " + written);
            }
            written += batchSize;
        }
        return new Balance(balance, events);
    }

    private static double medianLoadMillis(CommandHandler<?, Balance, ?, ?> handler, StreamId stream, int loads, int events) {
        long[] nanos = new long[loads];
        for (int i = 0; i < loads; i++) {
            long began = System.nanoTime();
            var loaded = handler.loadState(stream);
            nanos[i] = System.nanoTime() - began;
            if (!(loaded instanceof CommandHandler.LoadResult.Loaded<Balance> ok) || ok.state().deposits() != events) {
                throw new IllegalStateException("the stream did not load whole: " + loaded);
            }
        }
        Arrays.sort(nanos);
        return nanos[loads / 2] / 1e6;
    }
}
