// SPDX-License-Identifier: Apache-2.0
package dev.annals.testing.contract;

import static dev.annals.testing.contract.TestEvents.event;
import static dev.annals.testing.contract.TestEvents.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.core.event.EventData;
import dev.annals.core.event.EventIds;
import dev.annals.core.event.Metadata;
import dev.annals.core.event.RecordedEvent;
import dev.annals.core.store.AppendResult;
import dev.annals.core.store.EventStore;
import dev.annals.core.store.ExpectedVersion;
import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.IdempotencyLookup;
import dev.annals.core.store.ReadAllResult;
import dev.annals.core.store.ReadDirection;
import dev.annals.core.store.ReadStreamResult;
import dev.annals.core.store.StorageFailure;
import dev.annals.core.store.StreamId;
import dev.annals.core.store.StreamVersion;
import dev.annals.core.store.Subscription;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The event store contract: every clause of ARCHITECTURE.md's store contract and of the
 * {@link EventStore} Javadoc as one test. Stores extend this class and supply {@link #newStore()};
 * durable stores also override {@link #restart(EventStore)} and {@link #isDurable()}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class EventStoreContract {
    private static final Duration WAIT = Duration.ofSeconds(10);

    protected EventStore store;

    /** A new, empty store. Called once before each test. */
    protected abstract EventStore newStore();

    /** Closes the store and opens it again on the same data; stores that keep nothing return it as is. */
    protected EventStore restart(EventStore current) {
        return current;
    }

    /** Whether the store keeps its data across {@link #restart}. */
    protected boolean isDurable() {
        return false;
    }

    @BeforeEach
    void openStore() {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    // ---- appends and expected versions -------------------------------------------------------

    @Test
    void appendsTheFirstEventOfANewStreamAtVersionZero() {
        var result = store.append(stream("Order-1"), ExpectedVersion.NO_STREAM, List.of(event("a")));

        var appended = assertAppended(result);
        assertThat(appended.lastVersion()).isEqualTo(StreamVersion.of(0));
        assertThat(appended.lastPosition()).isGreaterThan(GlobalPosition.START);
    }

    @Test
    void numbersVersionsFromZeroWithoutGapsAcrossAppends() {
        StreamId s = stream("Order-2");
        assertAppended(store.append(s, ExpectedVersion.NO_STREAM, events("a", 3)));
        assertAppended(store.append(s, ExpectedVersion.exact(2), events("b", 2)));
        assertAppended(store.append(s, ExpectedVersion.ANY, events("c", 1)));

        List<RecordedEvent> read = readWholeStream(s);
        assertThat(read).extracting(e -> e.version().value()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertStrictlyIncreasingPositions(read);
    }

    @Test
    void reportsTheLastVersionAndPositionOfAMultiEventAppend() {
        StreamId s = stream("Order-3");
        var appended = assertAppended(store.append(s, ExpectedVersion.NO_STREAM, events("a", 5)));

        List<RecordedEvent> read = readWholeStream(s);
        assertThat(appended.lastVersion()).isEqualTo(StreamVersion.of(4));
        assertThat(appended.lastPosition()).isEqualTo(read.getLast().position());
    }

    @Test
    void refusesNoStreamWhenTheStreamExists() {
        StreamId s = stream("Order-4");
        store.append(s, ExpectedVersion.NO_STREAM, events("a", 2));

        var result = store.append(s, ExpectedVersion.NO_STREAM, List.of(event("b")));

        assertThat(result).isEqualTo(new AppendResult.WrongExpectedVersion(s, ExpectedVersion.NO_STREAM, StreamVersion.of(1)));
    }

    @Test
    void refusesStreamExistsWhenTheStreamIsMissing() {
        StreamId s = stream("Order-5");

        var result = store.append(s, ExpectedVersion.STREAM_EXISTS, List.of(event("a")));

        assertThat(result).isEqualTo(new AppendResult.WrongExpectedVersion(s, ExpectedVersion.STREAM_EXISTS, null));
    }

    @Test
    void acceptsStreamExistsWhenTheStreamHasEvents() {
        StreamId s = stream("Order-6");
        store.append(s, ExpectedVersion.NO_STREAM, List.of(event("a")));

        var appended = assertAppended(store.append(s, ExpectedVersion.STREAM_EXISTS, List.of(event("b"))));

        assertThat(appended.lastVersion()).isEqualTo(StreamVersion.of(1));
    }

    @Test
    void acceptsAnExactVersionThatMatchesTheLastEvent() {
        StreamId s = stream("Order-7");
        store.append(s, ExpectedVersion.NO_STREAM, events("a", 3));

        var appended = assertAppended(store.append(s, ExpectedVersion.exact(2), List.of(event("b"))));

        assertThat(appended.lastVersion()).isEqualTo(StreamVersion.of(3));
    }

    @Test
    void refusesAStaleExactVersionAndReportsTheActualOne() {
        StreamId s = stream("Order-8");
        store.append(s, ExpectedVersion.NO_STREAM, events("a", 3));

        var result = store.append(s, ExpectedVersion.exact(1), List.of(event("b")));

        assertThat(result).isEqualTo(new AppendResult.WrongExpectedVersion(s, ExpectedVersion.exact(1), StreamVersion.of(2)));
    }

    @Test
    void refusesAnExactVersionForAMissingStream() {
        StreamId s = stream("Order-9");

        var result = store.append(s, ExpectedVersion.exact(0), List.of(event("a")));

        assertThat(result).isEqualTo(new AppendResult.WrongExpectedVersion(s, ExpectedVersion.exact(0), null));
    }

    @Test
    void acceptsAnyForNewAndExistingStreams() {
        StreamId s = stream("Order-10");
        assertAppended(store.append(s, ExpectedVersion.ANY, List.of(event("a"))));
        var appended = assertAppended(store.append(s, ExpectedVersion.ANY, List.of(event("b"))));

        assertThat(appended.lastVersion()).isEqualTo(StreamVersion.of(1));
    }

    @Test
    void aRefusedAppendWritesNothing() {
        StreamId s = stream("Order-11");
        store.append(s, ExpectedVersion.NO_STREAM, events("a", 2));
        GlobalPosition headBefore = head();

        store.append(s, ExpectedVersion.exact(0), events("b", 3));
        store.append(stream("Order-12"), ExpectedVersion.STREAM_EXISTS, events("c", 3));

        assertThat(readWholeStream(s)).hasSize(2);
        assertThat(store.readStream(stream("Order-12"), StreamVersion.FIRST, ReadDirection.FORWARD, 10))
                .isInstanceOf(ReadStreamResult.NotFound.class);
        assertThat(readAllFrom(GlobalPosition.START)).hasSize(2);
        assertThat(head()).isEqualTo(headBefore);
    }

    @Test
    void treatsAnEmptyBatchAndRepeatedIdsAsProgrammingErrors() {
        StreamId s = stream("Order-13");
        EventData once = event("a");

        assertThatThrownBy(() -> store.append(s, ExpectedVersion.ANY, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.append(s, ExpectedVersion.ANY, List.of(once, once)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.readStream(s, StreamVersion.FIRST, ReadDirection.FORWARD, 10))
                .isInstanceOf(ReadStreamResult.NotFound.class);
    }

    @Test
    void keepsPayloadBytesAndMetadataExactly() {
        StreamId s = stream("Order-14");
        byte[] oddJson = "{ \"b\" : 1,   \"a\":[2 ,3], \"s\":\"h\\u00e9llo ✓\" }".getBytes(StandardCharsets.UTF_8);
        byte[] big = new byte[64 * 1024];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ('a' + i % 26);
        }
        Metadata full = new Metadata("corr", "cause", "user", "tenant", Map.of("k1", "v1", "ключ", "значение"));
        List<EventData> written = List.of(
                new EventData(EventIds.newId(), "test.Odd", 3, oddJson, full),
                new EventData(EventIds.newId(), "test.Big", 1, big, Metadata.EMPTY),
                new EventData(EventIds.newId(), "test.Empty", 1, "{}".getBytes(StandardCharsets.UTF_8),
                        new Metadata(null, null, null, null, Map.of())));
        store.append(s, ExpectedVersion.NO_STREAM, written);

        List<RecordedEvent> read = readWholeStream(s);

        assertThat(read).extracting(RecordedEvent::event).containsExactlyElementsOf(written);
        assertThat(read).allSatisfy(e -> {
            assertThat(e.streamId()).isEqualTo(s);
            assertThat(e.recordedAt()).isNotNull();
        });
    }

    // ---- idempotent retries -------------------------------------------------------------------

    @Test
    void aRetryWithTheSameIdsAndExpectedVersionReturnsTheOriginalOutcome() {
        StreamId s = stream("Order-20");
        store.append(s, ExpectedVersion.NO_STREAM, events("a", 2));
        List<EventData> batch = events("b", 3);
        var first = store.append(s, ExpectedVersion.exact(1), batch);
        store.append(s, ExpectedVersion.exact(4), events("c", 1));

        var retry = store.append(s, ExpectedVersion.exact(1), batch);

        assertThat(retry).isEqualTo(first);
        assertThat(readWholeStream(s)).hasSize(6);
    }

    @Test
    void aRetryOfTheFirstAppendWithNoStreamReturnsTheOriginalOutcome() {
        StreamId s = stream("Order-21");
        List<EventData> batch = events("a", 2);
        var first = store.append(s, ExpectedVersion.NO_STREAM, batch);

        var retry = store.append(s, ExpectedVersion.NO_STREAM, batch);

        assertThat(retry).isEqualTo(first);
        assertThat(readWholeStream(s)).hasSize(2);
    }

    @Test
    void aRetryWithAnyRecognisesRecentEvents() {
        StreamId s = stream("Order-22");
        List<EventData> batch = events("a", 2);
        var first = store.append(s, ExpectedVersion.ANY, batch);
        store.append(s, ExpectedVersion.ANY, events("b", 5));

        var retry = store.append(s, ExpectedVersion.ANY, batch);

        assertThat(retry).isEqualTo(first);
        assertThat(readWholeStream(s)).hasSize(7);
    }

    @Test
    void aBatchThatOverlapsAnEarlierOneOnlyInPartIsAWrongExpectedVersion() {
        StreamId s = stream("Order-23");
        List<EventData> batch = events("a", 2);
        store.append(s, ExpectedVersion.NO_STREAM, batch);

        var result = store.append(s, ExpectedVersion.NO_STREAM, List.of(batch.get(0), event("new")));

        assertThat(result).isInstanceOf(AppendResult.WrongExpectedVersion.class);
        assertThat(readWholeStream(s)).hasSize(2);
    }

    @Test
    void aRetryIsRecognisedAfterARestart() {
        org.junit.jupiter.api.Assumptions.assumeTrue(isDurable(), "only durable stores keep data across restarts");
        StreamId s = stream("Order-24");
        List<EventData> batch = events("a", 3);
        var first = store.append(s, ExpectedVersion.NO_STREAM, batch);

        store = restart(store);
        var retry = store.append(s, ExpectedVersion.NO_STREAM, batch);

        assertThat(retry).isEqualTo(first);
        assertThat(readWholeStream(s)).hasSize(3);
    }

    @Test
    void findsTheEventsOfAnIdempotencyKey() {
        StreamId s = stream("Order-25");
        store.append(s, ExpectedVersion.NO_STREAM, events("a", 1));
        EventData keyed = event("b").withMetadata(TestEvents.metadata()
                .withEntry(Metadata.IDEMPOTENCY_KEY, "key-25").withEntry(Metadata.REQUEST_HASH, "hash-25"));
        var appended = assertAppended(store.append(s, ExpectedVersion.exact(0), List.of(keyed, event("c"))));

        assertThat(store.findIdempotencyKey("key-25")).isEqualTo(new IdempotencyLookup.Found(
                s, StreamVersion.of(1), StreamVersion.of(2), appended.lastPosition(), "hash-25"));
        assertThat(store.findIdempotencyKey("other")).isInstanceOf(IdempotencyLookup.NotFound.class);
    }

    @Test
    void theFirstAppendThatUsedAnIdempotencyKeyOwnsIt() {
        Metadata keyed = TestEvents.metadata().withEntry(Metadata.IDEMPOTENCY_KEY, "key-26");
        var first = assertAppended(store.append(stream("Order-26"), ExpectedVersion.NO_STREAM, List.of(event("a").withMetadata(keyed))));
        store.append(stream("Order-27"), ExpectedVersion.NO_STREAM, List.of(event("b").withMetadata(keyed)));

        var found = (IdempotencyLookup.Found) store.findIdempotencyKey("key-26");

        assertThat(found.stream()).isEqualTo(stream("Order-26"));
        assertThat(found.lastPosition()).isEqualTo(first.lastPosition());
    }

    @Test
    void keepsEventsAndIdempotencyKeysAcrossARestart() {
        org.junit.jupiter.api.Assumptions.assumeTrue(isDurable(), "only durable stores keep data across restarts");
        StreamId s = stream("Order-28");
        EventData keyed = event("a").withMetadata(TestEvents.metadata().withEntry(Metadata.IDEMPOTENCY_KEY, "key-28"));
        store.append(s, ExpectedVersion.NO_STREAM, List.of(keyed, event("b")));
        List<RecordedEvent> before = readAllFrom(GlobalPosition.START);

        store = restart(store);

        assertThat(readAllFrom(GlobalPosition.START)).isEqualTo(before);
        assertThat(store.findIdempotencyKey("key-28")).isInstanceOf(IdempotencyLookup.Found.class);
        var next = assertAppended(store.append(s, ExpectedVersion.exact(1), List.of(event("c"))));
        assertThat(next.lastVersion()).isEqualTo(StreamVersion.of(2));
        assertThat(next.lastPosition()).isGreaterThan(before.getLast().position());
    }

    // ---- stream reads -------------------------------------------------------------------------

    @Test
    void readsAStreamForwardFromAVersionInPages() {
        StreamId s = stream("Order-30");
        store.append(s, ExpectedVersion.NO_STREAM, events("a", 10));

        var page = (ReadStreamResult.Found) store.readStream(s, StreamVersion.of(3), ReadDirection.FORWARD, 4);
        var rest = (ReadStreamResult.Found) store.readStream(s, StreamVersion.of(7), ReadDirection.FORWARD, 4);

        assertThat(page.events()).extracting(e -> e.version().value()).containsExactly(3L, 4L, 5L, 6L);
        assertThat(page.isEndOfStream()).isFalse();
        assertThat(page.lastVersion()).isEqualTo(StreamVersion.of(9));
        assertThat(rest.events()).extracting(e -> e.version().value()).containsExactly(7L, 8L, 9L);
        assertThat(rest.isEndOfStream()).isTrue();
    }

    @Test
    void readingForwardFromPastTheLastVersionFindsTheStreamWithNoEvents() {
        StreamId s = stream("Order-39");
        store.append(s, ExpectedVersion.NO_STREAM, events("a", 3));

        var after = (ReadStreamResult.Found) store.readStream(s, StreamVersion.of(3), ReadDirection.FORWARD, 10);

        assertThat(after.events()).isEmpty();
        assertThat(after.isEndOfStream()).isTrue();
        assertThat(after.lastVersion()).isEqualTo(StreamVersion.of(2));
    }

    @Test
    void readsAStreamBackwardFromTheEndOrFromAVersion() {
        StreamId s = stream("Order-31");
        store.append(s, ExpectedVersion.NO_STREAM, events("a", 5));

        var fromEnd = (ReadStreamResult.Found) store.readStream(s, StreamVersion.END, ReadDirection.BACKWARD, 2);
        var fromTwo = (ReadStreamResult.Found) store.readStream(s, StreamVersion.of(2), ReadDirection.BACKWARD, 10);

        assertThat(fromEnd.events()).extracting(e -> e.version().value()).containsExactly(4L, 3L);
        assertThat(fromEnd.isEndOfStream()).isFalse();
        assertThat(fromTwo.events()).extracting(e -> e.version().value()).containsExactly(2L, 1L, 0L);
        assertThat(fromTwo.isEndOfStream()).isTrue();
    }

    @Test
    void readingPastTheEndOfAStreamReturnsNoEvents() {
        StreamId s = stream("Order-32");
        store.append(s, ExpectedVersion.NO_STREAM, events("a", 2));

        var read = (ReadStreamResult.Found) store.readStream(s, StreamVersion.of(5), ReadDirection.FORWARD, 10);

        assertThat(read.events()).isEmpty();
        assertThat(read.isEndOfStream()).isTrue();
        assertThat(read.lastVersion()).isEqualTo(StreamVersion.of(1));
    }

    @Test
    void readingAMissingStreamSaysNotFound() {
        assertThat(store.readStream(stream("Order-33"), StreamVersion.FIRST, ReadDirection.FORWARD, 10))
                .isEqualTo(new ReadStreamResult.NotFound(stream("Order-33")));
        assertThat(store.readStream(stream("Order-33"), StreamVersion.END, ReadDirection.BACKWARD, 10))
                .isEqualTo(new ReadStreamResult.NotFound(stream("Order-33")));
    }

    @Test
    void refusesANonPositiveMaxCount() {
        assertThatThrownBy(() -> store.readStream(stream("Order-34"), StreamVersion.FIRST, ReadDirection.FORWARD, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.readAll(GlobalPosition.START, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- $all and categories ------------------------------------------------------------------

    @Test
    void readsAllStreamsInAppendOrderWithStrictlyIncreasingPositions() {
        store.append(stream("Order-40"), ExpectedVersion.NO_STREAM, events("a", 2));
        store.append(stream("Inventory-40"), ExpectedVersion.NO_STREAM, events("b", 1));
        store.append(stream("Order-40"), ExpectedVersion.exact(1), events("c", 2));

        List<RecordedEvent> all = readAllFrom(GlobalPosition.START);

        assertThat(all).extracting(e -> TestEvents.body(e.event())).containsExactly("a-0", "a-1", "b-0", "c-0", "c-1");
        assertStrictlyIncreasingPositions(all);
    }

    @Test
    void readsAllAfterAnyPositionIncludingOnesBetweenEvents() {
        store.append(stream("Order-41"), ExpectedVersion.NO_STREAM, events("a", 5));
        List<RecordedEvent> all = readAllFrom(GlobalPosition.START);

        for (int i = 0; i < all.size(); i++) {
            long justBefore = all.get(i).position().value() - 1;
            List<RecordedEvent> after = readAllFrom(GlobalPosition.of(justBefore));
            assertThat(after).as("after %d", justBefore).isEqualTo(all.subList(i, all.size()));
            assertThat(readAllFrom(all.get(i).position())).isEqualTo(all.subList(i + 1, all.size()));
        }
    }

    @Test
    void pagesThroughAllWithHeadAndEndMarkers() {
        store.append(stream("Order-42"), ExpectedVersion.NO_STREAM, events("a", 7));

        var first = (ReadAllResult.Page) store.readAll(GlobalPosition.START, 5);
        var second = (ReadAllResult.Page) store.readAll(first.events().getLast().position(), 5);

        assertThat(first.events()).hasSize(5);
        assertThat(first.isEnd()).isFalse();
        assertThat(second.events()).hasSize(2);
        assertThat(second.isEnd()).isTrue();
        assertThat(second.head()).isEqualTo(second.events().getLast().position());
        var empty = (ReadAllResult.Page) store.readAll(second.head(), 5);
        assertThat(empty.events()).isEmpty();
        assertThat(empty.isEnd()).isTrue();
    }

    @Test
    void readsOneCategoryInPositionOrder() {
        store.append(stream("Order-43"), ExpectedVersion.NO_STREAM, events("o1", 2));
        store.append(stream("Inventory-43"), ExpectedVersion.NO_STREAM, events("i", 2));
        store.append(stream("Order-44"), ExpectedVersion.NO_STREAM, events("o2", 1));
        store.append(stream("OrderLine-1"), ExpectedVersion.NO_STREAM, events("x", 1));
        store.append(stream("Order"), ExpectedVersion.NO_STREAM, events("bare", 1));

        List<RecordedEvent> orders = readCategoryFrom("Order", GlobalPosition.START);

        assertThat(orders).extracting(e -> TestEvents.body(e.event())).containsExactly("o1-0", "o1-1", "o2-0", "bare-0");
        assertStrictlyIncreasingPositions(orders);
        var afterFirst = readCategoryFrom("Order", orders.get(1).position());
        assertThat(afterFirst).extracting(e -> TestEvents.body(e.event())).containsExactly("o2-0", "bare-0");
        assertThat(readCategoryFrom("Nothing", GlobalPosition.START)).isEmpty();
    }

    // ---- waiting and subscriptions ------------------------------------------------------------

    @Test
    void awaitingAPositionReturnsAtOnceWhenItIsPassedAndTimesOutOtherwise() {
        var appended = assertAppended(store.append(stream("Order-50"), ExpectedVersion.NO_STREAM, events("a", 1)));

        assertThat(store.awaitPositionAfter(GlobalPosition.START, Duration.ofSeconds(5))).isTrue();
        long started = System.nanoTime();
        assertThat(store.awaitPositionAfter(appended.lastPosition(), Duration.ofMillis(100))).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(90));
    }

    @Test
    void awaitingAPositionWakesUpWhenAnotherThreadAppends() throws Exception {
        GlobalPosition head = head();
        var waiter = Executors.newSingleThreadExecutor();
        try {
            Future<Boolean> woke = waiter.submit(() -> store.awaitPositionAfter(head, WAIT));
            store.append(stream("Order-51"), ExpectedVersion.NO_STREAM, events("a", 1));
            assertThat(woke.get(WAIT.toSeconds() + 5, TimeUnit.SECONDS)).isTrue();
        } finally {
            waiter.shutdownNow();
        }
    }

    @Test
    void aSubscriptionCatchesUpThenGoesLiveWithoutGapOrDuplicate() throws Exception {
        StreamId s = stream("Order-52");
        store.append(s, ExpectedVersion.NO_STREAM, events("old", 50));
        List<RecordedEvent> received = new ArrayList<>();
        try (Subscription subscription = store.subscribeToAll(GlobalPosition.START)) {
            pollUntil(subscription, received, 50);
            var writer = Executors.newSingleThreadExecutor();
            try {
                Future<?> writes = writer.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        assertAppended(store.append(s, ExpectedVersion.ANY, List.of(event("new-" + i))));
                    }
                });
                pollUntil(subscription, received, 100);
                writes.get(30, TimeUnit.SECONDS);
            } finally {
                writer.shutdownNow();
            }
            assertThat(subscription.position()).isEqualTo(received.getLast().position());
        }
        assertThat(received).isEqualTo(readAllFrom(GlobalPosition.START));
        assertStrictlyIncreasingPositions(received);
    }

    @Test
    void aSubscriptionStartsAfterTheGivenPosition() {
        store.append(stream("Order-53"), ExpectedVersion.NO_STREAM, events("a", 6));
        List<RecordedEvent> all = readAllFrom(GlobalPosition.START);
        List<RecordedEvent> received = new ArrayList<>();

        try (Subscription subscription = store.subscribeToAll(all.get(2).position())) {
            pollUntil(subscription, received, 3);
            var more = subscription.poll(10, Duration.ofMillis(50));
            assertThat(((Subscription.Poll.Events) more).events()).isEmpty();
            assertThat(((Subscription.Poll.Events) more).isCaughtUp()).isTrue();
        }
        assertThat(received).isEqualTo(all.subList(3, 6));
    }

    @Test
    void aCategorySubscriptionDeliversOnlyThatCategory() {
        store.append(stream("Order-54"), ExpectedVersion.NO_STREAM, events("o", 2));
        store.append(stream("Inventory-54"), ExpectedVersion.NO_STREAM, events("i", 2));
        List<RecordedEvent> received = new ArrayList<>();

        try (Subscription subscription = store.subscribeToCategory("Inventory", GlobalPosition.START)) {
            pollUntil(subscription, received, 2);
            store.append(stream("Order-54"), ExpectedVersion.ANY, events("o-late", 1));
            store.append(stream("Inventory-55"), ExpectedVersion.ANY, events("i-late", 1));
            pollUntil(subscription, received, 3);
        }
        assertThat(received).extracting(e -> TestEvents.body(e.event())).containsExactly("i-0", "i-1", "i-late-0");
    }

    @Test
    void aClosedSubscriptionSaysSo() {
        Subscription subscription = store.subscribeToAll(GlobalPosition.START);
        subscription.close();

        assertThat(subscription.poll(10, Duration.ofMillis(10))).isInstanceOf(Subscription.Poll.Closed.class);
    }

    // ---- concurrency --------------------------------------------------------------------------

    @Test
    void sixteenWritersRacingOnOneExpectedVersionProduceExactlyOneWinnerPerVersion() throws Exception {
        StreamId s = stream("Order-60");
        int threads = 16;
        int rounds = 40;
        AtomicInteger wins = new AtomicInteger();
        AtomicInteger losses = new AtomicInteger();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        CyclicBarrier barrier = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    for (int round = 0; round < rounds; round++) {
                        barrier.await(30, TimeUnit.SECONDS);
                        var expected = round == 0 ? ExpectedVersion.NO_STREAM : ExpectedVersion.exact(round - 1);
                        switch (store.append(s, expected, List.of(event("r" + round)))) {
                            case AppendResult.Appended a -> {
                                wins.incrementAndGet();
                                if (a.lastVersion().value() != round) {
                                    problems.add("winner of round " + round + " got version " + a.lastVersion());
                                }
                            }
                            case AppendResult.WrongExpectedVersion w -> losses.incrementAndGet();
                            case AppendResult.Failed f -> problems.add("failed: " + f.failure());
                        }
                        barrier.await(30, TimeUnit.SECONDS);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(problems).isEmpty();
        assertThat(wins.get()).isEqualTo(rounds);
        assertThat(losses.get()).isEqualTo(rounds * (threads - 1));
        assertThat(readWholeStream(s)).extracting(e -> e.version().value())
                .containsExactlyElementsOf(java.util.stream.LongStream.range(0, rounds).boxed().toList());
    }

    @Test
    void aSubscriberRunningWhileWritersWriteMissesNothingAndSeesIncreasingPositions() throws Exception {
        int writers = 4;
        int perWriter = 150;
        Set<UUID> written = java.util.concurrent.ConcurrentHashMap.newKeySet();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<RecordedEvent> received = new ArrayList<>();
        try (Subscription subscription = store.subscribeToAll(GlobalPosition.START)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perWriter; i++) {
                        StreamId s = stream("Order-6" + writer + "x" + (i % 7));
                        List<EventData> batch = i % 5 == 0 ? events("w" + writer + "-" + i, 3) : List.of(event("w" + writer + "-" + i));
                        if (store.append(s, ExpectedVersion.ANY, batch) instanceof AppendResult.Appended) {
                            batch.forEach(e -> written.add(e.eventId()));
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
            pollUntil(subscription, received, written.size());
        } finally {
            pool.shutdownNow();
        }
        assertStrictlyIncreasingPositions(received);
        Set<UUID> seen = new HashSet<>();
        received.forEach(e -> assertThat(seen.add(e.eventId())).as("duplicate %s", e.eventId()).isTrue());
        assertThat(seen).isEqualTo(written);
    }

    @Test
    void appendsAfterCloseAreRefusedAsUnavailable() {
        store.append(stream("Order-70"), ExpectedVersion.NO_STREAM, events("a", 1));
        store.close();

        var result = store.append(stream("Order-70"), ExpectedVersion.ANY, events("b", 1));

        assertThat(result).isInstanceOfSatisfying(AppendResult.Failed.class,
                f -> assertThat(f.failure().kind()).isEqualTo(StorageFailure.Kind.UNAVAILABLE));
        store = null;
    }

    // ---- helpers ------------------------------------------------------------------------------

    protected static StreamId stream(String id) {
        return StreamId.of(id);
    }

    protected static AppendResult.Appended assertAppended(AppendResult result) {
        assertThat(result).isInstanceOf(AppendResult.Appended.class);
        return (AppendResult.Appended) result;
    }

    protected List<RecordedEvent> readWholeStream(StreamId s) {
        List<RecordedEvent> events = new ArrayList<>();
        StreamVersion from = StreamVersion.FIRST;
        while (true) {
            var read = store.readStream(s, from, ReadDirection.FORWARD, 100);
            assertThat(read).isInstanceOf(ReadStreamResult.Found.class);
            var found = (ReadStreamResult.Found) read;
            events.addAll(found.events());
            if (found.isEndOfStream() || found.events().isEmpty()) {
                return events;
            }
            from = found.events().getLast().version().next();
        }
    }

    protected List<RecordedEvent> readAllFrom(GlobalPosition after) {
        return readPages(after, null);
    }

    protected List<RecordedEvent> readCategoryFrom(String category, GlobalPosition after) {
        return readPages(after, category);
    }

    private List<RecordedEvent> readPages(GlobalPosition after, String category) {
        List<RecordedEvent> events = new ArrayList<>();
        GlobalPosition cursor = after;
        while (true) {
            var read = category == null ? store.readAll(cursor, 100) : store.readCategory(category, cursor, 100);
            assertThat(read).isInstanceOf(ReadAllResult.Page.class);
            var page = (ReadAllResult.Page) read;
            events.addAll(page.events());
            if (!page.events().isEmpty()) {
                cursor = page.events().getLast().position();
            }
            if (page.isEnd()) {
                return events;
            }
        }
    }

    protected GlobalPosition head() {
        return ((ReadAllResult.Page) store.readAll(GlobalPosition.START, 1)).head();
    }

    protected static void assertStrictlyIncreasingPositions(List<RecordedEvent> events) {
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).position()).as("position at index %d", i).isGreaterThan(events.get(i - 1).position());
        }
    }

    private static void pollUntil(Subscription subscription, List<RecordedEvent> received, int count) {
        long deadline = System.nanoTime() + WAIT.toNanos() * 3;
        while (received.size() < count) {
            assertThat(System.nanoTime()).as("received %d of %d events in time", received.size(), count).isLessThan(deadline);
            switch (subscription.poll(64, Duration.ofMillis(200))) {
                case Subscription.Poll.Events e -> received.addAll(e.events());
                case Subscription.Poll.Failed f -> throw new AssertionError("subscription failed: " + f.failure());
                case Subscription.Poll.Closed c -> throw new AssertionError("subscription closed");
            }
        }
    }
}
