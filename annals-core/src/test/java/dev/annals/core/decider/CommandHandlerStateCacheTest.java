// SPDX-License-Identifier: Apache-2.0
package dev.annals.core.decider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.core.decider.Counter.Added;
import dev.annals.core.decider.Counter.Command;
import dev.annals.core.decider.Counter.TooMuch;
import dev.annals.core.event.EventData;
import dev.annals.core.event.EventIds;
import dev.annals.core.event.Metadata;
import dev.annals.core.memory.InMemoryEventStore;
import dev.annals.core.memory.InMemorySnapshotStore;
import dev.annals.core.snapshot.SnapshotStore;
import dev.annals.core.store.AppendResult;
import dev.annals.core.store.EventStore;
import dev.annals.core.store.ExpectedVersion;
import dev.annals.core.store.ReadDirection;
import dev.annals.core.store.ReadStreamResult;
import dev.annals.core.store.StorageFailure;
import dev.annals.core.store.StreamId;
import dev.annals.core.store.StreamVersion;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CommandHandlerStateCacheTest {
    private static final StreamId STREAM = StreamId.of("Counter-a");
    private final RecordingStore store = new RecordingStore(new InMemoryEventStore());
    private final Counter.CounterDecider decider = new Counter.CounterDecider();
    private final CommandHandler<Command, Integer, Added, TooMuch> cached =
            CommandHandler.builder(decider, new Counter.Codec(), (EventStore) store, Counter::streamOf).stateCache(64).build();

    @Test
    void aCommandOnACachedStreamReadsOnlyTheEventsAfterTheCachedVersion() {
        for (int i = 0; i < 5; i++) {
            cached.handle(new Command.Add("a", 1));
        }
        store.reads.clear();
        decider.evolveCalls = 0;

        var result = cached.handle(new Command.Add("a", 1));

        assertThat(result).isInstanceOfSatisfying(HandleResult.Accepted.class,
                accepted -> assertThat(accepted.version()).isEqualTo(StreamVersion.of(5)));
        assertThat(store.reads).containsExactly(StreamVersion.of(5));
        assertThat(decider.evolveCalls).isEqualTo(1);  // only the new event, evolved into the cache
        assertThat(cached.loadState(STREAM)).isEqualTo(new CommandHandler.LoadResult.Loaded<>(6, StreamVersion.of(5)));
    }

    @Test
    void eventsAppendedByAnotherWriterAreFoldedOnTopOfTheCachedState() {
        cached.handle(new Command.Add("a", 10));
        appendBehindTheHandlersBack(40);

        var result = cached.handle(new Command.Add("a", 60));

        assertThat(result).isEqualTo(new HandleResult.Rejected<>(new TooMuch(110, 100)));
        assertThat(cached.loadState(STREAM)).isEqualTo(new CommandHandler.LoadResult.Loaded<>(50, StreamVersion.of(1)));
    }

    @Test
    void aLostRaceReloadsFromTheCacheAndDecidesAgainOnTheWinnersEvents() {
        cached.handle(new Command.Add("a", 10));
        store.raceBeforeNextAppend(40);

        var result = cached.handle(new Command.Add("a", 5));

        assertThat(result).isInstanceOfSatisfying(HandleResult.Accepted.class,
                accepted -> assertThat(accepted.version()).isEqualTo(StreamVersion.of(2)));
        assertThat(cached.loadState(STREAM)).isEqualTo(new CommandHandler.LoadResult.Loaded<>(55, StreamVersion.of(2)));
    }

    @Test
    void aCachedStreamTheStoreNoLongerHoldsIsForgotten() {
        cached.handle(new Command.Add("a", 90));
        store.replaceWith(new InMemoryEventStore());

        var result = cached.handle(new Command.Add("a", 20));

        assertThat(result).isInstanceOfSatisfying(HandleResult.Accepted.class,
                accepted -> assertThat(accepted.version()).isEqualTo(StreamVersion.of(0)));
        assertThat(cached.loadState(STREAM)).isEqualTo(new CommandHandler.LoadResult.Loaded<>(20, StreamVersion.of(0)));
    }

    @Test
    void aFailedReadOfACachedStreamIsAStorageFailureAndWritesNothing() {
        cached.handle(new Command.Add("a", 1));
        store.failReads = true;

        var result = cached.handle(new Command.Add("a", 1));

        assertThat(result).isInstanceOf(HandleResult.StorageFailed.class);
        store.failReads = false;
        assertThat(cached.loadState(STREAM)).isEqualTo(new CommandHandler.LoadResult.Loaded<>(1, StreamVersion.of(0)));
    }

    @Test
    void snapshotsAreStillTakenEveryNEventsWithACache() {
        var snapshots = new InMemorySnapshotStore();
        var snapshotting = CommandHandler.builder(decider, new Counter.Codec(), (EventStore) store, Counter::streamOf)
                .snapshots(snapshots, new Counter.StateCodecV1(1), 3).stateCache(8).build();

        for (int i = 0; i < 7; i++) {
            snapshotting.handle(new Command.Add("a", 1));
        }

        var snapshot = ((SnapshotStore.Load.Found) snapshots.load(STREAM)).snapshot();
        assertThat(snapshot.version()).isEqualTo(StreamVersion.of(5));
    }

    @Test
    void concurrentCommandsOnOneStreamWithACacheLoseNoIncrement() throws Exception {
        var handler = CommandHandler.builder(decider, new Counter.Codec(), (EventStore) store, Counter::streamOf)
                .stateCache(8).maxAttempts(1000).build();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        var start = new CountDownLatch(1);
        var accepted = new AtomicInteger();
        try {
            List<Future<?>> futures = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 20; i++) {
                        if (handler.handle(new Command.Add("a", 1)) instanceof HandleResult.Accepted<Added, TooMuch>) {
                            accepted.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(accepted.get()).isEqualTo(80);
        var fresh = CommandHandler.builder(decider, new Counter.Codec(), (EventStore) store, Counter::streamOf).build();
        assertThat(fresh.loadState(STREAM)).isEqualTo(new CommandHandler.LoadResult.Loaded<>(80, StreamVersion.of(79)));
        assertThat(handler.loadState(STREAM)).isEqualTo(fresh.loadState(STREAM));
    }

    private void appendBehindTheHandlersBack(int amount) {
        store.append(STREAM, ExpectedVersion.ANY, List.of(EventData.of(EventIds.newId(), new Counter.Codec().encode(new Added(amount)), Metadata.EMPTY)));
    }

    /** Records where stream reads start; can fail reads, race one append, or swap the store beneath. */
    private static final class RecordingStore extends ForwardingEventStore {
        private volatile EventStore delegate;
        final List<StreamVersion> reads = new CopyOnWriteArrayList<>();
        volatile boolean failReads;
        private volatile int raceAmount;

        RecordingStore(EventStore delegate) {
            this.delegate = delegate;
        }

        @Override
        EventStore delegate() {
            return delegate;
        }

        void replaceWith(EventStore other) {
            delegate = other;
        }

        void raceBeforeNextAppend(int amount) {
            raceAmount = amount;
        }

        @Override
        public AppendResult append(StreamId stream, ExpectedVersion expected, List<EventData> events) {
            int race = raceAmount;
            if (race > 0) {
                raceAmount = 0;
                delegate.append(stream, ExpectedVersion.ANY,
                        List.of(EventData.of(EventIds.newId(), new Counter.Codec().encode(new Added(race)), Metadata.EMPTY)));
            }
            return delegate.append(stream, expected, events);
        }

        @Override
        public ReadStreamResult readStream(StreamId stream, StreamVersion from, ReadDirection direction, int maxCount) {
            reads.add(from);
            if (failReads) {
                return new ReadStreamResult.Failed(StorageFailure.unavailable("test: reads fail"));
            }
            return delegate.readStream(stream, from, direction, maxCount);
        }
    }
}
