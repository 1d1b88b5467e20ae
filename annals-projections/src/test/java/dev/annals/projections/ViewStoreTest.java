// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.core.memory.InMemoryEventStore;
import dev.annals.core.store.GlobalPosition;
import dev.annals.core.view.ViewStore;
import dev.annals.projections.file.FileViewStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ViewStoreTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private FileViewStore<Tally> open(long compactAfterBytes) {
        return switch (FileViewStore.open(dir, Tally.STATE_CODEC, compactAfterBytes)) {
            case FileViewStore.OpenResult.Opened<Tally> opened -> opened.store();
            case FileViewStore.OpenResult.Failed<Tally> failed -> throw new AssertionError(failed.failure());
        };
    }

    private static ViewStore.Change<Tally> change(String key, Tally state, long at) {
        return new ViewStore.Change<>(key, state, GlobalPosition.of(at));
    }

    @Test
    void aFileViewStoreKeepsStatesCheckpointAndTokenAcrossReopenAndCompaction() {
        Tally one = Tally.ZERO.plus(1);
        try (FileViewStore<Tally> store = open(256)) {
            assertThat(store.checkpoint()).isInstanceOf(ViewStore.CheckpointLoad.NotFound.class);
            for (int i = 1; i <= 50; i++) {  // enough commits to compact several times
                assertThat(store.commit(List.of(change("k" + (i % 7), one.plus(i), i)), GlobalPosition.of(i), 3))
                        .isInstanceOf(ViewStore.CommitResult.Committed.class);
            }
            assertThat(store.commit(List.of(new ViewStore.Change<>("k0", null, GlobalPosition.of(51))),
                    GlobalPosition.of(51), 4)).isInstanceOf(ViewStore.CommitResult.Committed.class);
        }
        try (FileViewStore<Tally> store = open(256)) {
            assertThat(store.checkpoint()).isEqualTo(new ViewStore.CheckpointLoad.Found(GlobalPosition.of(51), 4));
            assertThat(store.find("k0")).isEmpty();
            assertThat(store.load("k6")).isEqualTo(new ViewStore.Load.Found<>(one.plus(48), GlobalPosition.of(48)));
            assertThat(store.snapshot()).hasSize(6);
            // fencing survives the restart
            assertThat(store.commit(List.of(change("k1", Tally.ZERO, 52)), GlobalPosition.of(52), 3))
                    .isEqualTo(new ViewStore.CommitResult.Fenced(4));
            assertThat(store.find("k1")).contains(one.plus(50));
        }
    }

    @Test
    void aSecondOpenOfTheSameDirectoryIsRefused() {
        try (FileViewStore<Tally> store = open(1 << 20)) {
            assertThat(FileViewStore.open(dir, Tally.STATE_CODEC)).isInstanceOf(FileViewStore.OpenResult.Failed.class);
            assertThat(store.checkpoint()).isInstanceOf(ViewStore.CheckpointLoad.NotFound.class);
        }
    }

    /**
     * A store that cannot commit states and checkpoint together: it writes the states, then the
     * checkpoint, and "crashes" between the two on chosen commits.
     */
    static final class NonAtomicStore implements ViewStore<Tally> {
        private final Map<String, Load.Found<Tally>> states = new HashMap<>();
        private GlobalPosition checkpoint = GlobalPosition.START;
        private long token = Long.MIN_VALUE;
        final AtomicInteger crashEvery = new AtomicInteger();
        private int commits;

        @Override
        public synchronized Load<Tally> load(String key) {
            Load.Found<Tally> found = states.get(key);
            return found == null ? new Load.NotFound<>() : found;
        }

        @Override
        public synchronized CheckpointLoad checkpoint() {
            return new CheckpointLoad.Found(checkpoint, token);
        }

        @Override
        public synchronized CommitResult commit(List<Change<Tally>> changes, GlobalPosition position, long fencingToken) {
            if (fencingToken < token) {
                return new CommitResult.Fenced(token);
            }
            token = fencingToken;
            for (Change<Tally> c : changes) {
                states.put(c.key(), new Load.Found<>(c.state(), c.appliedAt()));
            }
            int every = crashEvery.get();
            if (!changes.isEmpty() && every > 0 && ++commits % every == 0) {
                throw new IllegalStateException("crashed between the states and the checkpoint");
            }
            checkpoint = position;
            return new CommitResult.Committed();
        }

        @Override
        public boolean isAtomic() {
            return false;
        }

        synchronized Map<String, Tally> snapshot() {
            Map<String, Tally> copy = new TreeMap<>();
            states.forEach((k, v) -> copy.put(k, v.state()));
            return copy;
        }
    }

    @Test
    void withANonAtomicStoreTheAppliedPositionPerKeySkipsEventsAlreadyFoldedBeforeACrash() {
        InMemoryEventStore events = new InMemoryEventStore();
        for (int i = 0; i < 300; i++) {
            Tally.append(events, "Tally-" + (i % 11), i, i + 1);
        }
        NonAtomicStore views = new NonAtomicStore();
        views.crashEvery.set(3);
        ProjectionRunner runner = ProjectionRunner.builder(
                        Projection.of("tally", Tally.view(), Tally.CODEC, Tally::keyOf, views), events)
                .options(RunnerOptions.DEFAULTS.withBatchSize(13).withRetries(1, Duration.ZERO, Duration.ofMillis(1)))
                .build();
        runner.start();
        try {
            GlobalPosition head = ProjectionRunner.head(events);
            assertThat(runner.awaitApplied(head, WAIT)).isInstanceOf(AwaitResult.Reached.class);
            assertThat(views.commits).isGreaterThan(10);
            assertThat(views.snapshot()).isEqualTo(Tally.replay(events));
        } finally {
            runner.stop();
        }
    }
}
