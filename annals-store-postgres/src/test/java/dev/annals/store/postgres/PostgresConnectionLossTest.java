// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.postgres;

import static dev.annals.testing.contract.TestEvents.events;
import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.core.event.EventData;
import dev.annals.core.event.RecordedEvent;
import dev.annals.core.store.AppendResult;
import dev.annals.core.store.ExpectedVersion;
import dev.annals.core.store.ReadDirection;
import dev.annals.core.store.ReadStreamResult;
import dev.annals.core.store.StorageFailure;
import dev.annals.core.store.StreamId;
import dev.annals.core.store.StreamVersion;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Appends whose connection dies: the server kills the appending backend (pg_terminate_backend)
 * while its statement runs, the caller gets UNAVAILABLE, and retries with the same event ids.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PostgresConnectionLossTest {
    private PostgresEventStore store;
    private String url;

    @BeforeEach
    void openStore() {
        url = PgTestServer.newDatabase("loss");
        store = PgTestServer.open(PgTestServer.config(url, "annals"));
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void aRetriedAppendAfterTheConnectionWasKilledMidStatementStoresTheEventsOnce() throws Exception {
        StreamId stream = StreamId.of("Order-loss");
        List<EventData> first = events("first", 1);
        store.append(stream, ExpectedVersion.NO_STREAM, first);
        List<EventData> batch = events("retried", 2);

        AppendResult killed;
        // the observer polls pg_stat_activity in autocommit: a transaction keeps its first snapshot of it
        try (Connection blocker = PgTestServer.connect(url); Connection observer = PgTestServer.connect(url)) {
            blocker.setAutoCommit(false);
            try (PreparedStatement lock = blocker.prepareStatement(
                    "select last_version from annals.streams where stream_id = ? for update")) {
                lock.setString(1, stream.value());
                lock.executeQuery().close();
            }
            // its own thread: the common pool may be small or busy on a loaded 2-core machine
            CompletableFuture<AppendResult> append = new CompletableFuture<>();
            Thread.ofPlatform().name("blocked-appender").start(
                    () -> append.complete(store.append(stream, ExpectedVersion.exact(0), batch)));
            terminate(observer, waitingAppender(observer, append));
            killed = append.get(30, TimeUnit.SECONDS);
            blocker.rollback();
        }
        AppendResult retry = store.append(stream, ExpectedVersion.exact(0), batch);
        AppendResult retryOfTheRetry = store.append(stream, ExpectedVersion.exact(0), batch);

        assertThat(killed).isInstanceOfSatisfying(AppendResult.Failed.class,
                f -> assertThat(f.failure().kind()).isEqualTo(StorageFailure.Kind.UNAVAILABLE));
        assertThat(retry).isInstanceOfSatisfying(AppendResult.Appended.class,
                a -> assertThat(a.lastVersion()).isEqualTo(StreamVersion.of(2)));
        assertThat(retryOfTheRetry).isEqualTo(retry);
        assertThat(readStream(stream)).extracting(RecordedEvent::eventId)
                .containsExactly(first.getFirst().eventId(), batch.get(0).eventId(), batch.get(1).eventId());
    }

    @Test
    void appendsRecoverWhenTheServerDropsEveryPooledConnection() throws Exception {
        StreamId stream = StreamId.of("Order-drop");
        store.append(stream, ExpectedVersion.NO_STREAM, events("before", 1));
        try (Connection admin = PgTestServer.connect(url);
             PreparedStatement kill = admin.prepareStatement("select count(pg_terminate_backend(pid)) from pg_stat_activity "
                     + "where datname = current_database() and application_name = 'annals' and pid <> pg_backend_pid()")) {
            try (ResultSet rs = kill.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).isPositive();
            }
        }
        List<EventData> batch = events("after", 1);

        AppendResult first = store.append(stream, ExpectedVersion.exact(0), batch);
        AppendResult settled = first instanceof AppendResult.Failed
                ? store.append(stream, ExpectedVersion.exact(0), batch)
                : first;

        assertThat(settled).isInstanceOf(AppendResult.Appended.class);
        assertThat(store.append(stream, ExpectedVersion.exact(0), batch)).isEqualTo(settled);
        assertThat(readStream(stream)).hasSize(2);
    }

    /** The backend pid of the store's append that waits for the blocker's row lock. */
    private static int waitingAppender(Connection admin, CompletableFuture<AppendResult> append)
            throws SQLException, InterruptedException {
        try (PreparedStatement find = admin.prepareStatement("select pid from pg_stat_activity where datname = "
                + "current_database() and wait_event_type = 'Lock' and query like '%annals append%'")) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                if (append.isDone()) {
                    throw new AssertionError("the append finished without waiting for the stream lock: " + append.getNow(null));
                }
                try (ResultSet rs = find.executeQuery()) {
                    if (rs.next()) {
                        return rs.getInt(1);
                    }
                }
                TimeUnit.MILLISECONDS.sleep(10);  // the append runs on another thread; nothing to wait on but the server
            }
        }
        throw new AssertionError("the append never blocked on the stream lock");
    }

    private static void terminate(Connection admin, int pid) throws SQLException {
        try (PreparedStatement kill = admin.prepareStatement("select pg_terminate_backend(?)")) {
            kill.setInt(1, pid);
            kill.executeQuery().close();
        }
    }

    private List<RecordedEvent> readStream(StreamId stream) {
        var read = (ReadStreamResult.Found) store.readStream(stream, StreamVersion.FIRST, ReadDirection.FORWARD, 100);
        return read.events();
    }
}
