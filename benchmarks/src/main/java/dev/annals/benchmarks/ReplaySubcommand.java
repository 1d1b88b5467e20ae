// SPDX-License-Identifier: Apache-2.0
package dev.annals.benchmarks;

import dev.annals.core.event.EventData;
import dev.annals.core.event.EventIds;
import dev.annals.core.event.Metadata;
import dev.annals.core.event.RecordedEvent;
import dev.annals.core.store.AppendResult;
import dev.annals.core.store.EventStore;
import dev.annals.core.store.ExpectedVersion;
import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.ReadAllResult;
import dev.annals.core.store.StreamId;
import dev.annals.core.view.View;
import dev.annals.projections.AwaitResult;
import dev.annals.projections.ProjectionRunner;
import dev.annals.projections.RunnerOptions;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/*
 * Two replays
 * -----------
 * --view trivial (default): write N synthetic events, then read $all from the start page by page
 * (--read-ahead true: one page read ahead on another thread, as the runner's catch-up does) and fold
 * each event into a count and a byte sum: the raw catch-up read speed of the store. On PostgreSQL the
 * same run then reads the same rows with plain JDBC, keyset pages of 1,000 ({@link PgReadBaseline}):
 * baselineEventsPerSecond, and ratioToBaseline = eventsPerSecond / baselineEventsPerSecond.
 * --view order-summary: write N order events (whole orders, 8 events each, from --writers threads),
 * then run the real thing from position 0: a ProjectionRunner (annals-projections) decoding each
 * event with the Jackson codec, folding it through the order domain's OrderSummaryView and
 * committing states and checkpoint per batch (--batch-size) into --view-store (memory, file or
 * postgres). Timed from the runner's start until its committed checkpoint reaches the last event
 * written; the read model is then checked against what was written.
 */

