// SPDX-License-Identifier: Apache-2.0
package dev.annals.benchmarks;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/*
 * The raw PostgreSQL baseline of the append benchmark
 * ---------------------------------------------------
 * What the server can do without the store: single-row INSERT commits (plain JDBC, autocommit, one
 * connection per writer, prepared statement) into a table equivalent to the store's `events` table:
 * the same columns and types, the same primary key, unique keys and category index, the payload
 * stored both as jsonb and as bytea. Positions are made by the client (writer << 40 | n), so the
 * baseline pays for no sequence, no stream row and no expectation check: it is the ceiling the
 * store's single-event append is compared with (ratioToBaseline = eventsPerSecond / baseline).
 */

/** Raw single-row INSERT commits into an events-like table: rows per second from N connections. */
final class PgBaseline {
    private PgBaseline() {
    }

    /** Creates {@code schema.baseline_events}, inserts {@code commits} rows per connection, answers rows per second. */
    static double rowsPerSecond(PgServer pg, String schema, int connections, int commits, byte[] payload) {
        String table = schema + ".baseline_events";
        List<Connection> opened = new ArrayList<>();
        List<PreparedStatement> statements = new ArrayList<>();
        try {
            try (Connection admin = pg.connect(); Statement ddl = admin.createStatement()) {
                ddl.execute("create schema if not exists " + schema);
                ddl.execute("drop table if exists " + table);
                ddl.execute("create table " + table + " ("
                        + "position bigint not null primary key, stream_id text not null, category text not null, "
                        + "version bigint not null, event_id uuid not null, event_type text not null, "
                        + "schema_version integer not null, data jsonb, data_bytes bytea not null, "
                        + "metadata jsonb not null, created_at timestamptz not null, "
                        + "constraint baseline_events_stream_version_key unique (stream_id, version), "
                        + "constraint baseline_events_event_id_key unique (event_id))");
                ddl.execute("create index baseline_events_category_position_idx on " + table + " (category, position)");
            }
            for (int i = 0; i < connections; i++) {
                Connection connection = pg.connect();
                opened.add(connection);
                statements.add(connection.prepareStatement("insert into " + table + " (position, stream_id, category, "
                        + "version, event_id, event_type, schema_version, data, data_bytes, metadata, created_at) "
                        + "values (?, ?, 'baseline', ?, ?, ?, 1, ?::jsonb, ?, '{}'::jsonb, ?)"));
            }
            String json = new String(payload, StandardCharsets.UTF_8);
            long nanos = Workers.run(connections, worker -> {
                PreparedStatement insert = statements.get(worker);
                String stream = "baseline-w" + worker;
                try {
                    for (int n = 0; n < commits; n++) {
                        insert.setLong(1, ((long) worker << 40) | n);
                        insert.setString(2, stream);
                        insert.setLong(3, n);
                        insert.setObject(4, UUID.randomUUID());
                        insert.setString(5, Payloads.EVENT_TYPE);
                        insert.setString(6, json);
                        insert.setBytes(7, payload);
                        insert.setTimestamp(8, Timestamp.from(Instant.now()));
                        insert.executeUpdate();
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException("baseline insert failed: " + e.getMessage(), e);
                }
            });
            return Workers.perSecond((long) connections * commits, nanos);
        } catch (SQLException e) {
            throw new IllegalStateException("the baseline table could not be set up: " + e.getMessage(), e);
        } finally {
            for (Connection connection : opened) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // the figures are taken; a failing close changes nothing
                }
            }
        }
    }
}
