// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.postgres;

import dev.annals.core.decider.StateCodec;
import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.StorageFailure;
import dev.annals.core.view.ViewStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/*
 * Format
 * ------
 * view_states (view_name, key) -> schema_version, state (the codec's bytes, read back exactly),
 * state_json (a jsonb copy when the bytes are JSON PostgreSQL accepts, for SQL queries only),
 * applied_at. view_checkpoints (view_name) -> position, fencing_token, state_schema_version.
 *
 * Commit (one transaction)
 * ------------------------
 *   lock the view's checkpoint row (SELECT ... FOR UPDATE; insert it first if the view is new)
 *   token < stored token            -> ROLLBACK, Fenced(stored token): nothing changes
 *   stored schema != codec schema   -> delete the view's rows (they were written for another shape)
 *   delete the removed keys      (one DELETE ... key = any(text[]))
 *   upsert the changed keys      (one INSERT ... SELECT FROM unnest(keys, states, is_json, applied_at)
 *                                 ON CONFLICT DO UPDATE; the last change of a key in the batch wins,
 *                                 so the keys are distinct and no row is affected twice)
 *   update the checkpoint row: position, token, schema version
 *   COMMIT
 * The states and the checkpoint therefore commit together or not at all (isAtomic() is true): a
 * runner killed mid-batch resumes from a checkpoint that describes exactly the stored states.
 * The row lock serialises concurrent committers of one view, so the fencing check and the write
 * cannot interleave with another runner's commit.
 *
 * Cost: a commit is a fixed number of statements whatever the batch size (lock, at most one
 * delete, at most one upsert, checkpoint update); the arrays travel in binary (text[], bytea[],
 * bool[], int8[]) and the jsonb copy is made on the server from the state bytes, so the client
 * never decodes a state into a String. (A JDBC batch of one upsert per key cost one statement
 * execution per key on the server.) load(key) is one round trip per key on a cached statement;
 * the ViewStore port has no multi-key load, so a runner that touches K new keys per batch pays K
 * round trips, which is what bounds the order-summary replay now (JFR: Batch.slot -> load).
 *
 * Schema changes: when the stored rows were written at another StateCodec schema version, load()
 * treats every row as absent and checkpoint() answers position START with the stored fencing token,
 * so the runner rebuilds from the beginning without being fenced by its own history; the first
 * commit of the rebuild drops the old rows.
 *
 * Failure modes: every SQLException is translated by SqlFailures; a failed commit is rolled back
 * and changes nothing. A state the codec cannot decode at the current schema version is CORRUPTED.
 */

/** A JDBC read model for one projection: keyed states plus checkpoint and fencing token, committed atomically. */
final class PostgresViewStore<S> implements ViewStore<S> {
    private final DataSource pool;
    private final String viewName;
    private final StateCodec<S> codec;
    private final boolean storesJsonb;
    private final Clock clock;
    private final StatementCache statements;
    private final String loadSql;
    private final String loadManySql;
    private final String loadAllSql;
    private final String checkpointSql;
    private final String lockSql;
    private final String insertCheckpointSql;
    private final String updateCheckpointSql;
    private final String dropAllSql;
    private final String deleteSql;
    private final String upsertSql;

    PostgresViewStore(DataSource pool, String schema, String viewName, StateCodec<S> codec, boolean storesJsonb,
                      Clock clock, StatementCache statements) {
        this.pool = pool;
        this.statements = statements;
        this.viewName = viewName;
        this.codec = codec;
        this.storesJsonb = storesJsonb;
        this.clock = clock;
        this.loadSql = "select schema_version, state, applied_at from " + schema
                + ".view_states where view_name = ? and key = ?";
        this.loadManySql = "select key, schema_version, state, applied_at from " + schema
                + ".view_states where view_name = ? and key = any(?)";
        this.loadAllSql = "select key, state from " + schema
                + ".view_states where view_name = ? and schema_version = ? order by key";
        this.checkpointSql = "select position, fencing_token, state_schema_version from " + schema
                + ".view_checkpoints where view_name = ?";
        this.lockSql = checkpointSql + " for update";
        this.insertCheckpointSql = "insert into " + schema + ".view_checkpoints (view_name, position, fencing_token, "
                + "state_schema_version, updated_at) values (?, 0, ?, ?, ?) on conflict (view_name) do nothing";
        this.updateCheckpointSql = "update " + schema + ".view_checkpoints set position = ?, fencing_token = ?, "
                + "state_schema_version = ?, updated_at = ? where view_name = ?";
        this.dropAllSql = "delete from " + schema + ".view_states where view_name = ?";
        this.deleteSql = "delete from " + schema + ".view_states where view_name = ? and key = any(?::text[])";
        // one statement per commit for all changed keys (keys are distinct: the last change of a key wins)
        this.upsertSql = "insert into " + schema + ".view_states (view_name, key, schema_version, state, state_json, "
                + "applied_at) select ?, u.key, ?, u.state, case when u.is_json then convert_from(u.state, 'UTF8')::jsonb "
                + "end, u.applied_at from unnest(?::text[], ?::bytea[], ?::bool[], ?::int8[]) as u(key, state, is_json, "
                + "applied_at) on conflict (view_name, key) do update set "
                + "schema_version = excluded.schema_version, state = excluded.state, state_json = excluded.state_json, "
                + "applied_at = excluded.applied_at";
    }