/** Writes N events, then replays {@code $all} from the start through a view: events per second of the replay. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Write N events, then replay $all from the start through a view: trivial (count, payload bytes) "
                + "or order-summary (a real ProjectionRunner with checkpointing): events/s.")
final class ReplaySubcommand implements Callable<Integer> {
    static final int DEFAULT_EVENTS = 1_000_000;
    private static final int EVENTS_PER_STREAM = 1000;
    private static final int WRITE_BATCH = 500;
    private static final int PAGE = 1000;

    static final int DEFAULT_VIEW_EVENTS = 200_000;

    @Mixin
    private BenchOptions options = new BenchOptions();

    @Option(names = "--view", defaultValue = "trivial", description = "trivial or order-summary (default: ${DEFAULT-VALUE})")
    private String view = "trivial";

    @Option(names = "--view-store", defaultValue = "memory",
            description = "order-summary only: memory, file or postgres (needs --store postgres) (default: ${DEFAULT-VALUE})")
    private SummaryViewStores.Kind viewStore = SummaryViewStores.Kind.MEMORY;

    @Option(names = "--batch-size", defaultValue = "1000",
            description = "order-summary only: events per runner poll and commit (default: ${DEFAULT-VALUE})")
    private int batchSize = 1000;

    @Option(names = "--parallel-decoding", defaultValue = "true", arity = "1",
            description = "order-summary only: decode catch-up batches on two threads (default: ${DEFAULT-VALUE})")
    private boolean parallelDecoding = true;

    @Option(names = "--read-ahead", defaultValue = "false", arity = "1",
            description = "trivial only: read the next page on another thread while folding this one, as the "
                    + "runner's catch-up does (default: ${DEFAULT-VALUE})")
    private boolean readAhead = false;

    @Spec
    private CommandSpec spec;

    /** What the replay folds: how many events and how many payload bytes. */
    record ReplayTotals(long count, long payloadBytes) {}

    /** Counts every event; the cheapest view that still touches each one. */
    static final class ReplayTotalsView implements View<ReplayTotals, RecordedEvent> {
        @Override
        public ReplayTotals initialState() {
            return new ReplayTotals(0, 0);
        }

        @Override
        public ReplayTotals evolve(ReplayTotals state, RecordedEvent event) {
            return new ReplayTotals(state.count() + 1, state.payloadBytes() + event.event().dataLength());
        }
    }

    @Override
    public Integer call() {
        options.validate();
        if (view.equals("order-summary")) {
            return replayOrderSummary();
        }
        if (!view.equals("trivial")) {
            throw new IllegalArgumentException("--view must be trivial or order-summary: " + view);
        }
        PrintWriter out = spec.commandLine().getOut();
        int events = options.eventsOr(DEFAULT_EVENTS);
        int warmupEvents = Math.min(events, Math.max(events / 5, 20_000));
        byte[] payload = Payloads.json(options.eventBytes);

        Map<String, Object> header = new LinkedHashMap<>();
        header.put("scenario", "replay");
        header.put("view", "trivial");
        options.describeStore(header);
        header.put("events", events);
        header.put("eventBytes", options.eventBytes);
        if (readAhead) {
            header.put("readAhead", true);  // only when on: the default line keeps its keys
        }
        out.printf("replay: write %,d events of %d bytes on %s, then read $all through a view%n",
                events, options.eventBytes, options.store.label());

        Map<String, Object> result = RunLoop.measure(out, options, header, (stores, isWarmup) -> {
            try (var opened = stores.open()) {
                int count = isWarmup ? warmupEvents : events;
                write(opened.store(), count, payload);
                Map<String, Double> metrics = replay(opened.store(), count, payload.length, readAhead);
                PgServer pg = opened.pg();
                String schema = opened.schema();
                if (pg != null && schema != null) {
                    // same run, same rows, read after the store's replay: a plain JDBC keyset catch-up
                    double baseline = PgReadBaseline.catchUpRowsPerSecond(pg, schema, count);
                    metrics.put("baselineEventsPerSecond", baseline);
                    metrics.put("ratioToBaseline", metrics.get("eventsPerSecond") / baseline);
                }
                return metrics;
            }
        });
        out.println(JsonLine.of(result));
        return 0;
    }

    private int replayOrderSummary() {
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be >= 1");
        }
        if (viewStore == SummaryViewStores.Kind.POSTGRES && options.store != StoreKind.POSTGRES) {
            throw new IllegalArgumentException("--view-store postgres needs --store postgres");
        }
        PrintWriter out = spec.commandLine().getOut();
        int events = options.eventsOr(DEFAULT_VIEW_EVENTS);
        int warmupEvents = Math.min(events, Math.max(events / 5, 20_000));
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("scenario", "replay");
        header.put("view", "order-summary");
        options.describeStore(header);
        header.put("viewStore", viewStore.label());
        header.put("events", events);
        header.put("orders", (events + OrderEvents.EVENTS_PER_ORDER - 1) / OrderEvents.EVENTS_PER_ORDER);
        header.put("batchSize", batchSize);
        header.put("parallelDecoding", parallelDecoding);
        out.printf("replay: write %,d order events on %s, then run the order-summary projection from 0 into %s%n",
                events, options.store.label(), viewStore.label());
        out.flush();

        Map<String, Object> result = RunLoop.measure(out, options, header, (stores, isWarmup) -> {
            try (var opened = stores.open(); var views = SummaryViewStores.open(viewStore, opened)) {
                var written = OrderWriter.write(opened.store(), isWarmup ? warmupEvents : events, options.writers, "r");
                return projectSummaries(opened.store(), views, written);
            }
        });
        out.println(JsonLine.of(result));
        return 0;
    }

    private Map<String, Double> projectSummaries(EventStore store, SummaryViewStores.Opened views, OrderWriter.Written written) {
        var projection = OrderEvents.summaryProjection(SummaryViewStores.VIEW_NAME, views.store());
        var runner = ProjectionRunner.builder(projection, store)
                .options(RunnerOptions.DEFAULTS.withBatchSize(batchSize).withParallelDecoding(parallelDecoding))
                .build();
        long began = System.nanoTime();
        AwaitResult reached;
        try {
            runner.start();
            reached = runner.awaitApplied(written.head(), Duration.ofMinutes(30));
        } finally {
            runner.stop();
        }
        long nanos = System.nanoTime() - began;
        if (!(reached instanceof AwaitResult.Reached)) {
            throw new IllegalStateException("the projection did not reach " + written.head() + ": " + reached
                    + " (" + runner.status() + ")");
        }
        SummaryViewStores.verify(views, written);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("eventsPerSecond", Workers.perSecond(written.events(), nanos));
        metrics.put("replayMillis", nanos / 1e6);
        return metrics;
    }

    /**
     * The read of the page after {@code after}: on {@code reader} (a platform thread: on a virtual one
     * every wait for the socket parks through the poller, measured slower), or right here when null.
     */
    private static CompletableFuture<ReadAllResult> readAhead(@Nullable ExecutorService reader, EventStore store,
                                                              GlobalPosition after) {
        return reader == null ? CompletableFuture.completedFuture(store.readAll(after, PAGE))
                : CompletableFuture.supplyAsync(() -> store.readAll(after, PAGE), reader);
    }

    private static void write(EventStore store, int events, byte[] payload) {
        var ids = new EventIds(Clock.systemUTC());
        int written = 0;
        while (written < events) {
            StreamId stream = StreamId.of("replay", Integer.toString(written / EVENTS_PER_STREAM));
            int inStream = written % EVENTS_PER_STREAM;
            int size = Math.min(Math.min(WRITE_BATCH, events - written), EVENTS_PER_STREAM - inStream);
            List<EventData> batch = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                batch.add(new EventData(ids.get(), Payloads.EVENT_TYPE, 1, payload, Metadata.EMPTY));
            }
            ExpectedVersion expected = inStream == 0 ? ExpectedVersion.NO_STREAM : ExpectedVersion.exact(inStream - 1);
            if (!(store.append(stream, expected, batch) instanceof AppendResult.Appended)) {
                throw new IllegalStateException("writing the replay data failed at event " + written);
            }
            written += size;
        }
    }

    /**
     * Reads $all from the start page by page. With {@code readAhead}, one page ahead as the projection
     * runner's catch-up does: while this thread folds page n, another thread already reads page n+1
     * (never more than one page in flight). On a quiet machine that overlaps the server's work with
     * the client's; on a saturated one the two thread hand-offs per page cost more than they save
     * (2 cores at load ~8, 300,000 events, embedded PostgreSQL: 88-91k ev/s with, 115-155k without),
     * hence an option, off by default, for a quiet-machine comparison.
     */
    private static Map<String, Double> replay(EventStore store, int events, int payloadBytes, boolean readAhead) {
        var view = new ReplayTotalsView();
        ReplayTotals totals = view.initialState();
        ExecutorService reader = !readAhead ? null : Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "replay-read-ahead");
            thread.setDaemon(true);
            return thread;
        });
        long began = System.nanoTime();
        CompletableFuture<ReadAllResult> next = readAhead(reader, store, GlobalPosition.START);
        while (true) {
            ReadAllResult read = next.join();
            if (!(read instanceof ReadAllResult.Page page)) {
                throw new IllegalStateException("reading $all failed: " + read);
            }
            boolean isEnd = page.isEnd() || page.events().isEmpty();
            if (!isEnd) {
                next = readAhead(reader, store, page.events().getLast().position());
            }
            for (RecordedEvent event : page.events()) {
                totals = view.evolve(totals, event);
            }
            if (isEnd) {
                break;
            }
        }
        long nanos = System.nanoTime() - began;
        if (reader != null) {
            reader.shutdown();  // idle after the last page (after a failed read, the daemon thread ends with the JVM)
        }
        if (totals.count() != events || totals.payloadBytes() != (long) events * payloadBytes) {
            throw new IllegalStateException("replay saw " + totals + ", expected " + events + " events");
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("eventsPerSecond", Workers.perSecond(events, nanos));
        metrics.put("replayMillis", nanos / 1e6);
        metrics.put("megabytesPerSecond", Workers.perSecond((long) events * payloadBytes, nanos) / 1e6);
        return metrics;
    }
}
