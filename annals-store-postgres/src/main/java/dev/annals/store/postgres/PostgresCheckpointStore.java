// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.postgres;

import dev.annals.core.checkpoint.CheckpointStore;
import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.WriteResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;

/**
 * Named checkpoints in the store's schema: one row per name, replaced by one upsert (atomic, in
 * either direction; the caller decides direction). Names are checked before any SQL runs.
 */
final class PostgresCheckpointStore implements CheckpointStore {
    private final DataSource pool;
    private final Clock clock;
    private final String loadSql;
    private final String saveSql;

    PostgresCheckpointStore(DataSource pool, String schema, Clock clock) {
        this.pool = pool;
        this.clock = clock;
        this.loadSql = "select position from " + schema + ".checkpoints where name = ?";
        this.saveSql = "insert into " + schema + ".checkpoints (name, position, updated_at) values (?, ?, ?) "
                + "on conflict (name) do update set position = excluded.position, updated_at = excluded.updated_at";
    }

    @Override
    public Load load(String name) {
        CheckpointStore.requireValidName(name);
        try (Connection connection = pool.getConnection();
             PreparedStatement statement = connection.prepareStatement(loadSql)) {
            statement.setString(1, name);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? new Load.Found(GlobalPosition.of(rs.getLong(1))) : new Load.NotFound();
            }
        } catch (SQLException e) {
            return new Load.Failed(SqlFailures.translate("load checkpoint " + name, e));
        }
    }

    @Override
    public WriteResult save(String name, GlobalPosition position) {
        CheckpointStore.requireValidName(name);
        try (Connection connection = pool.getConnection();
             PreparedStatement statement = connection.prepareStatement(saveSql)) {
            statement.setString(1, name);
            statement.setLong(2, position.value());
            statement.setObject(3, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
            statement.executeUpdate();
            return WriteResult.WRITTEN;
        } catch (SQLException e) {
            return new WriteResult.Failed(SqlFailures.translate("save checkpoint " + name, e));
        }
    }
}
