// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.postgres;

import dev.annals.core.snapshot.Snapshot;
import dev.annals.core.snapshot.SnapshotStore;
import dev.annals.core.store.StreamId;
import dev.annals.core.store.StreamVersion;
import dev.annals.core.store.WriteResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import javax.sql.DataSource;

/**
 * Snapshots in the store's schema, one row per stream. A save is one upsert whose update only
 * applies when the new version is not lower than the stored one, so concurrent saves converge on
 * the newest snapshot and a snapshot never goes backwards; a reader sees the old row or the new
 * one (PostgreSQL row versions), never a mix. {@code takenAt} is kept to the microsecond.
 */
final class PostgresSnapshotStore implements SnapshotStore {
    private final DataSource pool;
    private final String loadSql;
    private final String saveSql;
    private final String deleteSql;

    PostgresSnapshotStore(DataSource pool, String schema) {
        this.pool = pool;
        this.loadSql = "select version, state_schema_version, state, taken_at from " + schema
                + ".snapshots where stream_id = ?";
        this.saveSql = "insert into " + schema + ".snapshots as s (stream_id, version, state_schema_version, state, "
                + "taken_at) values (?, ?, ?, ?, ?) on conflict (stream_id) do update set version = excluded.version, "
                + "state_schema_version = excluded.state_schema_version, state = excluded.state, "
                + "taken_at = excluded.taken_at where s.version <= excluded.version";
        this.deleteSql = "delete from " + schema + ".snapshots where stream_id = ?";
    }

    @Override
    public Load load(StreamId stream) {
        try (Connection connection = pool.getConnection();
             PreparedStatement statement = connection.prepareStatement(loadSql)) {
            statement.setString(1, stream.value());
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return new Load.NotFound();
                }
                return new Load.Found(new Snapshot(stream, StreamVersion.of(rs.getLong(1)), rs.getInt(2),
                        rs.getBytes(3), rs.getObject(4, OffsetDateTime.class).toInstant()));
            }
        } catch (SQLException e) {
            return new Load.Failed(SqlFailures.translate("load snapshot of " + stream, e));
        }
    }

    @Override
    public WriteResult save(Snapshot snapshot) {
        try (Connection connection = pool.getConnection();
             PreparedStatement statement = connection.prepareStatement(saveSql)) {
            statement.setString(1, snapshot.stream().value());
            statement.setLong(2, snapshot.version().value());
            statement.setInt(3, snapshot.stateSchemaVersion());
            statement.setBytes(4, snapshot.state());
            statement.setObject(5, OffsetDateTime.ofInstant(snapshot.takenAt().truncatedTo(ChronoUnit.MICROS),
                    ZoneOffset.UTC));
            statement.executeUpdate();
            return WriteResult.WRITTEN;
        } catch (SQLException e) {
            return new WriteResult.Failed(SqlFailures.translate("save snapshot of " + snapshot.stream(), e));
        }
    }

    @Override
    public WriteResult delete(StreamId stream) {
        try (Connection connection = pool.getConnection();
             PreparedStatement statement = connection.prepareStatement(deleteSql)) {
            statement.setString(1, stream.value());
            statement.executeUpdate();
            return WriteResult.WRITTEN;
        } catch (SQLException e) {
            return new WriteResult.Failed(SqlFailures.translate("delete snapshot of " + stream, e));
        }
    }
}
