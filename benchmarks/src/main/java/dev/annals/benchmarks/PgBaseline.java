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
import java.util.Properties;
import java.util.UUID;

/*
 * The raw PostgreSQL baseline of the append benchmark
 * ---------------------------------------------------
 * What the server can do without the store: INSERT commits (plain JDBC, one connection per writer,
 * one prepared statement) into a table equivalent to the store's `events` table: the same columns
 * and types, the same primary key, unique keys and category index, the payload stored both as jsonb
 * and as bytea. Each transaction carries as many rows as the store's appends carry events: for
 * single-event appends single-row INSERTs in autocommit; for --events-per-append N > 1, N rows per
 * transaction the fastest way plain JDBC offers (autocommit off, N addBatch() of the same INSERT,
 * executeBatch(), commit(), with the driver's reWriteBatchedInserts, which sends the batch as
 * multi-row INSERT statements in one round trip), as many transactions per connection as appends
 * per writer, so the same rows in all. Comparing N-event appends with single-row commits would measure the commit count,
 * not the store. Positions are made by the client (writer << 40 | n), so the baseline pays for no
 * sequence, no stream row and no expectation check: it is the ceiling the store's append is
 * compared with (ratioToBaseline = eventsPerSecond / baseline).
 */

/** Raw INSERT commits into an events-like table: rows per second from N connections. */
final class PgBaseline {
    /** pgjdbc sends a batch of INSERTs as multi-row INSERT statements: the fastest plain-JDBC batch. */
    private static final Properties REWRITE_BATCHES = new Properties();

    static {
        REWRITE_BATCHES.setProperty("reWriteBatchedInserts", "true");
    }

    private PgBaseline() {
    }

    /**
     * Creates {@code schema.baseline_events}, commits {@code commits} transactions of {@code rowsPerCommit}
     * rows per connection, answers rows per second.
     */
    static double rowsPerSecond(PgServer pg, String schema, int connections, int commits, int rowsPerCommit, byte[] payload) {
        String table = schema + ".baseline_events";
        List<Connection> opened = new ArrayList<>();
        List<PreparedStatement> statements = new ArrayList<>();
        try {
            createTable(pg, schema, table);
            for (int i = 0; i < connections; i++) {
                Connection connection = pg.connect(rowsPerCommit > 1 ? REWRITE_BATCHES : new Properties());
                opened.add(connection);
                if (rowsPerCommit > 1) {
                    connection.setAutoCommit(false);
                }
                statements.add(connection.prepareStatement("insert into " + table + " (position, stream_id, category, "
                        + "version, event_id, event_type, schema_version, data, data_bytes, metadata, created_at) "
                        + "values (?, ?, 'baseline', ?, ?, ?, 1, ?::jsonb, ?, '{}'::jsonb, ?)"));
            }
            String json = new String(payload, StandardCharsets.UTF_8);
            long nanos = Workers.run(connections, worker -> {
                PreparedStatement insert = statements.get(worker);
                Row row = new Row(worker, json, payload);
                try {
                    if (rowsPerCommit == 1) {
                        insertRows(insert, row, commits);
                    } else {
                        insertBatches(opened.get(worker), insert, row, commits, rowsPerCommit);
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException("baseline insert failed: " + e.getMessage(), e);
                }
            });
            return Workers.perSecond((long) connections * commits * rowsPerCommit, nanos);
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

    private static void createTable(PgServer pg, String schema, String table) throws SQLException {
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
    }

    /** Single-row commits: the connection is in autocommit. */
    private static void insertRows(PreparedStatement insert, Row row, int rows) throws SQLException {
        for (int n = 0; n < rows; n++) {
            row.bind(insert, n);
            insert.executeUpdate();
        }
    }

    /** {@code rowsPerCommit} rows per transaction, as one JDBC batch: the connection is not in autocommit. */
    private static void insertBatches(Connection connection, PreparedStatement insert, Row row, int commits,
                                      int rowsPerCommit) throws SQLException {
        long n = 0;
        for (int c = 0; c < commits; c++) {
            for (int k = 0; k < rowsPerCommit; k++) {
                row.bind(insert, n++);
                insert.addBatch();
            }
            insert.executeBatch();
            connection.commit();
        }
    }

    /** The rows of one worker: its own stream, versions (and positions) 0, 1, 2, ... */
    private record Row(int worker, String stream, String json, byte[] payload) {
        Row(int worker, String json, byte[] payload) {
            this(worker, "baseline-w" + worker, json, payload);
        }

        void bind(PreparedStatement insert, long n) throws SQLException {
            insert.setLong(1, ((long) worker << 40) | n);
            insert.setString(2, stream);
            insert.setLong(3, n);
            insert.setObject(4, UUID.randomUUID());
            insert.setString(5, Payloads.EVENT_TYPE);
            insert.setString(6, json);
            insert.setBytes(7, payload);
            insert.setTimestamp(8, Timestamp.from(Instant.now()));
        }
    }
}
