// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.core.event.EventData;
import dev.annals.core.event.Metadata;
import dev.annals.core.event.RecordedEvent;
import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.StreamId;
import dev.annals.core.store.StreamVersion;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class DecodeAheadTest {

    /** A folder whose prepare() is the given function; apply() is never called here. */
    private static Folder<String> folder(Function<RecordedEvent, Object> prepare) {
        return new Folder<>() {
            @Override
            public void apply(RecordedEvent event, Batch<String> batch) {
                throw new AssertionError("not used");
            }

            @Override
            public boolean prepares() {
                return true;
            }

            @Override
            public Object prepare(RecordedEvent event) {
                return prepare.apply(event);
            }
        };
    }

    private static List<RecordedEvent> events(int count) {
        List<RecordedEvent> events = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            events.add(new RecordedEvent(StreamId.of("s-" + (i % 7)), StreamVersion.of(i), GlobalPosition.of(i),
                    Instant.EPOCH, new EventData(UUID.randomUUID(), "t", 1,
                    ("payload-" + i).getBytes(StandardCharsets.UTF_8), Metadata.EMPTY)));
        }
        return events;
    }

    private static String payload(RecordedEvent event) {
        return new String(event.data(), StandardCharsets.UTF_8);
    }

    @Test
    void preparesEveryWantedEventOfALargeBatchInItsOwnSlotUsingTheHelperThread() {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<RecordedEvent> events = events(5_000);
        try (var ahead = new DecodeAhead(folder(e -> {
            threads.add(Thread.currentThread().getName());
            return payload(e);
        }), "t")) {
            for (int round = 0; round < 20; round++) {
                DecodeAhead.Prepared prepared = ahead.prepare(events, e -> e.position().value() % 3 != 0);

                for (int i = 0; i < events.size(); i++) {
                    RecordedEvent event = events.get(i);
                    assertThat(prepared.get(i)).isEqualTo(event.position().value() % 3 != 0 ? payload(event) : null);
                }
            }
        }
        assertThat(threads).contains(Thread.currentThread().getName(), "annals-decode-t");
    }

    @Test
    void servesIndexesAskedForSparselyInRisingOrder() {
        List<RecordedEvent> events = events(3_000);
        try (var ahead = new DecodeAhead(folder(DecodeAheadTest::payload), "t")) {
            DecodeAhead.Prepared prepared = ahead.prepare(events, e -> true);

            for (int i = 5; i < events.size(); i += 97) {
                assertThat(prepared.get(i)).isEqualTo(payload(events.get(i)));
            }
        }
    }

    @Test
    void leavesASmallBatchToTheFold() {
        try (var ahead = new DecodeAhead(folder(DecodeAheadTest::payload), "t")) {
            DecodeAhead.Prepared prepared = ahead.prepare(events(DecodeAhead.MIN_EVENTS - 1), e -> true);

            for (int i = 0; i < DecodeAhead.MIN_EVENTS - 1; i++) {
                assertThat(prepared.get(i)).isNull();
            }
        }
    }

    @Test
    void aPrepareThatThrowsLeavesItsSlotEmptyForTheFoldToMeetTheFailure() {
        List<RecordedEvent> events = events(1_000);
        try (var ahead = new DecodeAhead(folder(e -> {
            if (e.position().value() == 500) {
                throw new IllegalStateException("poison");
            }
            return payload(e);
        }), "t")) {
            DecodeAhead.Prepared prepared = ahead.prepare(events, e -> true);

            assertThat(prepared.get(498)).isEqualTo("payload-499");
            assertThat(prepared.get(499)).isNull();
            assertThat(prepared.get(500)).isEqualTo("payload-501");
        }
    }

    @Test
    void neverWaitsForAHelperThatStalls() throws Exception {
        var release = new CountDownLatch(1);
        var stalled = new CountDownLatch(1);
        List<RecordedEvent> events = events(2_000);
        try (var ahead = new DecodeAhead(folder(e -> {
            try {
                if (Thread.currentThread().getName().startsWith("annals-decode-")) {
                    stalled.countDown();
                    release.await();  // the helper stalls in its first chunk until the test ends
                } else {
                    stalled.await();  // the runner goes on once the helper holds a chunk
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            return payload(e);
        }), "t")) {
            for (int round = 0; round < 3; round++) {
                DecodeAhead.Prepared prepared = ahead.prepare(events, e -> true);

                for (int i = 0; i < events.size(); i++) {
                    assertThat(prepared.get(i)).isEqualTo(payload(events.get(i)));
                }
            }
            assertThat(stalled.getCount()).isZero();
        } finally {
            release.countDown();
        }
    }

    @Test
    void pollsAheadOnTheHelperThreadThenDecodesWhatItPolled() {
        var store = new dev.annals.core.memory.InMemoryEventStore();
        for (int i = 0; i < 10; i++) {
            store.append(StreamId.of("s-" + i), new dev.annals.core.store.ExpectedVersion.Any(),
                    events(100).stream().map(RecordedEvent::event).toList());
        }
        Set<String> pollers = ConcurrentHashMap.newKeySet();
        try (var ahead = new DecodeAhead(folder(DecodeAheadTest::payload), "t");
             var subscription = new ForwardingSubscription(store.subscribeToAll(GlobalPosition.START)) {
                 @Override
                 public Poll poll(int maxCount, java.time.Duration timeout) {
                     pollers.add(Thread.currentThread().getName());
                     return inner.poll(maxCount, timeout);
                 }
             }) {
            DecodeAhead.Ahead polled = ahead.pollAhead(subscription, 600, java.time.Duration.ZERO, e -> true).join();

            var events = ((dev.annals.core.store.Subscription.Poll.Events) polled.poll()).events();
            assertThat(events).hasSize(600);
            assertThat(polled.position()).isEqualTo(events.get(599).position());
            for (int i = 0; i < events.size(); i++) {
                assertThat(polled.prepared().get(i)).isEqualTo(payload(events.get(i)));
            }
            assertThat(pollers).containsExactly("annals-decode-t");
        }
    }

    @Test
    void aPollAheadThatThrowsCompletesItsResultWithTheFailure() {
        var failing = new dev.annals.core.store.Subscription() {
            @Override
            public Poll poll(int maxCount, java.time.Duration timeout) {
                throw new IllegalStateException("broken source");
            }

            @Override
            public GlobalPosition position() {
                return GlobalPosition.START;
            }

            @Override
            public void close() {
            }
        };
        try (var ahead = new DecodeAhead(folder(DecodeAheadTest::payload), "t")) {
            var result = ahead.pollAhead(failing, 100, java.time.Duration.ZERO, e -> true);

            assertThat(result).failsWithin(java.time.Duration.ofSeconds(5))
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .withCauseInstanceOf(IllegalStateException.class);
        }
    }
}
