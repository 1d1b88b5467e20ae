// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.core.decider.StateCodec;
import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.StorageFailure;
import dev.annals.core.view.ViewStore;
import dev.annals.core.view.ViewStore.Change;
import dev.annals.core.view.ViewStore.CheckpointLoad;
import dev.annals.core.view.ViewStore.CommitResult;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The JDBC view store: states and checkpoint in one transaction, fencing, schema changes. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PostgresViewStoreTest {
    private PostgresEventStore store;
    private String url;

    /** States are UTF-8 strings; the schema version is the test's choice. */
    private record TextCodec(int schemaVersion) implements StateCodec<String> {
        @Override
        public byte[] encode(String state) {
            return state.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public Optional<String> decode(byte[] bytes) {
            return Optional.of(new String(bytes, StandardCharsets.UTF_8));
        }
    }

    @BeforeEach
    void openStore() {
        url = PgTestServer.newDatabase("views");
        store = PgTestServer.open(PgTestServer.config(url, "annals"));
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private static GlobalPosition at(long position) {
        return GlobalPosition.of(position);
    }

    @Test
    void aNewViewHasNoCheckpointAndNoStates() {
        ViewStore<String> view = store.viewStore("order-summary", new TextCodec(1));

        assertThat(view.checkpoint()).isInstanceOf(CheckpointLoad.NotFound.class);
        assertThat(view.load("order-1")).isInstanceOf(ViewStore.Load.NotFound.class);
        assertThat(view.isAtomic()).isTrue();
    }

    @Test
    void loadsManyKeysInOneCallWithAnAnswerForEveryKeyAskedFor() {
        ViewStore<String> view = store.viewStore("order-summary", new TextCodec(1));
        view.commit(List.of(new Change<>("order-1", "placed", at(10)), new Change<>("order-2", "paid", at(12))), at(12), 1);
        ViewStore<String> otherView = store.viewStore("other", new TextCodec(1));
        otherView.commit(List.of(new Change<>("order-3", "elsewhere", at(13))), at(13), 1);
        ViewStore<String> newerSchema = store.viewStore("order-summary", new TextCodec(2));

        assertThat(view.prefersLoadMany()).isTrue();
        assertThat(view.loadMany(List.of("order-1", "order-2", "order-3"))).isEqualTo(Map.of(
                "order-1", new ViewStore.Load.Found<>("placed", at(10)),
                "order-2", new ViewStore.Load.Found<>("paid", at(12)),
                "order-3", new ViewStore.Load.NotFound<>()));
        assertThat(newerSchema.loadMany(List.of("order-1"))).isEqualTo(Map.of("order-1", new ViewStore.Load.NotFound<>()));
        assertThat(view.loadMany(List.of())).isEmpty();
    }

    @Test
    void aCommitStoresTheStatesAndTheCheckpointTogether() {
        ViewStore<String> view = store.viewStore("order-summary", new TextCodec(1));

        var result = view.commit(List.of(new Change<>("order-1", "placed", at(10)), new Change<>("order-2", "paid", at(12))),
                at(12), 1);

        assertThat(result).isInstanceOf(CommitResult.Committed.class);
        assertThat(view.checkpoint()).isEqualTo(new CheckpointLoad.Found(at(12), 1));
        assertThat(view.load("order-1")).isEqualTo(new ViewStore.Load.Found<>("placed", at(10)));
        assertThat(view.load("order-2")).isEqualTo(new ViewStore.Load.Found<>("paid", at(12)));
    }

    @Test
    void aCommitThatFailsHalfWayChangesNeitherStatesNorCheckpoint() {
        ViewStore<String> view = store.viewStore("order-summary", new TextCodec(1));
        view.commit(List.of(new Change<>("order-1", "placed", at(10))), at(10), 1);

        // PostgreSQL refuses NUL in text: the second row fails after the first was written in the same transaction
        var result = view.commit(List.of(new Change<>("order-1", "shipped", at(20)), new Change<>("bad\u0000key", "x", at(20))),
                at(20), 1);

        assertThat(result).isInstanceOfSatisfying(CommitResult.Failed.class,
                f -> assertThat(f.failure().kind()).isEqualTo(StorageFailure.Kind.REJECTED));
        assertThat(view.checkpoint()).isEqualTo(new CheckpointLoad.Found(at(10), 1));
        assertThat(view.load("order-1")).isEqualTo(new ViewStore.Load.Found<>("placed", at(10)));
    }

    @Test
    void aCommitKilledWhileItWaitsCommitsNothingAndAResumedReplayMatchesAFreshOne() throws Exception {
        PostgresViewStore<String> view = (PostgresViewStore<String>) store.viewStore("counts", new TextCodec(1));
        view.commit(List.of(new Change<>("a", "1", at(1))), at(1), 1);
        CommitResult killed;
        // the observer polls pg_stat_activity in autocommit: a transaction keeps its first snapshot of it
        try (Connection blocker = PgTestServer.connect(url); Connection observer = PgTestServer.connect(url)) {
            blocker.setAutoCommit(false);
            try (PreparedStatement lock = blocker.prepareStatement(
                    "select 1 from annals.view_checkpoints where view_name = 'counts' for update")) {
                lock.executeQuery().close();
            }
            var commit = CompletableFuture.supplyAsync(() -> view.commit(
                    List.of(new Change<>("a", "2", at(2)), new Change<>("b", "1", at(2))), at(2), 1));
            try (PreparedStatement kill = observer.prepareStatement("select pg_terminate_backend(pid) from "
                    + "pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' "
                    + "and query like '%view_checkpoints%'")) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                boolean done = false;
                while (!done && System.nanoTime() < deadline) {
                    try (ResultSet rs = kill.executeQuery()) {
                        done = rs.next();
                    }
                }
                assertThat(done).as("the commit blocked on the checkpoint row").isTrue();
            }
            killed = commit.get(30, TimeUnit.SECONDS);
            blocker.rollback();
        }
        assertThat(killed).isInstanceOf(CommitResult.Failed.class);
        assertThat(view.checkpoint()).isEqualTo(new CheckpointLoad.Found(at(1), 1));
        assertThat(view.loadAll()).isEqualTo(Map.of("a", "1"));

        // resume from the checkpoint, as a restarted runner does
        view.commit(List.of(new Change<>("a", "2", at(2)), new Change<>("b", "1", at(2))), at(2), 2);
        PostgresViewStore<String> fresh = (PostgresViewStore<String>) store.viewStore("counts-replay", new TextCodec(1));
        fresh.commit(List.of(new Change<>("a", "1", at(1))), at(1), 1);
        fresh.commit(List.of(new Change<>("a", "2", at(2)), new Change<>("b", "1", at(2))), at(2), 1);
        assertThat(view.loadAll()).isEqualTo(fresh.loadAll());
    }

    @Test
    void refusesACommitWithAStaleFencingTokenAndChangesNothing() {
        ViewStore<String> view = store.viewStore("order-summary", new TextCodec(1));
        view.commit(List.of(new Change<>("order-1", "placed", at(10))), at(10), 5);

        var stale = view.commit(List.of(new Change<>("order-1", "overwritten", at(20))), at(20), 4);
        var same = view.commit(List.of(new Change<>("order-2", "new", at(30))), at(30), 5);

        assertThat(stale).isEqualTo(new CommitResult.Fenced(5));
        assertThat(same).isInstanceOf(CommitResult.Committed.class);
        assertThat(view.load("order-1")).isEqualTo(new ViewStore.Load.Found<>("placed", at(10)));
        assertThat(view.checkpoint()).isEqualTo(new CheckpointLoad.Found(at(30), 5));
    }

    @Test
    void aFencedRunnerStaysFencedWhenItsCommitRacesTheNewOwner() throws Exception {
        ViewStore<String> view = store.viewStore("race", new TextCodec(1));
        view.commit(List.of(), at(1), 1);
        List<CompletableFuture<CommitResult>> commits = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            long token = i % 2 == 0 ? 1 : 2;
            long position = 100 + i;
            commits.add(CompletableFuture.supplyAsync(() ->
                    view.commit(List.of(new Change<>("k", "token-" + token, at(position))), at(position), token)));
        }
        List<CommitResult> results = new ArrayList<>();
        for (var commit : commits) {
            results.add(commit.get(30, TimeUnit.SECONDS));
        }

        assertThat(results).allMatch(r -> r instanceof CommitResult.Committed || r.equals(new CommitResult.Fenced(2)));
        assertThat(view.checkpoint()).isInstanceOfSatisfying(CheckpointLoad.Found.class,
                f -> assertThat(f.fencingToken()).isEqualTo(2));
        if (view.load("k") instanceof ViewStore.Load.Found<String> found && found.state().equals("token-1")) {
            // a token-1 commit may win only if it committed before every token-2 commit
            assertThat(results).filteredOn(r -> r instanceof CommitResult.Fenced).isEmpty();
        }
    }

    @Test
    void aNullStateDeletesTheKey() {
        ViewStore<String> view = store.viewStore("order-summary", new TextCodec(1));
        view.commit(List.of(new Change<>("order-1", "placed", at(10))), at(10), 1);

        view.commit(List.of(new Change<>("order-1", null, at(11))), at(11), 1);

        assertThat(view.load("order-1")).isInstanceOf(ViewStore.Load.NotFound.class);
    }

    @Test
    void viewsWithDifferentNamesAreIndependent() {
        ViewStore<String> one = store.viewStore("one", new TextCodec(1));
        ViewStore<String> two = store.viewStore("two", new TextCodec(1));

        one.commit(List.of(new Change<>("k", "one", at(1))), at(1), 7);

        assertThat(two.load("k")).isInstanceOf(ViewStore.Load.NotFound.class);
        assertThat(two.checkpoint()).isInstanceOf(CheckpointLoad.NotFound.class);
        assertThat(two.commit(List.of(), at(2), 1)).isInstanceOf(CommitResult.Committed.class);
    }

    @Test
    void aNewStateSchemaVersionRebuildsFromTheStartWithoutLosingTheFencingToken() throws Exception {
        store.viewStore("order-summary", new TextCodec(1)).commit(
                List.of(new Change<>("order-1", "v1-shape", at(10))), at(10), 3);
        PostgresViewStore<String> v2 = (PostgresViewStore<String>) store.viewStore("order-summary", new TextCodec(2));

        assertThat(v2.checkpoint()).isEqualTo(new CheckpointLoad.Found(GlobalPosition.START, 3));
        assertThat(v2.load("order-1")).isInstanceOf(ViewStore.Load.NotFound.class);

        v2.commit(List.of(new Change<>("order-2", "v2-shape", at(5))), at(5), 4);

        assertThat(v2.loadAll()).isEqualTo(Map.of("order-2", "v2-shape"));
        assertThat(v2.checkpoint()).isEqualTo(new CheckpointLoad.Found(at(5), 4));
    }

    @Test
    void keepsAJsonbCopyOfJsonStatesForSqlQueries() throws Exception {
        ViewStore<String> view = store.viewStore("order-summary", new TextCodec(1));

        view.commit(List.of(new Change<>("order-1", "{\"status\":\"paid\"}", at(1)),
                new Change<>("order-2", "not json", at(1))), at(1), 1);

        try (Connection connection = PgTestServer.connect(url);
             PreparedStatement query = connection.prepareStatement(
                     "select key, state_json->>'status' from annals.view_states order by key");
             ResultSet rs = query.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(2)).isEqualTo("paid");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(2)).isNull();
        }
        assertThat(view.load("order-2")).isEqualTo(new ViewStore.Load.Found<>("not json", at(1)));
    }
}
