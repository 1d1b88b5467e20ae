// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections;

import dev.annals.core.memory.InMemoryEventStore;
import dev.annals.core.store.EventStore;
import dev.annals.core.store.ExpectedVersion;
import dev.annals.core.store.StreamId;
import dev.annals.projections.file.FileDeadLetterStore;
import dev.annals.projections.file.FileProjectionLocks;
import dev.annals.projections.file.FileViewStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;

/**
 * The child JVM of {@link ProjectionKillTest}: rebuilds the event log from a seed (the durable source:
 * the same seed gives the same appends at the same positions), runs a projection runner over file
 * stores in {@code dir}, prints READY, and waits to be killed.
 *
 * <p>Modes: {@code catchup} appends everything first, so the kill lands while the runner catches up;
 * {@code live} appends a quarter first and the rest while the runner is live; {@code embedded} is
 * {@code live} on an embedded (durable, fsynced) event store in {@code dir/events} instead of the
 * seeded in-memory log, so the kill also tears the event log, which the parent then recovers.
 */
final class KillChild {
    static final int POISON = 666;
    static final String NAME = "tally";

    private KillChild() {
    }

    /** One append: a stream and its amounts. */
    record Append(String stream, int[] amounts) {}

    /** The whole workload of a seed: 40 streams; about one event in 200 of streams 0 to 3 is poison. */
    static List<Append> workload(long seed, int events) {
        Random random = new Random(seed);
        List<Append> appends = new ArrayList<>();
        int written = 0;
        while (written < events) {
            int n = 1 + random.nextInt(3);
            int stream = random.nextInt(40);
            int[] amounts = new int[n];
            for (int i = 0; i < n; i++) {
                amounts[i] = stream < 4 && random.nextInt(200) == 0 ? POISON : random.nextInt(1000);
            }
            appends.add(new Append("Tally-" + stream, amounts));
            written += n;
        }
        return appends;
    }

    static void append(EventStore store, Append append) {
        List<dev.annals.core.event.EventData> events = new ArrayList<>();
        for (int amount : append.amounts()) {
            events.add(Tally.added(amount));
        }
        store.append(StreamId.of(append.stream()), new ExpectedVersion.Any(), events);
    }

    static RunnerOptions options(int batchSize) {
        return RunnerOptions.DEFAULTS.withBatchSize(batchSize).withRetries(2, Duration.ofMillis(1), Duration.ofMillis(2))
                .withPollTimeout(Duration.ofMillis(50));
    }

    /** The durable event log of the "embedded" mode: it dies with the child and recovers in the parent. */
    static EventStore openEvents(Path dir) {
        return dev.annals.store.embedded.EmbeddedEventStore.open(dir.resolve("events")).orThrow();
    }

    static FileViewStore<Tally> openViews(Path dir) {
        return switch (FileViewStore.open(dir.resolve("view"), Tally.STATE_CODEC, 16 * 1024)) {
            case FileViewStore.OpenResult.Opened<Tally> opened -> opened.store();
            case FileViewStore.OpenResult.Failed<Tally> failed -> throw new IllegalStateException(failed.failure().toString());
        };
    }

    static ProjectionRunner runner(EventStore store, FileViewStore<Tally> views, FileDeadLetterStore deadLetters, Path dir,
                                   int batchSize) {
        return ProjectionRunner.builder(Projection.of(NAME, Tally.view(a -> a == POISON), Tally.CODEC, Tally::keyOf, views),
                        store)
                .deadLetters(deadLetters)
                .locks(new FileProjectionLocks(dir.resolve("locks")))
                .options(options(batchSize))
                .build();
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        int events = Integer.parseInt(args[2]);
        boolean embedded = args[3].equals("embedded");
        boolean live = args[3].equals("live") || embedded;
        List<Append> workload = workload(seed, events);
        EventStore store = embedded ? openEvents(dir) : new InMemoryEventStore();
        int first = live ? workload.size() / 4 : workload.size();
        for (int i = 0; i < first; i++) {
            append(store, workload.get(i));
        }
        FileViewStore<Tally> views = openViews(dir);
        FileDeadLetterStore deadLetters = FileDeadLetterStore.open(dir.resolve("dead-letters"));
        ProjectionRunner runner = runner(store, views, deadLetters, dir, 25);
        runner.start();
        System.out.println("READY");
        System.out.flush();
        for (int i = first; i < workload.size(); i++) {
            append(store, workload.get(i));
            LockSupport.parkNanos(200_000);  // spread the live appends over the kill window
        }
        System.out.println("APPENDED");
        System.out.flush();
        LockSupport.park();  // until killed
    }
}