    /** The name under which this view's rows and checkpoint are stored. */
    String viewName() {
        return viewName;
    }

    @Override
    public Load<S> load(String key) {
        try (Connection connection = pool.getConnection()) {
            // one round trip per key the runner touches first in a batch: the statement is cached
            PreparedStatement statement = statements.prepare(connection, loadSql);
            statement.setString(1, viewName);
            statement.setString(2, key);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next() || rs.getInt(1) != codec.schemaVersion()) {
                    return new Load.NotFound<>();
                }
                Optional<S> state = codec.decode(rs.getBytes(2));
                if (state.isEmpty()) {
                    return new Load.Failed<>(StorageFailure.corrupted("state of " + viewName + "/" + key
                            + " cannot be decoded at schema version " + codec.schemaVersion()));
                }
                return new Load.Found<>(state.get(), GlobalPosition.of(rs.getLong(3)));
            }
        } catch (SQLException e) {
            return new Load.Failed<>(SqlFailures.translate("load " + viewName + "/" + key, e));
        }
    }

    /** One round trip for a batch's keys (the runner's first touch of each key in a batch). */
    @Override
    public Map<String, Load<S>> loadMany(Collection<String> keys) {
        Map<String, Load<S>> loads = new HashMap<>();
        if (keys.isEmpty()) {
            return loads;
        }
        try (Connection connection = pool.getConnection()) {
            PreparedStatement statement = statements.prepare(connection, loadManySql);
            statement.setString(1, viewName);
            statement.setArray(2, connection.createArrayOf("text", keys.toArray()));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    String key = rs.getString(1);
                    if (rs.getInt(2) != codec.schemaVersion()) {
                        continue;  // answered NotFound below, as load() does
                    }
                    Optional<S> state = codec.decode(rs.getBytes(3));
                    long appliedAt = rs.getLong(4);
                    loads.put(key, state.isPresent() ? new Load.Found<>(state.get(), GlobalPosition.of(appliedAt))
                            : new Load.Failed<>(StorageFailure.corrupted("state of " + viewName + "/" + key
                                    + " cannot be decoded at schema version " + codec.schemaVersion())));
                }
            }
            statement.clearParameters();
        } catch (SQLException e) {
            StorageFailure failure = SqlFailures.translate("load " + keys.size() + " keys of " + viewName, e);
            loads.clear();
            for (String key : keys) {
                loads.put(key, new Load.Failed<>(failure));
            }
            return loads;
        }
        for (String key : keys) {
            loads.putIfAbsent(key, new Load.NotFound<>());
        }
        return loads;
    }

    @Override
    public boolean prefersLoadMany() {
        return true;
    }

    /** Every state of the view at the current schema version, by key (for queries and tests). */
    Map<String, S> loadAll() throws SQLException {
        Map<String, S> all = new TreeMap<>();
        try (Connection connection = pool.getConnection();
             PreparedStatement statement = connection.prepareStatement(loadAllSql)) {
            statement.setString(1, viewName);
            statement.setInt(2, codec.schemaVersion());
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    String key = rs.getString(1);
                    all.put(key, codec.decode(rs.getBytes(2)).orElseThrow(
                            () -> new IllegalStateException("state of " + viewName + "/" + key + " cannot be decoded")));
                }
            }
        }
        return all;
    }

    @Override
    public CheckpointLoad checkpoint() {
        try (Connection connection = pool.getConnection();
             PreparedStatement statement = connection.prepareStatement(checkpointSql)) {
            statement.setString(1, viewName);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return new CheckpointLoad.NotFound();
                }
                GlobalPosition position = rs.getInt(3) == codec.schemaVersion()
                        ? GlobalPosition.of(rs.getLong(1))
                        : GlobalPosition.START;
                return new CheckpointLoad.Found(position, rs.getLong(2));
            }
        } catch (SQLException e) {
            return new CheckpointLoad.Failed(SqlFailures.translate("load checkpoint of view " + viewName, e));
        }
    }

    @Override
    public CommitResult commit(List<Change<S>> changes, GlobalPosition checkpoint, long fencingToken) {
        Map<String, @Nullable Change<S>> latest = new LinkedHashMap<>();
        for (Change<S> change : changes) {
            latest.put(change.key(), change);
        }
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try {
                CommitResult result = commitIn(connection, latest, checkpoint, fencingToken, now);
                if (result instanceof CommitResult.Committed) {
                    connection.commit();
                } else {
                    connection.rollback();
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            return new CommitResult.Failed(SqlFailures.translate("commit view " + viewName, e));
        }
    }

    private CommitResult commitIn(Connection connection, Map<String, @Nullable Change<S>> changes,
                                  GlobalPosition checkpoint, long fencingToken, OffsetDateTime now) throws SQLException {
        long[] stored = lockCheckpoint(connection);
        if (stored == null) {
            try (PreparedStatement insert = connection.prepareStatement(insertCheckpointSql)) {
                insert.setString(1, viewName);
                insert.setLong(2, fencingToken);
                insert.setInt(3, codec.schemaVersion());
                insert.setObject(4, now);
                insert.executeUpdate();
            }
            stored = lockCheckpoint(connection);  // ours, or the one a concurrent first commit made
            if (stored == null) {
                throw new SQLException("checkpoint row of view " + viewName + " vanished", "55000");
            }
        }
        if (fencingToken < stored[0]) {
            return new CommitResult.Fenced(stored[0]);
        }
        if (stored[1] != codec.schemaVersion()) {
            try (PreparedStatement drop = connection.prepareStatement(dropAllSql)) {
                drop.setString(1, viewName);
                drop.executeUpdate();
            }
        }
        List<String> deleted = new ArrayList<>();
        List<String> keys = new ArrayList<>(changes.size());
        List<byte[]> states = new ArrayList<>(changes.size());
        List<Boolean> isJson = new ArrayList<>(changes.size());
        List<Long> appliedAt = new ArrayList<>(changes.size());
        for (Change<S> change : changes.values()) {
            S state = change.state();
            if (state == null) {
                deleted.add(change.key());
                continue;
            }
            byte[] bytes = codec.encode(state);
            keys.add(change.key());
            states.add(bytes);
            isJson.add(storesJsonb && JsonPayloads.isJsonb(bytes));
            appliedAt.add(change.appliedAt().value());
        }
        if (!deleted.isEmpty()) {
            try (PreparedStatement delete = connection.prepareStatement(deleteSql)) {
                delete.setString(1, viewName);
                delete.setArray(2, connection.createArrayOf("text", deleted.toArray(String[]::new)));
                delete.executeUpdate();
            }
        }
        if (!keys.isEmpty()) {
            try (PreparedStatement upsert = connection.prepareStatement(upsertSql)) {
                upsert.setString(1, viewName);
                upsert.setInt(2, codec.schemaVersion());
                upsert.setArray(3, connection.createArrayOf("text", keys.toArray(String[]::new)));
                upsert.setArray(4, connection.createArrayOf("bytea", states.toArray(byte[][]::new)));
                upsert.setArray(5, connection.createArrayOf("bool", isJson.toArray(Boolean[]::new)));
                upsert.setArray(6, connection.createArrayOf("int8", appliedAt.toArray(Long[]::new)));
                upsert.executeUpdate();
            }
        }
        try (PreparedStatement update = connection.prepareStatement(updateCheckpointSql)) {
            update.setLong(1, checkpoint.value());
            update.setLong(2, fencingToken);
            update.setInt(3, codec.schemaVersion());
            update.setObject(4, now);
            update.setString(5, viewName);
            update.executeUpdate();
        }
        return new CommitResult.Committed();
    }

    /** The stored {fencing token, schema version} with the row locked, or null when the view has none. */
    private long @Nullable [] lockCheckpoint(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(lockSql)) {
            statement.setString(1, viewName);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? new long[] {rs.getLong(2), rs.getInt(3)} : null;
            }
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool discards it and the server rolls back
        }
    }

    @Override
    public boolean isAtomic() {
        return true;
    }
}
