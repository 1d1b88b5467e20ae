// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.core.memory.InMemoryEventStore;
import dev.annals.core.store.GlobalPosition;
import dev.annals.projections.file.FileDeadLetterStore;
import dev.annals.projections.memory.InMemoryDeadLetterStore;
import dev.annals.projections.memory.InMemoryViewStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeadLetterTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final RunnerOptions FAST = RunnerOptions.DEFAULTS.withBatchSize(7)
            .withRetries(3, Duration.ofMillis(1), Duration.ofMillis(2));
    private static final int POISON = 666;

    private final InMemoryEventStore store = new InMemoryEventStore();
    private final InMemoryViewStore<Tally> views = new InMemoryViewStore<>();
    /** What the view cannot handle; a "fix" replaces it. */
    private final AtomicReference<IntPredicate> poison = new AtomicReference<>(amount -> amount == POISON);
    private DeadLetterStore deadLetters = new InMemoryDeadLetterStore();
    private ProjectionRunner runner;

    @AfterEach
    void stop() {
        if (runner != null) {
            runner.stop();
        }
    }

    private ProjectionRunner start() {
        runner = ProjectionRunner.builder(Projection.of("tally", Tally.view(a -> poison.get().test(a)), Tally.CODEC,
                        Tally::keyOf, views), store)
                .deadLetters(deadLetters).options(FAST).build();
        runner.start();
        return runner;
    }

    private List<DeadLetter> letters() {
        return ((DeadLetterStore.Listing.Found) runner.deadLetters()).letters();
    }

    private GlobalPosition writeTrafficAroundAPoisonEvent() {
        Tally.append(store, "Tally-a", 1, 2);
        Tally.append(store, "Tally-b", 10);
        Tally.append(store, "Tally-a", POISON);
        Tally.append(store, "Tally-b", 20);
        Tally.append(store, "Tally-a", 3, 4);
        Tally.append(store, "Tally-c", 100);
        return Tally.append(store, "Tally-b", 30);
    }

    @Test
    void aPoisonEventIsParkedAndTheLaterEventsOfItsStreamWaitBehindItWhileOtherStreamsFlow() {
        GlobalPosition last = writeTrafficAroundAPoisonEvent();
        start();
        assertThat(runner.awaitApplied(last, WAIT)).isInstanceOf(AwaitResult.Reached.class);

        List<DeadLetter> parked = letters();
        assertThat(parked).extracting(l -> l.stream().value()).containsOnly("Tally-a");
        assertThat(parked).hasSize(3);
        DeadLetter root = parked.getFirst();
        assertThat(root.behind()).isNull();
        assertThat(root.attempts()).isEqualTo(3);
        assertThat(root.reason()).contains("cannot handle amount 666");
        assertThat(parked.subList(1, 3)).allSatisfy(l -> assertThat(l.behind()).isEqualTo(root.id()));
        // stream a stopped right before the poison event; b and c have everything
        assertThat(views.find("Tally-a")).contains(Tally.ZERO.plus(1).plus(2));
        assertThat(views.find("Tally-b")).contains(Tally.ZERO.plus(10).plus(20).plus(30));
        assertThat(views.find("Tally-c")).contains(Tally.ZERO.plus(100));
        assertThat(runner.status().deadLetters()).isEqualTo(3);

        // later events of the blocked stream are parked too, in order
        GlobalPosition more = Tally.append(store, "Tally-a", 5);
        assertThat(runner.awaitApplied(more, WAIT)).isInstanceOf(AwaitResult.Reached.class);
        assertThat(letters()).hasSize(4);
        assertThat(views.find("Tally-a")).contains(Tally.ZERO.plus(1).plus(2));
    }

    @Test
    void retryingAfterTheFixRestoresEqualityWithAFreshReplay() {
        GlobalPosition last = writeTrafficAroundAPoisonEvent();
        start();
        assertThat(runner.awaitApplied(last, WAIT)).isInstanceOf(AwaitResult.Reached.class);
        String root = letters().getFirst().id();

        // retry before the fix: still parked, nothing applied
        DeadLetterOutcome early = runner.retryDeadLetter(root, WAIT);
        assertThat(early).isInstanceOf(DeadLetterOutcome.StillParked.class);
        assertThat(letters()).hasSize(3);
        assertThat(letters().getFirst().attempts()).isEqualTo(4);

        poison.set(amount -> false);  // the fix is deployed
        assertThat(runner.retryDeadLetter(root, WAIT)).isEqualTo(new DeadLetterOutcome.Resolved(3));
        assertThat(letters()).isEmpty();
        assertThat(views.snapshot()).isEqualTo(Tally.replay(store));

        // the stream flows again
        GlobalPosition after = Tally.append(store, "Tally-a", 7);
        assertThat(runner.awaitApplied(after, WAIT)).isInstanceOf(AwaitResult.Reached.class);
        assertThat(views.snapshot()).isEqualTo(Tally.replay(store));
    }

    @Test
    void skippingDropsThePoisonEventAndAppliesTheOnesParkedBehindIt() {
        GlobalPosition last = writeTrafficAroundAPoisonEvent();
        start();
        assertThat(runner.awaitApplied(last, WAIT)).isInstanceOf(AwaitResult.Reached.class);
        String root = letters().getFirst().id();

        assertThat(runner.skipDeadLetter(root, WAIT)).isEqualTo(new DeadLetterOutcome.Resolved(2));
        assertThat(letters()).isEmpty();
        assertThat(views.snapshot()).isEqualTo(Tally.replay(store, amount -> amount == POISON));
        assertThat(runner.skipDeadLetter(root, WAIT)).isEqualTo(new DeadLetterOutcome.NotFound(root));
    }

    @Test
    void aRetryThatFailsAgainFurtherDownMakesThatEventTheNewHeadAndKeepsTheRestBehindIt(@TempDir Path dir)
            throws Exception {
        try (FileDeadLetterStore durable = FileDeadLetterStore.open(dir)) {
            deadLetters = durable;
            poison.set(amount -> amount == POISON || amount == 777);
            Tally.append(store, "Tally-a", 1, POISON, 2, 777, 3);
            GlobalPosition last = Tally.append(store, "Tally-b", 4);
            start();
            assertThat(runner.awaitApplied(last, WAIT)).isInstanceOf(AwaitResult.Reached.class);
            String first = letters().getFirst().id();
            assertThat(letters()).hasSize(4);

            poison.set(amount -> amount == 777);  // half a fix
            DeadLetterOutcome partly = runner.retryDeadLetter(first, WAIT);
            assertThat(partly).isInstanceOfSatisfying(DeadLetterOutcome.StillParked.class, still -> {
                assertThat(still.applied()).isEqualTo(2);
                assertThat(still.stillParked()).isEqualTo(2);
            });
            List<DeadLetter> now = letters();
            assertThat(now).hasSize(2);
            assertThat(now.getFirst().behind()).isNull();
            assertThat(now.getFirst().reason()).contains("777");
            assertThat(now.get(1).behind()).isEqualTo(now.getFirst().id());
            assertThat(views.find("Tally-a")).contains(Tally.ZERO.plus(1).plus(POISON).plus(2));

            // a restart keeps the stream blocked behind the new head
            runner.stop();
            GlobalPosition more = Tally.append(store, "Tally-a", 5);
            start();
            assertThat(runner.awaitApplied(more, WAIT)).isInstanceOf(AwaitResult.Reached.class);
            assertThat(letters()).hasSize(3);
            assertThat(letters().get(2).behind()).isEqualTo(now.getFirst().id());

            poison.set(amount -> false);
            assertThat(runner.retryDeadLetter(now.get(1).id(), WAIT)).isEqualTo(new DeadLetterOutcome.Resolved(3));
            assertThat(views.snapshot()).isEqualTo(Tally.replay(store));
        }
    }

    @Test
    void aMalformedPayloadIsParkedAtOnceWithoutRetries() {
        Tally.append(store, "Tally-a", 1);
        store.append(dev.annals.core.store.StreamId.of("Tally-a"), new dev.annals.core.store.ExpectedVersion.Any(),
                List.of(Tally.malformed()));
        GlobalPosition last = Tally.append(store, "Tally-a", 2);
        start();
        assertThat(runner.awaitApplied(last, WAIT)).isInstanceOf(AwaitResult.Reached.class);
        assertThat(letters()).hasSize(2);
        assertThat(letters().getFirst().attempts()).isEqualTo(1);
        assertThat(letters().getFirst().reason()).contains("cannot decode");
        assertThat(runner.skipDeadLetter(letters().getFirst().id(), WAIT)).isEqualTo(new DeadLetterOutcome.Resolved(1));
        assertThat(views.snapshot()).isEqualTo(Tally.replay(store));
    }

    @Test
    void parkedEventsSurviveARestartAndKeepTheirStreamBlocked(@TempDir Path dir) throws Exception {
        try (FileDeadLetterStore durable = FileDeadLetterStore.open(dir)) {
            deadLetters = durable;
            GlobalPosition last = writeTrafficAroundAPoisonEvent();
            start();
            assertThat(runner.awaitApplied(last, WAIT)).isInstanceOf(AwaitResult.Reached.class);
            List<DeadLetter> before = letters();
            runner.stop();

            // a new runner on the same stores: the stream is still blocked, letters unchanged
            GlobalPosition more = Tally.append(store, "Tally-a", 8);
            start();
            assertThat(runner.awaitApplied(more, WAIT)).isInstanceOf(AwaitResult.Reached.class);
            assertThat(letters()).hasSize(4);
            assertThat(letters().subList(0, 3)).isEqualTo(before);
            assertThat(letters().get(3).behind()).isEqualTo(before.getFirst().id());
        }
        try (FileDeadLetterStore reopened = FileDeadLetterStore.open(dir)) {
            assertThat(((DeadLetterStore.Listing.Found) reopened.list("tally")).letters()).hasSize(4);
        }
    }

    @Test
    void aRedeliveredBatchDoesNotParkAnEventBehindItselfNorTheEventsBeforeIt() {
        // a crash after parking and before the commit: the letters exist, the checkpoint is older
        Tally.append(store, "Tally-a", 1);
        GlobalPosition poisonAt = Tally.append(store, "Tally-a", POISON);
        GlobalPosition last = Tally.append(store, "Tally-a", 2);
        DeadLetter parked = new DeadLetter(DeadLetter.idOf("tally", poisonAt), "tally",
                dev.annals.core.store.StreamId.of("Tally-a"), dev.annals.core.store.StreamVersion.of(1), poisonAt,
                java.util.UUID.randomUUID(), Tally.TYPE, "cannot handle amount 666", 3, java.time.Instant.EPOCH, null);
        deadLetters.park(parked);
        start();
        assertThat(runner.awaitApplied(last, WAIT)).isInstanceOf(AwaitResult.Reached.class);
        assertThat(letters()).hasSize(2);
        assertThat(letters().getFirst()).isEqualTo(parked);
        assertThat(letters().get(1).behind()).isEqualTo(parked.id());
        assertThat(views.find("Tally-a")).contains(Tally.ZERO.plus(1));
    }
}
