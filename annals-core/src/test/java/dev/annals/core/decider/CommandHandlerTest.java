// SPDX-License-Identifier: Apache-2.0
package dev.annals.core.decider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.core.decider.Counter.Added;
import dev.annals.core.decider.Counter.Command;
import dev.annals.core.decider.Counter.TooMuch;
import dev.annals.core.event.EventData;
import dev.annals.core.event.EventIds;
import dev.annals.core.event.Metadata;
import dev.annals.core.event.RecordedEvent;
import dev.annals.core.memory.InMemoryEventStore;
import dev.annals.core.memory.InMemorySnapshotStore;
import dev.annals.core.snapshot.Snapshot;
import dev.annals.core.snapshot.SnapshotStore;
import dev.annals.core.store.AppendResult;
import dev.annals.core.store.EventStore;
import dev.annals.core.store.ExpectedVersion;
import dev.annals.core.store.IdempotencyLookup;
import dev.annals.core.store.ReadDirection;
import dev.annals.core.store.ReadStreamResult;
import dev.annals.core.store.StorageFailure;
import dev.annals.core.store.StreamId;
import dev.annals.core.store.StreamVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CommandHandlerTest {
    private static final StreamId STREAM = StreamId.of("Counter-a");
    private final InMemoryEventStore store = new InMemoryEventStore();
    private final Counter.CounterDecider decider = new Counter.CounterDecider();
    private final CommandHandler<Command, Integer, Added, TooMuch> handler =
            CommandHandler.builder(decider, new Counter.Codec(), (EventStore) store, Counter::streamOf).build();

    @Test
    void appendsTheEventsOfAnAcceptedCommand() {
        var result = handler.handle(new Command.Add("a", 5));

        assertThat(result).isInstanceOfSatisfying(HandleResult.Accepted.class, accepted -> {
            assertThat(accepted.events()).containsExactly(new Added(5));
            assertThat(accepted.version()).isEqualTo(StreamVersion.of(0));
            assertThat(accepted.isReplay()).isFalse();
        });
        assertThat(events()).hasSize(1);
    }

    @Test
    void aRejectedCommandWritesNothing() {
        handler.handle(new Command.Add("a", 90));

        var result = handler.handle(new Command.Add("a", 20));

        assertThat(result).isEqualTo(new HandleResult.Rejected<>(new TooMuch(110, 100)));
        assertThat(events()).hasSize(1);
    }

    @Test
    void anAcceptedCommandWithoutEventsIsUnchanged() {
        handler.handle(new Command.Add("a", 1));

        assertThat(handler.handle(new Command.Touch("a"))).isEqualTo(new HandleResult.Unchanged<>(STREAM, StreamVersion.of(0)));
        assertThat(events()).hasSize(1);
    }

    @Test
    void propagatesCorrelationCausationUserAndTenantIntoEveryEvent() {
        UUID commandId = EventIds.newId();
        var context = new CommandContext(commandId, "corr-7", null, "user-1", "tenant-1", null, null, Map.of("source", "test"));

        handler.handle(new Command.AddTwice("a", 1), context);

        assertThat(events()).extracting(RecordedEvent::metadata).containsOnly(
                new Metadata("corr-7", commandId.toString(), "user-1", "tenant-1", Map.of("source", "test")));
        assertThat(events()).allSatisfy(e -> assertThat(EventIds.isVersion7(e.eventId())).isTrue());
    }

    @Test
    void usesTheCommandIdAsCorrelationWhenNoneIsGiven() {
        var context = CommandContext.create();

        handler.handle(new Command.Add("a", 1), context);

        assertThat(events().getFirst().metadata().correlationId()).isEqualTo(context.commandId().toString());
    }

    @Test
    void reloadsAndDecidesAgainWhenAnotherWriterWinsTheRace() {
        var racing = new RacingStore(store, 1);
        var racingHandler = CommandHandler.builder(decider, new Counter.Codec(), (EventStore) racing, Counter::streamOf).build();
        handler.handle(new Command.Add("a", 10));

        var result = racingHandler.handle(new Command.Add("a", 5));

        assertThat(result).isInstanceOfSatisfying(HandleResult.Accepted.class,
                accepted -> assertThat(accepted.version()).isEqualTo(StreamVersion.of(2)));
        assertThat(racing.appendCalls.get()).isEqualTo(2);
        assertThat(events()).extracting(e -> new String(e.data(), StandardCharsets.UTF_8)).containsExactly("10", "40", "5");
    }

    @Test
    void aReloadedStateCanRejectTheCommandAfterALostRace() {
        var racing = new RacingStore(store, 1);
        var racingHandler = CommandHandler.builder(decider, new Counter.Codec(), (EventStore) racing, Counter::streamOf).build();
        handler.handle(new Command.Add("a", 50));

        var result = racingHandler.handle(new Command.Add("a", 30));

        assertThat(result).isEqualTo(new HandleResult.Rejected<>(new TooMuch(120, 100)));
    }

    @Test
    void givesUpWithAConflictAfterTheLastAttempt() {
        var racing = new RacingStore(store, Integer.MAX_VALUE);
        var racingHandler = CommandHandler.builder(decider, new Counter.Codec(), (EventStore) racing, Counter::streamOf)
                .maxAttempts(3).build();
        handler.handle(new Command.Add("a", 1));

        var result = racingHandler.handle(new Command.Add("a", 1));

        assertThat(result).isEqualTo(new HandleResult.Conflict<>(STREAM, 3));
    }

    @Test
    void aStaleExpectedVersionFromTheCallerIsRefusedAndWritesNothing() {
        handler.handle(new Command.Add("a", 1));
        handler.handle(new Command.Add("a", 1));

        var result = handler.handle(new Command.Add("a", 1), CommandContext.create().withExpectedVersion(ExpectedVersion.exact(0)));

        assertThat(result).isEqualTo(new HandleResult.WrongExpectedVersion<>(STREAM, ExpectedVersion.exact(0), StreamVersion.of(1)));
        assertThat(events()).hasSize(2);
    }

    @Test
    void aMatchingExpectedVersionFromTheCallerIsAccepted() {
        handler.handle(new Command.Add("a", 1));

        var result = handler.handle(new Command.Add("a", 1), CommandContext.create().withExpectedVersion(ExpectedVersion.exact(0)));

        assertThat(result).isInstanceOf(HandleResult.Accepted.class);
    }

    @Test
    void aRepeatedIdempotencyKeyReplaysTheFirstOutcomeAndAppendsNothing() {
        var key = new IdempotencyKey("key-1", "hash-1");
        var first = (HandleResult.Accepted<Added, TooMuch>) handler.handle(new Command.AddTwice("a", 3), CommandContext.create().withIdempotencyKey(key));
        handler.handle(new Command.Add("a", 1));

        var again = handler.handle(new Command.AddTwice("a", 3), CommandContext.create().withIdempotencyKey(key));

        assertThat(again).isEqualTo(new HandleResult.Accepted<>(STREAM, first.events(), first.version(), first.position(), true));
        assertThat(events()).hasSize(3);
        assertThat(store.findIdempotencyKey("key-1")).isInstanceOf(IdempotencyLookup.Found.class);
    }

    @Test
    void anIdempotencyKeyReusedForAnotherRequestIsRefused() {
        handler.handle(new Command.Add("a", 3), CommandContext.create().withIdempotencyKey(new IdempotencyKey("key-2", "hash-a")));

        var result = handler.handle(new Command.Add("a", 4), CommandContext.create().withIdempotencyKey(new IdempotencyKey("key-2", "hash-b")));

        assertThat(result).isEqualTo(new HandleResult.IdempotencyKeyReused<>("key-2"));
        assertThat(events()).hasSize(1);
    }

    @Test
    void snapshotsEveryNEventsAndLoadsFromTheSnapshot() {
        var snapshots = new InMemorySnapshotStore();
        var snapshotting = CommandHandler.builder(decider, new Counter.Codec(), (EventStore) store, Counter::streamOf)
                .snapshots(snapshots, new Counter.StateCodecV1(1), 3).build();
        for (int i = 0; i < 7; i++) {
            snapshotting.handle(new Command.Add("a", 1));
        }
        var snapshot = ((SnapshotStore.Load.Found) snapshots.load(STREAM)).snapshot();
        assertThat(snapshot.version()).isEqualTo(StreamVersion.of(5));
        assertThat(new String(snapshot.state(), StandardCharsets.UTF_8)).isEqualTo("6");

        decider.evolveCalls = 0;
        var loaded = snapshotting.loadState(STREAM);

        assertThat(loaded).isEqualTo(new CommandHandler.LoadResult.Loaded<>(7, StreamVersion.of(6)));
        assertThat(decider.evolveCalls).isEqualTo(1);
    }

    @Test
    void ignoresASnapshotWrittenAtAnotherStateSchemaVersion() {
        var snapshots = new InMemorySnapshotStore();
        handler.handle(new Command.Add("a", 2));
        handler.handle(new Command.Add("a", 3));
        snapshots.save(new Snapshot(STREAM, StreamVersion.of(1), 1, "999".getBytes(StandardCharsets.UTF_8), Instant.EPOCH));
        var v2 = CommandHandler.builder(decider, new Counter.Codec(), (EventStore) store, Counter::streamOf)
                .snapshots(snapshots, new Counter.StateCodecV1(2), 100).build();

        assertThat(v2.loadState(STREAM)).isEqualTo(new CommandHandler.LoadResult.Loaded<>(5, StreamVersion.of(1)));
    }

    @Test
    void anUndecodableStoredEventIsAStorageFailureNotASkippedFact() {
        store.append(STREAM, ExpectedVersion.NO_STREAM,
                List.of(new EventData(EventIds.newId(), "counter.Added", 1, "not-a-number".getBytes(StandardCharsets.UTF_8), Metadata.EMPTY)));

        var result = handler.handle(new Command.Add("a", 1));

        assertThat(result).isInstanceOfSatisfying(HandleResult.StorageFailed.class,
                failed -> assertThat(failed.failure().kind()).isEqualTo(StorageFailure.Kind.CORRUPTED));
        assertThat(events()).hasSize(1);
    }

    @Test
    void foldsAStreamAsOfAVersionOrAnInstant() {
        var clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        var timedStore = new InMemoryEventStore(clock);
        var timed = CommandHandler.builder(decider, new Counter.Codec(), (EventStore) timedStore, Counter::streamOf).build();
        for (int i = 1; i <= 4; i++) {
            timed.handle(new Command.Add("a", i));
            clock.advance(Duration.ofMinutes(1));
        }
        var fold = new TemporalFold<>(timedStore, new Counter.Codec(), decider);

        assertThat(fold.asOfVersion(STREAM, StreamVersion.of(1)))
                .isEqualTo(new TemporalFold.Result.Folded<>(3, StreamVersion.of(1), Instant.parse("2026-01-01T00:01:00Z")));
        assertThat(fold.asOf(STREAM, Instant.parse("2026-01-01T00:02:30Z")))
                .isEqualTo(new TemporalFold.Result.Folded<>(6, StreamVersion.of(2), Instant.parse("2026-01-01T00:02:00Z")));
        assertThat(fold.asOf(STREAM, Instant.parse("2025-12-31T23:59:59Z"))).isEqualTo(new TemporalFold.Result.NotFound<>());
        assertThat(fold.asOfVersion(StreamId.of("Counter-none"), StreamVersion.of(0))).isEqualTo(new TemporalFold.Result.NotFound<>());
    }

    private List<RecordedEvent> events() {
        var read = store.readStream(STREAM, StreamVersion.FIRST, ReadDirection.FORWARD, 1000);
        return read instanceof ReadStreamResult.Found found ? found.events() : List.of();
    }

    /** Lets another writer append 40 to the stream just before each of the first {@code races} appends. */
    private static final class RacingStore extends ForwardingEventStore {
        private final EventStore delegate;
        private final int races;
        final AtomicInteger appendCalls = new AtomicInteger();

        RacingStore(EventStore delegate, int races) {
            this.delegate = delegate;
            this.races = races;
        }

        @Override
        EventStore delegate() {
            return delegate;
        }

        @Override
        public AppendResult append(StreamId stream, ExpectedVersion expected, List<EventData> events) {
            if (appendCalls.incrementAndGet() <= races) {
                delegate.append(stream, ExpectedVersion.ANY, List.of(new Counter.Codec().encode(new Added(40)))
                        .stream().map(s -> EventData.of(EventIds.newId(), s, Metadata.EMPTY)).toList());
            }
            return delegate.append(stream, expected, events);
        }
    }
}
