// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.core.decider.CommandContext;
import dev.annals.core.decider.HandleResult;
import dev.annals.core.event.RecordedEvent;
import dev.annals.core.memory.InMemoryEventStore;
import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.ReadDirection;
import dev.annals.core.store.ReadStreamResult;
import dev.annals.core.store.StreamId;
import dev.annals.core.store.StreamVersion;
import dev.annals.core.view.ViewStore;
import dev.annals.projections.file.FileDeadlineStore;
import dev.annals.projections.memory.InMemoryViewStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessManagerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final RunnerOptions OPTIONS = RunnerOptions.DEFAULTS.withBatchSize(50)
            .withPollTimeout(Duration.ofMillis(20)).withRetries(3, Duration.ofMillis(1), Duration.ofMillis(5));

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final InMemoryEventStore store = new InMemoryEventStore(clock);
    private final Bank.Gateway gateway = new Bank.Gateway(store);
    private final InMemoryViewStore<Bank.Flow> states = new InMemoryViewStore<>();
    private ProjectionRunner runner;

    @AfterEach
    void stop() {
        if (runner != null) {
            runner.stop();
        }
    }

    private ProjectionRunner start(ViewStore<Bank.Flow> stateStore, DeadlineStore deadlines) {
        runner = ProcessManagerRuntime.builder("transfers", Bank.FULFILMENT, gateway, stateStore, store)
                .listen(Bank.input())
                .deadlines(deadlines, Bank.APPROVAL_DEADLINE)
                .clock(clock)
                .options(OPTIONS)
                .build();
        runner.start();
        return runner;
    }

    private ProjectionRunner start() {
        return start(states, new dev.annals.projections.memory.InMemoryDeadlineStore());
    }

    private RecordedEvent request(String id, String from, String to, int amount) {
        var result = gateway.transfers.handle(new Bank.RequestTransfer(id, from, to, amount),
                CommandContext.create().withCorrelationId("conv-" + id));
        assertThat(result).isInstanceOf(HandleResult.Accepted.class);
        return events("Transfer-" + id).getFirst();
    }

    private List<RecordedEvent> events(String stream) {
        return switch (store.readStream(StreamId.of(stream), StreamVersion.of(0), ReadDirection.FORWARD, 1000)) {
            case ReadStreamResult.Found found -> found.events();
            default -> List.of();
        };
    }

    private List<String> types(String stream) {
        return events(stream).stream().map(RecordedEvent::eventType).toList();
    }

    /** Waits until the runner has handled everything, including what its own commands appended. */
    private void settle() {
        for (int round = 0; round < 100; round++) {
            GlobalPosition head = ProjectionRunner.head(store);
            assertThat(runner.awaitApplied(head, WAIT)).isInstanceOf(AwaitResult.Reached.class);
            if (ProjectionRunner.head(store).equals(head)) {
                return;
            }
        }
        throw new AssertionError("the process keeps appending");
    }

    @Test
    void successPathDebitsCreditsAndCompletesWithCausationAndCorrelationFromTheEvent() {
        start();
        RecordedEvent requested = request("t1", "Account-a", "Account-b", 30);
        settle();

        assertThat(types("Transfer-t1")).containsExactly("test.TransferRequested", "test.TransferCompleted");
        List<RecordedEvent> debits = events("Account-a");
        assertThat(debits).extracting(RecordedEvent::eventType).containsExactly("test.Debited");
        assertThat(types("Account-b")).containsExactly("test.Credited");
        assertThat(debits.getFirst().metadata().causationId()).isEqualTo(requested.eventId().toString());
        assertThat(debits.getFirst().metadata().correlationId()).isEqualTo("conv-t1");
        assertThat(debits.getFirst().metadata().idempotencyKey()).isEqualTo("transfers:" + requested.eventId() + ":0");
        assertThat(events("Transfer-t1").get(1).metadata().correlationId()).isEqualTo("conv-t1");
        assertThat(states.find("t1")).map(Bank.Flow::phase).contains(Bank.Phase.DONE);
    }

    @Test
    void aRefusedCreditIsCompensatedByRefundingTheDebitThenCancelling() {
        start();
        request("t2", "Account-a", "Account-closed-1", 40);
        settle();

        assertThat(types("Account-a")).containsExactly("test.Debited", "test.Credited");
        assertThat(gateway.accounts.loadState(StreamId.of("Account-a")))
                .isInstanceOfSatisfying(dev.annals.core.decider.CommandHandler.LoadResult.Loaded.class,
                        loaded -> assertThat(loaded.state()).isEqualTo(100));
        assertThat(events("Account-closed-1")).isEmpty();
        assertThat(types("Transfer-t2")).containsExactly("test.TransferRequested", "test.TransferCancelled");
        assertThat(new String(events("Transfer-t2").get(1).data(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("credit refused");
    }

    @Test
    void aRefusedDebitCancelsWithoutTouchingTheOtherAccount() {
        start();
        request("t3", "Account-a", "Account-b", 1000);
        settle();
        assertThat(events("Account-a")).isEmpty();
        assertThat(events("Account-b")).isEmpty();
        assertThat(types("Transfer-t3")).containsExactly("test.TransferRequested", "test.TransferCancelled");
    }

    /** Throws on the first commits that carry state changes: the process dies after sending, before its commit. */
    private static final class CrashingStore implements ViewStore<Bank.Flow> {
        final InMemoryViewStore<Bank.Flow> inner;
        final AtomicInteger crashesLeft;

        CrashingStore(InMemoryViewStore<Bank.Flow> inner, int crashes) {
            this.inner = inner;
            this.crashesLeft = new AtomicInteger(crashes);
        }

        @Override
        public Load<Bank.Flow> load(String key) {
            return inner.load(key);
        }

        @Override
        public CheckpointLoad checkpoint() {
            return inner.checkpoint();
        }

        @Override
        public CommitResult commit(List<Change<Bank.Flow>> changes, GlobalPosition checkpoint, long token) {
            if (!changes.isEmpty() && crashesLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("simulated crash before the commit");
            }
            return inner.commit(changes, checkpoint, token);
        }

        @Override
        public boolean isAtomic() {
            return true;
        }
    }

    @Test
    void redeliveryAfterACrashBeforeTheCommitAndARestartInTheMiddleHaveExactlyOneEffect() {
        CrashingStore crashing = new CrashingStore(states, 3);
        start(crashing, new dev.annals.projections.memory.InMemoryDeadlineStore());
        for (int i = 0; i < 5; i++) {
            request("r" + i, "Account-s" + i, "Account-d" + i, 10);
        }
        settle();
        assertThat(crashing.crashesLeft.get()).isNegative();
        assertThat(gateway.replays.get()).as("commands sent again after redelivery").isPositive();

        // a restart in the middle of more transfers
        for (int i = 5; i < 10; i++) {
            request("r" + i, "Account-s" + i, "Account-d" + i, 10);
        }
        runner.stop();
        start();
        settle();

        for (int i = 0; i < 10; i++) {
            assertThat(types("Account-s" + i)).as("debits of transfer r" + i).containsExactly("test.Debited");
            assertThat(types("Account-d" + i)).as("credits of transfer r" + i).containsExactly("test.Credited");
            assertThat(types("Transfer-r" + i)).containsExactly("test.TransferRequested", "test.TransferCompleted");
        }
    }

    @Test
    void aDeadlineScheduledBeforeARestartFiresAfterIt(@TempDir Path dir) throws Exception {
        GlobalPosition requestedAt;
        try (FileDeadlineStore deadlines = FileDeadlineStore.open(dir)) {
            start(states, deadlines);
            requestedAt = request("m1", "Account-manual-1", "Account-b", 5).position();
            request("m2", "Account-manual-2", "Account-b", 5);
            assertThat(gateway.transfers.handle(new Bank.CancelTransfer("m2", "customer withdrew")))
                    .isInstanceOf(HandleResult.Accepted.class);
            settle();
            assertThat(runner.checkpoint()).isGreaterThan(requestedAt);
            assertThat(((DeadlineStore.Listing.Found) deadlines.forInstance("transfers", "m1")).deadlines())
                    .extracting(Deadline::dueAt).containsExactly(Instant.parse("2026-03-01T12:10:00Z"));
            // m2 ended: its deadline was cancelled
            assertThat(((DeadlineStore.Listing.Found) deadlines.forInstance("transfers", "m2")).deadlines()).isEmpty();
            runner.stop();
        }

        clock.advance(Bank.APPROVAL.plusMinutes(1));
        try (FileDeadlineStore reopened = FileDeadlineStore.open(dir)) {
            start(states, reopened);
            awaitEvent("Transfer-m1", "test.TransferCancelled");
            settle();
            assertThat(types("Transfer-m1")).containsExactly("test.TransferRequested", "test.TransferCancelled");
            assertThat(new String(events("Transfer-m1").get(1).data(), java.nio.charset.StandardCharsets.UTF_8))
                    .contains("approval timed out");
            assertThat(types("Transfer-m2")).containsExactly("test.TransferRequested", "test.TransferCancelled");
            assertThat(((DeadlineStore.Listing.Found) reopened.due("transfers", clock.instant(), 10)).deadlines()).isEmpty();
            assertThat(events("Account-manual-1")).isEmpty();
        }
    }

    @Test
    void aCommandThatKeepsFailingParksTheEventAndRetryingAfterTheFixHasExactlyOneEffect() {
        java.util.concurrent.atomic.AtomicBoolean broken = new java.util.concurrent.atomic.AtomicBoolean(true);
        // the credit is recorded, then the gateway reports a storage failure: every retry sends it again
        CommandGateway<Bank.Command, Bank.Message> flaky = (command, context) -> {
            CommandGateway.Outcome<Bank.Message> outcome = gateway.send(command, context);
            return broken.get() && command instanceof Bank.Credit
                    ? new CommandGateway.Outcome.Failed<>(dev.annals.core.store.StorageFailure.unavailable("timed out"))
                    : outcome;
        };
        var deadLetters = new dev.annals.projections.memory.InMemoryDeadLetterStore();
        runner = ProcessManagerRuntime.builder("transfers", Bank.FULFILMENT, flaky, states, store)
                .listen(Bank.input()).deadLetters(deadLetters).clock(clock).options(OPTIONS).build();
        runner.start();
        request("p1", "Account-a", "Account-b", 10);
        settle();
        List<DeadLetter> parked = ((DeadLetterStore.Listing.Found) runner.deadLetters()).letters();
        // the debit's event is parked; the credit's event, of another stream but the same instance, waits behind it
        assertThat(parked).hasSize(2);
        assertThat(parked.getFirst()).satisfies(letter -> {
            assertThat(letter.eventType()).isEqualTo("test.Debited");
            assertThat(letter.reason()).contains("Credit failed");
            assertThat(letter.attempts()).isEqualTo(3);
            assertThat(letter.behind()).isNull();
        });
        assertThat(parked.get(1).eventType()).isEqualTo("test.Credited");
        assertThat(parked.get(1).stream().value()).isEqualTo("Account-b");
        assertThat(parked.get(1).behind()).isEqualTo(parked.getFirst().id());
        assertThat(types("Account-b")).containsExactly("test.Credited");  // sent 3 times, recorded once

        // after a restart the instance is still blocked: a late event of it waits behind the same head
        runner.stop();
        runner = ProcessManagerRuntime.builder("transfers", Bank.FULFILMENT, flaky, states, store)
                .listen(Bank.input()).deadLetters(deadLetters).clock(clock).options(OPTIONS).build();
        runner.start();
        assertThat(gateway.transfers.handle(new Bank.CancelTransfer("p1", "too late")))
                .isInstanceOf(HandleResult.Accepted.class);
        settle();
        assertThat(((DeadLetterStore.Listing.Found) runner.deadLetters()).letters()).hasSize(3)
                .allSatisfy(l -> assertThat(l.id().equals(parked.getFirst().id()) || parked.getFirst().id().equals(l.behind()))
                        .isTrue());

        broken.set(false);
        assertThat(runner.retryDeadLetter(parked.getFirst().id(), WAIT)).isEqualTo(new DeadLetterOutcome.Resolved(3));
        settle();
        assertThat(types("Account-b")).containsExactly("test.Credited");
        assertThat(types("Account-a")).containsExactly("test.Debited");
        // the instance heard debit, credit and cancellation in that order: completing was refused
        assertThat(types("Transfer-p1")).containsExactly("test.TransferRequested", "test.TransferCancelled");
        assertThat(states.find("p1")).map(Bank.Flow::phase).contains(Bank.Phase.DONE);
        assertThat(gateway.replays.get()).isGreaterThanOrEqualTo(3);
    }

    private void awaitEvent(String stream, String type) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!types(stream).contains(type)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(stream + " never got " + type + ": " + types(stream));
            }
            store.awaitPositionAfter(ProjectionRunner.head(store), Duration.ofMillis(50));
        }
    }
}
