// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.postgresql.PGConnection;

/*
 * Why a statement cache
 * ---------------------
 * HikariCP does not cache statements, so every prepareStatement on a pooled connection builds a
 * driver statement and a pool proxy around it, and every close tears both down again; for a
 * single-event append that was a measurable share of the client's CPU (JFR: prepareStatement and
 * close ~20% of PostgresEventStore.append). This cache keeps one PreparedStatement per
 * (physical connection, SQL) for the hot statements and reuses it.
 *
 * Invariants: statements are prepared on the physical pgjdbc connection (unwrapped from the pool's
 * proxy), so the pool never closes them on return; they live as long as that connection. A physical
 * connection is used by one thread at a time (the pool hands it out exclusively), so the per-
 * connection map and its statements are never shared concurrently. The outer map is concurrent
 * (a synchronized map was a measurable monitor hot spot with 8 appenders) and keyed by identity
 * (pgjdbc connections do not override equals); it is bounded by purging the connections the pool
 * has closed (broken, retired) whenever it grows past PURGE_ABOVE, so it holds at most the live
 * connections plus that slack.
 * Callers never close a cached statement; they close the ResultSets they open. Every parameter is
 * set afresh on every use, so nothing leaks from the previous use; callers that bind large values
 * (the append's payload arrays) clear the parameters afterwards, so an idle cached statement does
 * not keep up to MAX_EVENTS_PER_APPEND payloads reachable.
 */

/** PreparedStatements reused per physical connection. */
final class StatementCache {
    /** Above this many connections the cache forgets those the pool has closed. */
    private static final int PURGE_ABOVE = 64;

    private final Map<Connection, Map<String, PreparedStatement>> byConnection = new ConcurrentHashMap<>();

    PreparedStatement prepare(Connection pooled, String sql) throws SQLException {
        Connection physical = pooled.isWrapperFor(PGConnection.class)
                && pooled.unwrap(PGConnection.class) instanceof Connection unwrapped ? unwrapped : pooled;
        Map<String, PreparedStatement> statements = byConnection.get(physical);
        if (statements == null) {
            if (byConnection.size() >= PURGE_ABOVE) {
                purgeClosed();
            }
            statements = new HashMap<>();
            byConnection.put(physical, statements);
        }
        PreparedStatement statement = statements.get(sql);
        if (statement == null || statement.isClosed()) {
            statement = physical.prepareStatement(sql);
            statements.put(sql, statement);
        }
        return statement;
    }

    private void purgeClosed() {
        byConnection.keySet().removeIf(connection -> {
            try {
                return connection.isClosed();
            } catch (SQLException e) {
                return true;
            }
        });
    }
}
