// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.core.event.EventEnvelope;
import dev.annals.core.event.RecordedEvent;
import dev.annals.core.memory.InMemoryEventStore;
import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.Subscription;
import dev.annals.core.view.View;
import dev.annals.projections.memory.InMemoryProjectionLocks;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RedeliveryAndRaceTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final InMemoryEventStore store = new InMemoryEventStore();

    /** Hands back an earlier batch again (whole, or its tail in front of new events) now and then. */
    static final class Redelivering extends ForwardingSubscription {
        private final Random random;
        private final AtomicInteger redelivered;
        private List<RecordedEvent> previous = List.of();

        Redelivering(Subscription inner, Random random, AtomicInteger redelivered) {
            super(inner);
            this.random = random;
            this.redelivered = redelivered;
        }

        @Override
        public Poll poll(int maxCount, Duration timeout) {
            if (!previous.isEmpty() && random.nextInt(10) == 0) {
                redelivered.incrementAndGet();
                return new Poll.Events(previous, false);
            }
            Poll poll = inner.poll(maxCount, timeout);
            if (poll instanceof Poll.Events events && !events.events().isEmpty()) {
                List<RecordedEvent> out = new ArrayList<>();
                if (!previous.isEmpty() && random.nextInt(10) == 0) {
                    redelivered.incrementAndGet();
                    out.addAll(previous.subList(random.nextInt(previous.size()), previous.size()));
                }
                out.addAll(events.events());
                previous = events.events();
                return new Poll.Events(out, events.isCaughtUp());
            }
            return poll;
        }
    }

    @Test
    void aSourceThatRedeliversBatchesStillConvergesToAFreshReplayWithAtomicAndNonAtomicStores() {
        for (int i = 0; i < 2000; i++) {
            Tally.append(store, "Tally-" + (i % 23), i % 101);
        }
        AtomicInteger redelivered = new AtomicInteger();
        Random random = new Random(7);
        var atomic = new dev.annals.projections.memory.InMemoryViewStore<Tally>();
        var nonAtomic = new ViewStoreTest.NonAtomicStore();
        nonAtomic.crashEvery.set(5);
        List<ProjectionRunner> runners = new ArrayList<>();
        for (var views : List.<dev.annals.core.view.ViewStore<Tally>>of(atomic, nonAtomic)) {
            ProjectionRunner runner = ProjectionRunner.builder(
                            Projection.of("tally", Tally.view(), Tally.CODEC, Tally::keyOf, views), store)
                    .subscription(after -> new Redelivering(store.subscribeToAll(after), random, redelivered))
                    .options(RunnerOptions.DEFAULTS.withBatchSize(17).withRetries(1, Duration.ZERO, Duration.ofMillis(1)))
                    .build();
            runners.add(runner);
            runner.start();
        }
        try {
            GlobalPosition last = GlobalPosition.START;
            for (int i = 0; i < 500; i++) {
                last = Tally.append(store, "Tally-" + (i % 7), i);
            }
            for (ProjectionRunner runner : runners) {
                assertThat(runner.awaitApplied(last, WAIT)).isInstanceOf(AwaitResult.Reached.class);
            }
            assertThat(redelivered.get()).isGreaterThan(10);
            assertThat(atomic.snapshot()).isEqualTo(Tally.replay(store));
            assertThat(nonAtomic.snapshot()).isEqualTo(Tally.replay(store));
            assertThat(runners.getFirst().status().eventsApplied()).isEqualTo(2500);
        } finally {
            runners.forEach(ProjectionRunner::stop);
        }
    }

    /**
     * A view that stalls now and then for longer than the lock's lease (a GC pause, a slow disk): once
     * per stalling event, whichever runner meets it first.
     */
    private static View<Tally, EventEnvelope<Tally.Added>> stalling(Duration stall, java.util.Set<GlobalPosition> stalled) {
        View<Tally, EventEnvelope<Tally.Added>> plain = Tally.view();
        return new View<>() {
            @Override
            public Tally initialState() {
                return plain.initialState();
            }

            @Override
            public Tally evolve(Tally state, EventEnvelope<Tally.Added> event) {
                if (event.event().amount() % 29 == 0 && stalled.add(event.position())) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(stall.toNanos());  // the pause is what this test is about
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return plain.evolve(state, event);
            }
        };
    }

    @Test
    void threeRunnersWhoseLeasesKeepExpiringNeverCommitOutOfTokenOrderAndConvergeToAFreshReplay() throws Exception {
        FencingTest.RecordingViewStore views = new FencingTest.RecordingViewStore();
        InMemoryProjectionLocks locks = new InMemoryProjectionLocks(Clock.systemUTC(), Duration.ofMillis(15));
        List<ProjectionRunner> runners = new ArrayList<>();
        java.util.Set<GlobalPosition> stalled = java.util.concurrent.ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 3; i++) {
            runners.add(ProjectionRunner.builder(
                            Projection.of("tally", stalling(Duration.ofMillis(25), stalled), Tally.CODEC, Tally::keyOf,
                                    views), store)
                    .locks(locks)
                    .options(RunnerOptions.DEFAULTS.withBatchSize(8).withStandbyInterval(Duration.ofMillis(3)))
                    .build());
        }
        runners.forEach(ProjectionRunner::start);
        try {
            Random random = new Random(11);
            for (int i = 0; i < 600; i++) {
                Tally.append(store, "Tally-" + random.nextInt(13), random.nextInt(1000));
                if (i % 50 == 0) {
                    TimeUnit.MILLISECONDS.sleep(10);  // let the runners interleave with the writes
                }
            }
            GlobalPosition head = ProjectionRunner.head(store);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (views.inner.appliedPosition().isBefore(head)) {
                assertThat(System.nanoTime()).as("caught up in time").isLessThan(deadline);
                TimeUnit.MILLISECONDS.sleep(10);
            }
        } finally {
            runners.forEach(ProjectionRunner::stop);
        }
        List<Long> tokens = views.accepted().stream().map(FencingTest.RecordingViewStore.Accepted::token).toList();
        assertThat(tokens).isSorted();
        assertThat(tokens.stream().distinct().count()).as("takeovers").isGreaterThan(2);
        assertThat(views.fenced.get()).as("stale commits refused").isPositive();
        assertThat(views.inner.snapshot()).isEqualTo(Tally.replay(store));
    }
}
