// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.core.event.EventEnvelope;
import dev.annals.core.memory.InMemoryEventStore;
import dev.annals.core.store.GlobalPosition;
import dev.annals.core.view.View;
import dev.annals.core.view.ViewStore;
import dev.annals.projections.file.FileProjectionLocks;
import dev.annals.projections.memory.InMemoryDeadLetterStore;
import dev.annals.projections.memory.InMemoryProjectionLocks;
import dev.annals.projections.memory.InMemoryViewStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FencingTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final int STALL = 500;

    private final InMemoryEventStore store = new InMemoryEventStore();
    private final RecordingViewStore views = new RecordingViewStore();
    private final InMemoryDeadLetterStore deadLetters = new InMemoryDeadLetterStore();

    /** Remembers every commit the store accepted (token, checkpoint) and how many it refused. */
    static final class RecordingViewStore implements ViewStore<Tally> {
        record Accepted(long token, GlobalPosition checkpoint) {}

        final InMemoryViewStore<Tally> inner = new InMemoryViewStore<>();
        final List<Accepted> accepted = new ArrayList<>();
        final AtomicInteger fenced = new AtomicInteger();

        @Override
        public Load<Tally> load(String key) {
            return inner.load(key);
        }

        @Override
        public CheckpointLoad checkpoint() {
            return inner.checkpoint();
        }

        @Override
        public synchronized CommitResult commit(List<Change<Tally>> changes, GlobalPosition checkpoint, long token) {
            CommitResult result = inner.commit(changes, checkpoint, token);
            if (result instanceof CommitResult.Committed) {
                accepted.add(new Accepted(token, checkpoint));
            } else if (result instanceof CommitResult.Fenced) {
                fenced.incrementAndGet();
            }
            return result;
        }

        @Override
        public boolean isAtomic() {
            return true;
        }

        synchronized List<Accepted> accepted() {
            return List.copyOf(accepted);
        }
    }

    /** A tally view that stalls (a long GC pause, say) the first time it meets the amount STALL. */
    private static View<Tally, EventEnvelope<Tally.Added>> stallingView(CountDownLatch stalled, CountDownLatch resume) {
        AtomicBoolean once = new AtomicBoolean();
        View<Tally, EventEnvelope<Tally.Added>> plain = Tally.view();
        return new View<>() {
            @Override
            public Tally initialState() {
                return plain.initialState();
            }

            @Override
            public Tally evolve(Tally state, EventEnvelope<Tally.Added> event) {
                if (event.event().amount() == STALL && once.compareAndSet(false, true)) {
                    stalled.countDown();
                    try {
                        resume.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return plain.evolve(state, event);
            }
        };
    }

    private ProjectionRunner runner(View<Tally, EventEnvelope<Tally.Added>> view, ProjectionLocks locks) {
        return ProjectionRunner.builder(Projection.of("tally", view, Tally.CODEC, Tally::keyOf, views), store)
                .locks(locks).deadLetters(deadLetters)
                .options(RunnerOptions.DEFAULTS.withBatchSize(10).withStandbyInterval(Duration.ofMillis(20)))
                .build();
    }

    @Test
    void aPausedRunnerWhoseLeaseExpiredIsRefusedAndNeverCommitsWhatItsSuccessorApplied() throws Exception {
        for (int i = 0; i < 40; i++) {
            Tally.append(store, "Tally-" + (i % 5), i + 1);
        }
        GlobalPosition stallAt = Tally.append(store, "Tally-2", STALL);
        for (int i = 0; i < 40; i++) {
            Tally.append(store, "Tally-" + (i % 5), 1000 + i);
        }
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        InMemoryProjectionLocks locks = new InMemoryProjectionLocks(clock, LEASE);
        CountDownLatch stalled = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);

        ProjectionRunner first = runner(stallingView(stalled, resume), locks);
        ProjectionRunner second = runner(Tally.view(), locks);
        try {
            first.start();
            assertThat(stalled.await(10, TimeUnit.SECONDS)).isTrue();
            long firstToken = views.accepted().getLast().token();

            // the first runner is paused mid-batch; its lease runs out and the second takes over
            clock.advance(LEASE.plusSeconds(1));
            second.start();
            GlobalPosition head = ProjectionRunner.head(store);
            assertThat(second.awaitApplied(head, WAIT)).isInstanceOf(AwaitResult.Reached.class);
            assertThat(first.state()).isNotEqualTo(ProjectionStatus.State.STANDBY);

            // the first wakes up and tries to commit the batch it was folding: refused
            resume.countDown();
            awaitState(first, ProjectionStatus.State.STANDBY);
            assertThat(views.fenced.get()).isPositive();
            assertThat(views.accepted()).filteredOn(a -> a.token() == firstToken)
                    .allSatisfy(a -> assertThat(a.checkpoint()).isLessThan(stallAt));
            assertThat(views.accepted()).filteredOn(a -> a.token() != firstToken)
                    .allSatisfy(a -> assertThat(a.token()).isGreaterThan(firstToken));
            // tokens only grow along the accepted commits: no older holder ever committed after a newer one
            List<Long> tokens = views.accepted().stream().map(RecordingViewStore.Accepted::token).toList();
            assertThat(tokens).isSorted();

            // a double application would show in the count and the order-sensitive hash
            GlobalPosition later = Tally.append(store, "Tally-2", 7);
            assertThat(second.awaitApplied(later, WAIT)).isInstanceOf(AwaitResult.Reached.class);
            assertThat(views.inner.snapshot()).isEqualTo(Tally.replay(store));
        } finally {
            resume.countDown();
            first.stop();
            second.stop();
        }
    }

    @Test
    void aSecondRunnerStandsByUntilTheFirstStopsThenContinuesFromItsCheckpoint(@TempDir Path dir) throws Exception {
        FileProjectionLocks locks = new FileProjectionLocks(dir);
        ProjectionRunner first = runner(Tally.view(), locks);
        ProjectionRunner second = runner(Tally.view(), locks);
        try {
            GlobalPosition p = Tally.append(store, "Tally-1", 1, 2, 3);
            first.start();
            assertThat(first.awaitApplied(p, WAIT)).isInstanceOf(AwaitResult.Reached.class);
            second.start();
            awaitState(second, ProjectionStatus.State.STANDBY);
            GlobalPosition q = Tally.append(store, "Tally-2", 4);
            assertThat(first.awaitApplied(q, WAIT)).isInstanceOf(AwaitResult.Reached.class);
            assertThat(second.status().state()).isEqualTo(ProjectionStatus.State.STANDBY);

            first.stop();
            GlobalPosition r = Tally.append(store, "Tally-1", 5);
            assertThat(second.awaitApplied(r, WAIT)).isInstanceOf(AwaitResult.Reached.class);
            assertThat(views.inner.snapshot()).isEqualTo(Tally.replay(store));
            List<Long> tokens = views.accepted().stream().map(RecordingViewStore.Accepted::token).toList();
            assertThat(tokens).isSorted();
            assertThat(tokens.getLast()).isGreaterThan(tokens.getFirst());
        } finally {
            first.stop();
            second.stop();
        }
    }

    static void awaitState(ProjectionRunner runner, ProjectionStatus.State expected) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (runner.state() != expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("runner " + runner.name() + " is " + runner.state() + ", not " + expected);
            }
            TimeUnit.MILLISECONDS.sleep(5);  // state changes have no signal of their own
        }
    }
}
