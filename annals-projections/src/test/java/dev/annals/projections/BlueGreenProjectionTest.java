// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.core.memory.InMemoryEventStore;
import dev.annals.core.store.GlobalPosition;
import dev.annals.projections.file.FileViewStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlueGreenProjectionTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final InMemoryEventStore store = new InMemoryEventStore();

    @TempDir
    Path dir;

    private FileViewStore<Tally> open(int version) {
        return switch (FileViewStore.open(dir.resolve("v" + version), Tally.STATE_CODEC)) {
            case FileViewStore.OpenResult.Opened<Tally> opened -> opened.store();
            case FileViewStore.OpenResult.Failed<Tally> failed -> throw new IllegalStateException(failed.failure().toString());
        };
    }

    @Test
    void aRebuildWhileWritesContinueIsNeverSeenHalfBuiltAndEqualsAFreshReplayAfterTheSwap() throws Exception {
        // streams "Tally-old-*" are complete before the rebuild starts; writers only add "Tally-new-*"
        for (int i = 0; i < 3000; i++) {
            Tally.append(store, "Tally-old-" + (i % 100), i % 97, i % 13);
        }
        AtomicInteger swappedTo = new AtomicInteger();
        BlueGreenProjection<Tally, Tally.Added> projection = new BlueGreenProjection<>(
                Projection.of("tally", Tally.view(), Tally.CODEC, Tally::keyOf, new dev.annals.projections.memory.InMemoryViewStore<>()), store, this::open, 1,
                builder -> builder.options(RunnerOptions.DEFAULTS.withBatchSize(20)), swappedTo::set);
        projection.start();
        Map<String, Tally> oldStreams = Tally.replay(store);
        assertThat(projection.awaitApplied(ProjectionRunner.head(store), WAIT)).isInstanceOf(AwaitResult.Reached.class);
        assertThat(projection.reader().snapshot()).isEqualTo(oldStreams);

        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> violation = new AtomicReference<>();
        AtomicInteger queries = new AtomicInteger();
        Thread reader = Thread.ofPlatform().start(() -> {
            int lastSize = 0;
            while (!done.get() && violation.get() == null) {
                Map<String, Tally> seen = projection.reader().snapshot();
                queries.incrementAndGet();
                Map<String, Tally> old = new TreeMap<>(seen);
                old.keySet().removeIf(key -> key.startsWith("Tally-new-"));
                if (!old.equals(oldStreams)) {
                    violation.set("a query saw " + old.size() + " of " + oldStreams.size() + " complete streams");
                }
                if (seen.size() < lastSize) {
                    violation.set("a query saw the view shrink from " + lastSize + " to " + seen.size() + " keys");
                }
                lastSize = seen.size();
            }
        });
        Thread writer = Thread.ofPlatform().start(() -> {
            for (int i = 0; !done.get() && i < 20_000; i++) {
                Tally.append(store, "Tally-new-" + (i % 50), i % 31);
            }
        });
        try {
            assertThat(projection.rebuild()).isEqualTo(new BlueGreenProjection.RebuildOutcome.Started(2));
            assertThat(projection.rebuild()).isEqualTo(new BlueGreenProjection.RebuildOutcome.AlreadyRunning(2));
            assertThat(projection.rebuildStatus()).isPresent();
            assertThat(projection.awaitRebuild(WAIT)).isTrue();
        } finally {
            done.set(true);
            writer.join();
            reader.join();
        }
        assertThat(violation.get()).isNull();
        assertThat(queries.get()).isPositive();
        assertThat(projection.version()).isEqualTo(2);
        assertThat(swappedTo.get()).isEqualTo(2);
        assertThat(projection.rebuildStatus()).isEmpty();
        assertThat(projection.runner().name()).isEqualTo("tally.v2");

        GlobalPosition last = Tally.append(store, "Tally-new-0", 5);
        assertThat(projection.awaitApplied(last, WAIT)).isInstanceOf(AwaitResult.Reached.class);
        assertThat(projection.reader().snapshot()).isEqualTo(Tally.replay(store));
        assertThat(projection.status().name()).isEqualTo("tally");
        projection.close();
    }

    @Test
    void readYourWritesWaitsAcrossTheSwap() throws Exception {
        for (int i = 0; i < 500; i++) {
            Tally.append(store, "Tally-" + (i % 10), i);
        }
        BlueGreenProjection<Tally, Tally.Added> projection = new BlueGreenProjection<>(
                Projection.of("tally", Tally.view(), Tally.CODEC, Tally::keyOf, new dev.annals.projections.memory.InMemoryViewStore<>()), store, this::open, 1,
                builder -> builder.options(RunnerOptions.DEFAULTS.withBatchSize(5)), v -> { });
        projection.start();
        try {
            List<AwaitResult> results = new ArrayList<>();
            projection.rebuild();
            for (int i = 0; i < 20; i++) {
                GlobalPosition p = Tally.append(store, "Tally-x", i);
                results.add(projection.awaitApplied(p, WAIT));
            }
            assertThat(projection.awaitRebuild(WAIT)).isTrue();
            assertThat(results).allSatisfy(r -> assertThat(r).isInstanceOf(AwaitResult.Reached.class));
            assertThat(projection.reader().snapshot()).isEqualTo(Tally.replay(store));
        } finally {
            projection.close();
        }
    }
}
