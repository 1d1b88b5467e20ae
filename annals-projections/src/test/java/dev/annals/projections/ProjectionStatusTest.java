// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.core.memory.InMemoryEventStore;
import dev.annals.core.store.AppendResult;
import dev.annals.core.store.ExpectedVersion;
import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.StreamId;
import dev.annals.projections.memory.InMemoryViewStore;
import dev.annals.projections.metrics.ProjectionMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProjectionStatusTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final InMemoryEventStore store = new InMemoryEventStore();
    private final InMemoryViewStore<Tally> views = new InMemoryViewStore<>();
    private final CountDownLatch gate = new CountDownLatch(1);
    private ProjectionRunner runner;

    @AfterEach
    void stop() {
        gate.countDown();
        if (runner != null) {
            runner.stop();
        }
    }

    /** A view that refuses 666 and holds the runner at amount 999 until the gate opens. */
    private ProjectionRunner start(ProjectionRunner.Builder builder) {
        runner = builder.options(RunnerOptions.DEFAULTS.withBatchSize(1).withRetries(1, Duration.ZERO, Duration.ZERO))
                .build();
        runner.start();
        return runner;
    }

    private ProjectionRunner.Builder tally() {
        var view = Tally.view(amount -> {
            if (amount == 999) {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return amount == 666;
        });
        return ProjectionRunner.builder(Projection.of("tally", view, Tally.CODEC, Tally::keyOf, views), store);
    }

    @Test
    void statusReportsCheckpointHeadLagStateAndDeadLetters() {
        Tally.append(store, "Tally-a", 1, 666);
        GlobalPosition beforeGate = Tally.append(store, "Tally-b", 2);
        Tally.append(store, "Tally-b", 999);
        GlobalPosition head = Tally.append(store, "Tally-b", 3, 4);
        start(tally());
        assertThat(runner.awaitApplied(beforeGate, WAIT)).isInstanceOf(AwaitResult.Reached.class);

        ProjectionStatus held = runner.status();
        assertThat(held.name()).isEqualTo("tally");
        assertThat(held.checkpoint()).isEqualTo(beforeGate);
        assertThat(held.head()).isEqualTo(head);
        assertThat(held.lag()).isEqualTo(head.value() - beforeGate.value());
        assertThat(held.state()).isEqualTo(ProjectionStatus.State.CATCHING_UP);
        assertThat(held.deadLetters()).isEqualTo(1);
        assertThat(held.eventsApplied()).isEqualTo(2);

        gate.countDown();
        assertThat(runner.awaitApplied(head, WAIT)).isInstanceOf(AwaitResult.Reached.class);
        ProjectionStatus caughtUp = runner.status();
        assertThat(caughtUp.lag()).isZero();
        assertThat(caughtUp.checkpoint()).isEqualTo(head);
        assertThat(caughtUp.eventsApplied()).isEqualTo(5);

        runner.stop();
        assertThat(runner.status().state()).isEqualTo(ProjectionStatus.State.STOPPED);
        assertThat(runner.awaitApplied(GlobalPosition.of(head.value() + 1), WAIT))
                .isEqualTo(new AwaitResult.Stopped(head));
    }

    @Test
    void readYourWritesReturnsAsSoonAsThePositionIsAppliedAndTimesOutOtherwise() throws Exception {
        start(tally());
        Tally.append(store, "Tally-a", 999);  // holds the runner
        GlobalPosition mine = Tally.append(store, "Tally-a", 1);
        assertThat(runner.awaitApplied(mine, Duration.ofMillis(100))).isInstanceOf(AwaitResult.TimedOut.class);

        CountDownLatch waiting = new CountDownLatch(1);
        var result = new java.util.concurrent.atomic.AtomicReference<AwaitResult>();
        Thread waiter = Thread.ofVirtual().start(() -> {
            waiting.countDown();
            result.set(runner.awaitApplied(mine, WAIT));
        });
        assertThat(waiting.await(5, TimeUnit.SECONDS)).isTrue();
        gate.countDown();
        waiter.join(WAIT);
        assertThat(result.get()).isEqualTo(new AwaitResult.Reached(mine));
    }

    @Test
    void aCategoryProjectionMovesItsCheckpointPastOtherCategoriesEvents() {
        start(tally().category("Tally"));
        GlobalPosition mine = Tally.append(store, "Tally-a", 1);
        GlobalPosition foreign = ((AppendResult.Appended) store.append(StreamId.of("Other-1"), new ExpectedVersion.Any(),
                List.of(Tally.added(5)))).lastPosition();
        assertThat(runner.awaitApplied(foreign, WAIT)).isInstanceOf(AwaitResult.Reached.class);
        assertThat(runner.status().lag()).isZero();
        assertThat(views.snapshot()).containsOnlyKeys("Tally-a");
        assertThat(mine.isBefore(foreign)).isTrue();
    }

    @Test
    void metricsExposeLagCheckpointDeadLettersAndStatePerProjection() throws Exception {
        Tally.append(store, "Tally-a", 666);
        GlobalPosition head = Tally.append(store, "Tally-b", 1);
        start(tally());
        assertThat(runner.awaitApplied(head, WAIT)).isInstanceOf(AwaitResult.Reached.class);
        FencingTest.awaitState(runner, ProjectionStatus.State.LIVE);

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new ProjectionMetrics().add(runner).bindTo(registry);
        assertThat(registry.get("annals.projection.lag").tag("projection", "tally").gauge().value()).isZero();
        assertThat(registry.get("annals.projection.checkpoint").tag("projection", "tally").gauge().value())
                .isEqualTo(head.value());
        assertThat(registry.get("annals.projection.dead.letters").tag("projection", "tally").gauge().value()).isEqualTo(1);
        assertThat(registry.get("annals.projection.state").tag("projection", "tally").tag("state", "LIVE").gauge().value())
                .isEqualTo(1);
        assertThat(registry.get("annals.projection.state").tag("projection", "tally").tag("state", "STANDBY").gauge().value())
                .isZero();
    }
}
