// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.postgres;

import static dev.annals.testing.contract.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.core.event.EventData;
import dev.annals.core.event.RecordedEvent;
import dev.annals.core.store.AppendResult;
import dev.annals.core.store.ExpectedVersion;
import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.StreamId;
import dev.annals.core.store.Subscription;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/*
 * The "skipped events" bug, provoked on purpose
 * ---------------------------------------------
 * Ten writers each run transactions of their own: append (the store's own append_events, so the
 * position is assigned exactly as in production), then hold the transaction open for a random
 * 0-40 ms, then commit or (one in eight) roll back. Transactions that took their position early
 * therefore commit after ones that took it later. Three subscribers read through the store's
 * visibility rule; a naive reader in the same run reads "position > last seen" straight from the
 * table. The subscribers must see every committed event exactly once in increasing order; the
 * naive reader must miss some, which proves the workload really produces late commits below an
 * already-seen position (so this test can fail).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PostgresGapSafetyTest {
    private static final int WRITERS = 10;
    private static final int TRANSACTIONS_PER_WRITER = 150;
    private static final int SUBSCRIBERS = 3;

    private PostgresEventStore store;
    private String url;

    @BeforeEach
    void openStore() {
        url = PgTestServer.newDatabase("gaps");
        store = PgTestServer.open(PgTestServer.config(url, "annals").withMaxPoolSize(10));
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void subscribersMissNothingWhileANaiveReaderOfTheSameRunMissesEvents() throws Exception {
        Set<UUID> committed = ConcurrentHashMap.newKeySet();
        Set<UUID> rolledBack = ConcurrentHashMap.newKeySet();
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch writersDone = new CountDownLatch(WRITERS);
        ExecutorService threads = Executors.newFixedThreadPool(WRITERS + SUBSCRIBERS + 1);
        try {
            List<Future<List<RecordedEvent>>> subscribers = new ArrayList<>();
            for (int i = 0; i < SUBSCRIBERS; i++) {
                subscribers.add(threads.submit(() -> subscribe(start, writersDone)));
            }
            Future<Set<UUID>> naive = threads.submit(() -> readNaively(start, writersDone));
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(threads.submit(() -> {
                    write(writer, start, committed, rolledBack);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> writer : writers) {
                writer.get(90, TimeUnit.SECONDS);
                writersDone.countDown();
            }

            assertThat(committed).hasSizeGreaterThan(WRITERS * TRANSACTIONS_PER_WRITER / 2);
            assertThat(rolledBack).isNotEmpty();
            for (Future<List<RecordedEvent>> subscriber : subscribers) {
                List<RecordedEvent> received = subscriber.get(60, TimeUnit.SECONDS);
                Set<UUID> seen = new HashSet<>();
                for (int i = 0; i < received.size(); i++) {
                    assertThat(seen.add(received.get(i).eventId())).as("duplicate at %d", i).isTrue();
                    if (i > 0) {
                        assertThat(received.get(i).position()).as("order at %d", i)
                                .isGreaterThan(received.get(i - 1).position());
                    }
                }
                assertThat(seen).as("skipped or foreign events").isEqualTo(committed);
            }
            Set<UUID> naivelySeen = naive.get(60, TimeUnit.SECONDS);
            Set<UUID> missedByNaiveReader = new HashSet<>(committed);
            missedByNaiveReader.removeAll(naivelySeen);
            System.out.printf("gap safety: %d events committed, %d rolled back, %d subscribers missed none, "
                    + "the naive reader missed %d%n", committed.size(), rolledBack.size(), SUBSCRIBERS,
                    missedByNaiveReader.size());
            assertThat(missedByNaiveReader).as("the naive reader must miss late commits").isNotEmpty();
        } finally {
            threads.shutdownNow();
        }
    }

    private void write(int writer, CountDownLatch start, Set<UUID> committed, Set<UUID> rolledBack) throws Exception {
        SplittableRandom random = new SplittableRandom(writer * 7919L);
        start.await();
        try (Connection connection = PgTestServer.connect(url);
             PreparedStatement delay = connection.prepareStatement("select pg_sleep(?)")) {
            connection.setAutoCommit(false);
            for (int t = 0; t < TRANSACTIONS_PER_WRITER; t++) {
                StreamId stream = StreamId.of("Gap-" + writer + "x" + (t % 4));
                List<EventData> batch = new ArrayList<>();
                for (int e = random.nextInt(1, 4); e > 0; e--) {
                    batch.add(event("w" + writer + "-t" + t + "-" + e));
                }
                AppendResult result = store.appendWithin(connection, stream, ExpectedVersion.ANY, batch);
                assertThat(result).isInstanceOf(AppendResult.Appended.class);
                delay.setDouble(1, random.nextInt(0, 41) / 1000.0);
                delay.execute();
                if (random.nextInt(8) == 0) {
                    connection.rollback();
                    batch.forEach(e -> rolledBack.add(e.eventId()));
                } else {
                    connection.commit();
                    batch.forEach(e -> committed.add(e.eventId()));
                }
            }
        }
    }

    /**
     * Reads through the store until a poll that started after the last writer committed comes back
     * empty and caught up: from then on nothing committed can still be missing.
     */
    private List<RecordedEvent> subscribe(CountDownLatch start, CountDownLatch writersDone) throws InterruptedException {
        List<RecordedEvent> received = new ArrayList<>();
        start.await();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(100);
        try (Subscription subscription = store.subscribeToAll(GlobalPosition.START)) {
            while (System.nanoTime() < deadline) {
                boolean writersFinished = writersDone.getCount() == 0;
                switch (subscription.poll(500, Duration.ofMillis(100))) {
                    case Subscription.Poll.Events events -> {
                        if (events.events().isEmpty() && events.isCaughtUp() && writersFinished) {
                            return received;
                        }
                        received.addAll(events.events());
                    }
                    case Subscription.Poll.Failed failed -> throw new AssertionError("subscription failed: " + failed);
                    case Subscription.Poll.Closed closed -> throw new AssertionError("subscription closed");
                }
            }
        }
        return received;
    }

    /** "Next position greater than the last one seen", without the visibility rule: the classic bug. */
    private Set<UUID> readNaively(CountDownLatch start, CountDownLatch writersDone) throws Exception {
        Set<UUID> seen = new HashSet<>();
        long last = 0;
        start.await();
        try (Connection connection = PgTestServer.connect(url);
             PreparedStatement read = connection.prepareStatement(
                     "select position, event_id from annals.events where position > ? order by position limit 100")) {
            boolean finalPass = false;
            while (true) {
                boolean writersFinished = writersDone.getCount() == 0;
                int rows = 0;
                read.setLong(1, last);
                try (ResultSet rs = read.executeQuery()) {
                    while (rs.next()) {
                        last = rs.getLong(1);
                        seen.add(rs.getObject(2, UUID.class));
                        rows++;
                    }
                }
                if (rows == 0 && finalPass) {
                    return seen;
                }
                finalPass = writersFinished;
            }
        } catch (SQLException e) {
            throw new AssertionError("naive reader failed", e);
        }
    }
}
