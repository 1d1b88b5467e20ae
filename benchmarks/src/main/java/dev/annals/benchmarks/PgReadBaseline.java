// SPDX-License-Identifier: Apache-2.0
package dev.annals.benchmarks;

import dev.annals.core.store.StreamId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import org.postgresql.PGStatement;

/*
 * The raw PostgreSQL read baselines of load-stream and replay
 * -----------------------------------------------------------
 * What the server and the driver can do without the store: read the store's own rows (the `events`
 * table of the run's schema) with plain JDBC, one connection, one prepared statement, every column
 * of every row taken with getBytes (getLong for the numbers), so the driver moves and copies what
 * the store's reads move, in the same binary format: the store's pool sets prepareThreshold=-1, and
 * with the driver's default the first four executions would come back as text (bytea as hex, twice
 * the bytes), a cost the store does not pay. No head bound, no stream row, no mapping to events: the
 * ceiling the store's reads are compared with. load-stream: the whole stream in one query ordered by
 * version, median of as many loads as the store's after a few warm-up loads. replay: a keyset
 * catch-up of the whole log in pages of 1,000 by position. Both run after the store's reads, on
 * pages those have already read (cached, hint bits set): if anything the baseline is favoured. Both
 * check that they read every event written, so a wrong stream id or schema cannot make a fast
 * baseline out of an empty result.
 */

/** Raw JDBC reads of the store's {@code events} table: a whole stream, and the whole log by keyset pages. */
final class PgReadBaseline {
    private static final int PAGE = 1000;
    private static final int WARMUP_LOADS = 5;
    private static final String COLUMNS = "position, stream_id, version, event_id, event_type, schema_version, "
            + "data_bytes, metadata, created_at";

    private PgReadBaseline() {
    }

    /** Median milliseconds of {@code loads} reads of the whole {@code stream} (of {@code events} events), after warm-up reads. */
    static double medianStreamLoadMillis(PgServer pg, String schema, StreamId stream, long events, int loads) {
        String sql = "select " + COLUMNS + " from " + schema + ".events where stream_id = ? order by version";
        try (Connection connection = pg.connect(); PreparedStatement query = prepare(connection, sql)) {
            long[] nanos = new long[loads];
            for (int i = -WARMUP_LOADS; i < loads; i++) {
                long began = System.nanoTime();
                query.setString(1, stream.value());
                var rows = new Rows();
                rows.readAll(query);
                long elapsed = System.nanoTime() - began;
                rows.check(events, "the stream " + stream + " in " + schema);
                if (i >= 0) {
                    nanos[i] = elapsed;
                }
            }
            Arrays.sort(nanos);
            return nanos[loads / 2] / 1e6;
        } catch (SQLException e) {
            throw new IllegalStateException("the raw stream read failed: " + e.getMessage(), e);
        }
    }

    /** Rows per second of one read of the whole log (of {@code events} events), page by page after the last position. */
    static double catchUpRowsPerSecond(PgServer pg, String schema, long events) {
        String sql = "select " + COLUMNS + " from " + schema + ".events where position > ? order by position limit " + PAGE;
        try (Connection connection = pg.connect(); PreparedStatement query = prepare(connection, sql)) {
            var rows = new Rows();
            long began = System.nanoTime();
            long pageRows;
            do {
                query.setLong(1, rows.lastPosition);
                long before = rows.count;
                rows.readAll(query);
                pageRows = rows.count - before;
            } while (pageRows == PAGE);
            long nanos = System.nanoTime() - began;
            rows.check(events, "the events of " + schema);
            return Workers.perSecond(rows.count, nanos);
        } catch (SQLException e) {
            throw new IllegalStateException("the raw catch-up read failed: " + e.getMessage(), e);
        }
    }

    /** Server-prepared from the first execution, so rows come back in binary as the store's do. */
    private static PreparedStatement prepare(Connection connection, String sql) throws SQLException {
        PreparedStatement query = connection.prepareStatement(sql);
        query.unwrap(PGStatement.class).setPrepareThreshold(-1);
        return query;
    }

    /** What was read: rows, the bytes of every column taken as bytes, the last position (the next page's key). */
    private static final class Rows {
        long count;
        long bytes;
        long lastPosition = Long.MIN_VALUE;

        void readAll(PreparedStatement query) throws SQLException {
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    lastPosition = rs.getLong(1);
                    bytes += rs.getBytes(2).length;
                    rs.getLong(3);
                    bytes += rs.getBytes(4).length;
                    bytes += rs.getBytes(5).length;
                    rs.getLong(6);
                    bytes += rs.getBytes(7).length;
                    bytes += rs.getBytes(8).length;
                    bytes += rs.getBytes(9).length;
                    count++;
                }
            }
        }

        void check(long events, String what) {
            if (count != events || bytes == 0) {
                throw new IllegalStateException("the raw read of " + what + " saw " + count + " rows (" + bytes
                        + " bytes), " + events + " events were written");
            }
        }
    }
}
