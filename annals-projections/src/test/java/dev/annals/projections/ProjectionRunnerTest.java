// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.core.memory.InMemoryEventStore;
import dev.annals.core.store.AppendResult;
import dev.annals.core.store.ExpectedVersion;
import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.StreamId;
import dev.annals.core.store.Subscription;
import dev.annals.core.view.ViewStore;
import dev.annals.projections.memory.InMemoryViewStore;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProjectionRunnerTest {
    private final InMemoryEventStore store = new InMemoryEventStore();
    private final InMemoryViewStore<Tally> views = new InMemoryViewStore<>();
    private ProjectionRunner runner;

    @AfterEach
    void stop() {
        if (runner != null) {
            runner.stop();
        }
    }

    private GlobalPosition append(String stream, int... amounts) {
        var events = java.util.Arrays.stream(amounts).mapToObj(Tally::added).toList();
        return ((AppendResult.Appended) store.append(StreamId.of(stream), new ExpectedVersion.Any(), events)).lastPosition();
    }

    private ProjectionRunner start(RunnerOptions options) {
        runner = ProjectionRunner.builder(Projection.of("tally", Tally.view(), Tally.CODEC, Tally::keyOf, views), store)
                .options(options).build();
        runner.start();
        return runner;
    }

    @Test
    void catchesUpThenFollowsLiveEventsAndEqualsAFreshReplay() {
        for (int i = 0; i < 50; i++) {
            append("Tally-" + (i % 7), i, i + 1, i + 2);
        }
        start(RunnerOptions.DEFAULTS.withBatchSize(16));
        GlobalPosition last = GlobalPosition.START;
        for (int i = 0; i < 20; i++) {
            last = append("Tally-" + (i % 3), 1000 + i);
        }
        assertThat(runner.awaitApplied(last, Duration.ofSeconds(10))).isInstanceOf(AwaitResult.Reached.class);
        assertThat(views.snapshot()).isEqualTo(Tally.replay(store));
        ProjectionStatus status = runner.status();
        assertThat(status.lag()).isZero();
        assertThat(status.checkpoint()).isEqualTo(last);
        assertThat(status.eventsApplied()).isEqualTo(170);
    }

    /** The in-memory store posing as a remote one: counts single loads and bulk loads. */
    private static final class RemoteLikeViewStore implements ViewStore<Tally> {
        final InMemoryViewStore<Tally> inner = new InMemoryViewStore<>();
        final java.util.concurrent.atomic.AtomicInteger singleLoads = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger bulkLoads = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public Load<Tally> load(String key) {
            singleLoads.incrementAndGet();
            return inner.load(key);
        }

        @Override
        public java.util.Map<String, Load<Tally>> loadMany(java.util.Collection<String> keys) {
            bulkLoads.incrementAndGet();
            java.util.Map<String, Load<Tally>> loads = new java.util.HashMap<>();
            keys.forEach(key -> loads.put(key, inner.load(key)));
            return loads;
        }

        @Override
        public boolean prefersLoadMany() {
            return true;
        }

        @Override
        public CheckpointLoad checkpoint() {
            return inner.checkpoint();
        }

        @Override
        public CommitResult commit(List<Change<Tally>> changes, GlobalPosition checkpoint, long fencingToken) {
            return inner.commit(changes, checkpoint, fencingToken);
        }

        @Override
        public boolean isAtomic() {
            return inner.isAtomic();
        }
    }

    /** A real subscription of the store that notes which threads poll it, and whether two ever poll at once. */
    private static final class WatchedSubscription extends ForwardingSubscription {
        final java.util.Set<String> pollers = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final java.util.concurrent.atomic.AtomicInteger polling = new java.util.concurrent.atomic.AtomicInteger();
        volatile boolean overlapped;

        WatchedSubscription(Subscription inner) {
            super(inner);
        }

        @Override
        public Poll poll(int maxCount, Duration timeout) {
            pollers.add(Thread.currentThread().getName());
            if (polling.incrementAndGet() > 1) {
                overlapped = true;
            }
            try {
                return inner.poll(maxCount, timeout);
            } finally {
                polling.decrementAndGet();
            }
        }
    }

    @Test
    void aLongCatchUpIsPolledAheadByTheHelperThreadOneThreadAtATimeAndEqualsAFreshReplay() {
        for (int i = 0; i < 3_000; i++) {
            append("Tally-" + (i % 101), i % 17, i % 5);
        }
        GlobalPosition last = append("Tally-0", 1);
        List<WatchedSubscription> subscriptions = new java.util.concurrent.CopyOnWriteArrayList<>();
        runner = ProjectionRunner.builder(Projection.of("tally", Tally.view(), Tally.CODEC, Tally::keyOf, views), store)
                .subscription(from -> {
                    var watched = new WatchedSubscription(store.subscribeToAll(from));
                    subscriptions.add(watched);
                    return watched;
                })
                .options(RunnerOptions.DEFAULTS.withBatchSize(200)).build();
        runner.start();

        assertThat(runner.awaitApplied(last, Duration.ofSeconds(20))).isInstanceOf(AwaitResult.Reached.class);
        assertThat(views.snapshot()).isEqualTo(Tally.replay(store));
        assertThat(runner.status().eventsApplied()).isEqualTo(6_001);
        assertThat(subscriptions).hasSize(1);
        assertThat(subscriptions.get(0).pollers).contains("projection-tally", "annals-decode-tally");
        assertThat(subscriptions.get(0).overlapped).isFalse();
    }

    @Test
    void stopsPromptlyInTheMiddleOfACatchUpThatIsPollingAhead() {
        for (int i = 0; i < 20_000; i++) {
            append("Tally-" + (i % 101), i % 17);
        }
        start(RunnerOptions.DEFAULTS.withBatchSize(128));
        while (runner.checkpoint().value() < 2_000) {
            Thread.onSpinWait();
        }

        long began = System.nanoTime();
        runner.stop();

        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(5));
        assertThat(runner.state()).isEqualTo(ProjectionStatus.State.STOPPED);
        GlobalPosition stoppedAt = runner.checkpoint();
        // what was committed is exactly a replay up to the checkpoint
        assertThat(views.snapshot()).isEqualTo(Tally.replayUpTo(store, stoppedAt));
    }

    @Test
    void aRemoteViewStoreLoadsACatchUpBatchsKeysInOneCallAndEndsEqualToAFreshReplay() {
        for (int i = 0; i < 400; i++) {
            append("Tally-" + (i % 37), i);
        }
        GlobalPosition last = append("Tally-0", 1);
        var remote = new RemoteLikeViewStore();
        runner = ProjectionRunner.builder(Projection.of("tally", Tally.view(), Tally.CODEC, Tally::keyOf, remote), store)
                .options(RunnerOptions.DEFAULTS.withBatchSize(200)).build();
        runner.start();

        assertThat(runner.awaitApplied(last, Duration.ofSeconds(10))).isInstanceOf(AwaitResult.Reached.class);
        assertThat(remote.inner.snapshot()).isEqualTo(Tally.replay(store));
        assertThat(remote.bulkLoads.get()).isEqualTo(2);  // two full batches of 200; the last event alone loads singly
        assertThat(remote.singleLoads.get()).isLessThanOrEqualTo(1);
    }

    @Test
    void skipsEventTypesTheCodecDoesNotKnowAndStillMovesTheCheckpoint() {
        append("Tally-1", 5);
        GlobalPosition foreign = ((AppendResult.Appended) store.append(StreamId.of("Other-1"), new ExpectedVersion.Any(),
                List.of(Tally.foreign()))).lastPosition();
        start(RunnerOptions.DEFAULTS);
        assertThat(runner.awaitApplied(foreign, Duration.ofSeconds(10))).isInstanceOf(AwaitResult.Reached.class);
        assertThat(views.snapshot()).containsOnlyKeys("Tally-1");
    }

    @Test
    void readYourWritesTimesOutWhenThePositionIsNotReached() {
        start(RunnerOptions.DEFAULTS);
        GlobalPosition p = append("Tally-1", 1);
        assertThat(runner.awaitApplied(p, Duration.ofSeconds(10))).isInstanceOf(AwaitResult.Reached.class);
        AwaitResult beyond = runner.awaitApplied(GlobalPosition.of(p.value() + 100), Duration.ofMillis(50));
        assertThat(beyond).isEqualTo(new AwaitResult.TimedOut(p));
    }

    @Test
    void resumesFromTheStoredCheckpointAfterARestart() {
        append("Tally-1", 1, 2, 3);
        start(RunnerOptions.DEFAULTS);
        GlobalPosition p = append("Tally-2", 4);
        assertThat(runner.awaitApplied(p, Duration.ofSeconds(10))).isInstanceOf(AwaitResult.Reached.class);
        runner.stop();
        assertThat(runner.state()).isEqualTo(ProjectionStatus.State.STOPPED);
        GlobalPosition later = append("Tally-1", 5);
        start(RunnerOptions.DEFAULTS);
        assertThat(runner.awaitApplied(later, Duration.ofSeconds(10))).isInstanceOf(AwaitResult.Reached.class);
        assertThat(views.snapshot()).isEqualTo(Tally.replay(store));
    }
}
