// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.core.event.EventData;
import dev.annals.core.event.RecordedEvent;
import dev.annals.core.store.AppendResult;
import dev.annals.core.store.ExpectedVersion;
import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.ReadAllResult;
import dev.annals.core.store.StreamId;
import dev.annals.core.view.ViewStore;
import dev.annals.projections.AwaitResult;
import dev.annals.projections.ProjectionRunner;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/*
 * A projection killed in the middle of a batch
 * --------------------------------------------
 * A child JVM runs the Sums projection (a real ProjectionRunner) from PostgreSQL into the JDBC view
 * store and is killed with SIGKILL (Process.destroyForcibly) at a random moment, during catch-up or
 * while live appends continue. The server aborts whatever transaction the dead client had open.
 * Then, in this JVM: (1) the durable read model is exactly a fold of the log up to the durable
 * checkpoint (nothing half-committed); (2) a runner restarted on the same view store catches up and
 * its read model equals a fresh replay of the whole log.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PostgresProjectionKillTest {
    private static final int STREAMS = 30;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aProjectionKilledDuringCatchUpResumesToTheReadModelOfAFreshReplay() throws Exception {
        trial("catchup", 3000, 0, 1);
    }

    @Test
    void aProjectionKilledWhileLiveResumesToTheReadModelOfAFreshReplay() throws Exception {
        trial("live", 500, 3000, 2);
    }

    private void trial(String name, int eventsBefore, int eventsDuring, long seed) throws Exception {
        String url = PgTestServer.newDatabase("kill_" + name);
        PostgresStoreConfig config = PgTestServer.config(url, "annals");
        SplittableRandom random = new SplittableRandom(seed);
        try (PostgresEventStore store = PgTestServer.open(config)) {
            appendRandomly(store, random, eventsBefore, new AtomicBoolean());
            Process child = startChild(config);
            GlobalPosition durable;
            try {
                awaitReady(child);
                AtomicBoolean stop = new AtomicBoolean();
                var writer = CompletableFuture.runAsync(() -> appendRandomly(store, new SplittableRandom(seed + 1),
                        eventsDuring, stop));
                awaitFirstCommit(store);
                TimeUnit.MILLISECONDS.sleep(random.nextInt(200));  // the random kill moment is the point
                child.destroyForcibly();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
                stop.set(true);
                writer.get(60, TimeUnit.SECONDS);
            } finally {
                child.destroyForcibly();
            }

            PostgresViewStore<Sums> views = (PostgresViewStore<Sums>) store.viewStore(Sums.NAME, Sums.STATES);
            List<RecordedEvent> log = readAll(store);
            GlobalPosition head = log.getLast().position();
            durable = switch (views.checkpoint()) {
                case ViewStore.CheckpointLoad.Found found -> found.position();
                case ViewStore.CheckpointLoad.NotFound notFound -> GlobalPosition.START;
                case ViewStore.CheckpointLoad.Failed failed -> throw new AssertionError(failed.toString());
            };
            GlobalPosition checkpoint = durable;
            System.out.printf("projection kill (%s): %d events, durable checkpoint after %d of them%n", name,
                    log.size(), log.stream().filter(e -> !e.position().isAfter(checkpoint)).count());

            assertThat(views.loadAll()).as("read model at the durable checkpoint")
                    .isEqualTo(Sums.replay(log.stream().filter(e -> !e.position().isAfter(checkpoint)).toList()));
            assertThat(durable).as("killed in the middle").isGreaterThan(GlobalPosition.START).isLessThan(head);

            ProjectionRunner runner = ProjectionRunner.builder(Sums.projection(views), store)
                    .options(ProjectionChild.OPTIONS).build();
            runner.start();
            try {
                assertThat(runner.awaitApplied(head, WAIT)).isInstanceOf(AwaitResult.Reached.class);
            } finally {
                runner.stop();
            }
            assertThat(views.loadAll()).isEqualTo(Sums.replay(log));
        }
    }

    private static void appendRandomly(PostgresEventStore store, SplittableRandom random, int events, AtomicBoolean stop) {
        int written = 0;
        while (written < events && !stop.get()) {
            List<EventData> batch = new ArrayList<>();
            for (int n = random.nextInt(1, 4); n > 0; n--) {
                batch.add(Sums.added(random.nextInt(1000)));
            }
            StreamId stream = StreamId.of("Sums-" + random.nextInt(STREAMS));
            assertThat(store.append(stream, ExpectedVersion.ANY, batch)).isInstanceOf(AppendResult.Appended.class);
            written += batch.size();
        }
    }

    private static List<RecordedEvent> readAll(PostgresEventStore store) {
        List<RecordedEvent> events = new ArrayList<>();
        GlobalPosition cursor = GlobalPosition.START;
        while (true) {
            var page = (ReadAllResult.Page) store.readAll(cursor, 1000);
            events.addAll(page.events());
            if (!page.events().isEmpty()) {
                cursor = page.events().getLast().position();
            }
            if (page.isEnd()) {
                return events;
            }
        }
    }

    private static Process startChild(PostgresStoreConfig config) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), ProjectionChild.class.getName(),
                config.url(), config.user(), config.password(), config.schema());
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Waits until the child has committed its first batch (it is then in the middle of its work). */
    private static void awaitFirstCommit(PostgresEventStore store) throws InterruptedException {
        ViewStore<Sums> views = store.viewStore(Sums.NAME, Sums.STATES);
        long deadline = System.nanoTime() + WAIT.toNanos();
        // past START: a runner's first commit is its takeover (the fencing token alone, at START)
        while (!(views.checkpoint() instanceof ViewStore.CheckpointLoad.Found found
                && found.position().isAfter(GlobalPosition.START))) {
            assertThat(System.nanoTime()).as("the child committed a batch in time").isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(5);  // another process: nothing to wait on but the database
        }
    }

    private static void awaitReady(Process child) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null; ) {
            if (line.equals("READY")) {
                return;
            }
        }
        throw new AssertionError("child exited (" + child.waitFor() + ") before printing READY");
    }
}
