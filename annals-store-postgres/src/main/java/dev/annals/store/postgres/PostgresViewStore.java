// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.postgres;

import dev.annals.core.decider.StateCodec;
import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.StorageFailure;
import dev.annals.core.view.ViewStore;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
 *   delete / upsert the changed keys (last change of a key in the batch wins)
 *   update the checkpoint row: position, token, schema version
 *   COMMIT
 * The states and the checkpoint therefore commit together or not at all (isAtomic() is true): a
 * runner killed mid-batch resumes from a checkpoint that describes exactly the stored states.
 * The row lock serialises concurrent committers of one view, so the fencing check and the write
 * cannot interleave with another runner's commit.
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
    private final String loadSql;
    private final String loadAllSql;
    private final String checkpointSql;
    private final String lockSql;
    private final String insertCheckpointSql;
    private final String updateCheckpointSql;
    private final String dropAllSql;
    private final String deleteSql;
    private final String upsertSql;

    PostgresViewStore(DataSource pool, String schema, String viewName, StateCodec<S> codec, boolean storesJsonb,
                      Clock clock) {
        this.pool = pool;
        this.viewName = viewName;
        this.codec = codec;
        this.storesJsonb = storesJsonb;
        this.clock = clock;
        this.loadSql = "select schema_version, state, applied_at from " + schema
                + ".view_states where view_name = ? and key = ?";
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
        this.deleteSql = "delete from " + schema + ".view_states where view_name = ? and key = ?";
        this.upsertSql = "insert into " + schema + ".view_states (view_name, key, schema_version, state, state_json, "
                + "applied_at) values (?, ?, ?, ?, ?::jsonb, ?) on conflict (view_name, key) do update set "
                + "schema_version = excluded.schema_version, state = excluded.state, state_json = excluded.state_json, "
                + "applied_at = excluded.applied_at";
    }

    /** The name under which this view's rows and checkpoint are stored. */
    String viewName() {
        return viewName;
    }

    @Override
    public Load<S> load(String key) {
        try (Connection connection = pool.getConnection();
             PreparedStatement statement = connection.prepareStatement(loadSql)) {
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
        try (PreparedStatement delete = connection.prepareStatement(deleteSql);
             PreparedStatement upsert = connection.prepareStatement(upsertSql)) {
            int deletes = 0;
            int upserts = 0;
            for (Change<S> change : changes.values()) {
                S state = change.state();
                if (state == null) {
                    delete.setString(1, viewName);
                    delete.setString(2, change.key());
                    delete.addBatch();
                    deletes++;
                    continue;
                }
                byte[] bytes = codec.encode(state);
                upsert.setString(1, viewName);
                upsert.setString(2, change.key());
                upsert.setInt(3, codec.schemaVersion());
                upsert.setBytes(4, bytes);
                if (storesJsonb && JsonPayloads.isJsonb(bytes)) {
                    upsert.setString(5, new String(bytes, StandardCharsets.UTF_8));
                } else {
                    upsert.setNull(5, Types.VARCHAR);
                }
                upsert.setLong(6, change.appliedAt().value());
                upsert.addBatch();
                upserts++;
            }
            if (deletes > 0) {
                delete.executeBatch();
            }
            if (upserts > 0) {
                upsert.executeBatch();
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
