// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.postgres;

import dev.annals.core.store.StorageFailure;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where {@link SQLException}s become {@link StorageFailure} kinds, by SQLSTATE:
 * connection errors (class 08, server shutdown 57P0x, too many connections) are UNAVAILABLE,
 * cancelled statements and pool timeouts TIMED_OUT, disk full CAPACITY_EXHAUSTED, data
 * corruption CORRUPTED and limits REJECTED. The cause is logged; the detail never holds secrets.
 */
final class SqlFailures {
    private static final Logger LOG = LoggerFactory.getLogger(SqlFailures.class);

    private SqlFailures() {}

    static StorageFailure translate(String operation, SQLException e) {
        StorageFailure.Kind kind = kindOf(e);
        LOG.warn("PostgreSQL {} failed ({}): {}", operation, e.getSQLState(), e.getMessage());
        String state = e.getSQLState() == null ? "" : " [" + e.getSQLState() + "]";
        return new StorageFailure(kind, operation + " failed" + state + ": " + firstLine(e.getMessage()));
    }

    static StorageFailure.Kind kindOf(SQLException e) {
        String state = stateOf(e);
        if (state == null) {
            if (e instanceof SQLTransientConnectionException || e instanceof SQLTimeoutException) {
                return StorageFailure.Kind.TIMED_OUT;
            }
            return StorageFailure.Kind.UNAVAILABLE;
        }
        if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
                || state.equals("53300") || state.equals("53200") || state.equals("55000")) {
            return StorageFailure.Kind.UNAVAILABLE;
        }
        if (state.equals("57014") || state.equals("55P03") || state.equals("25P03")) {
            return StorageFailure.Kind.TIMED_OUT;
        }
        if (state.equals("53100") || state.equals("53400")) {
            return StorageFailure.Kind.CAPACITY_EXHAUSTED;
        }
        if (state.equals("XX001") || state.equals("XX002")) {
            return StorageFailure.Kind.CORRUPTED;
        }
        if (state.equals("54000") || state.equals("54001") || state.startsWith("22")) {
            return StorageFailure.Kind.REJECTED;
        }
        return StorageFailure.Kind.UNAVAILABLE;
    }

    /** The SQLSTATE of the exception or, for a pool timeout that wraps one, of its cause. */
    static @Nullable String stateOf(SQLException e) {
        Throwable t = e;
        for (int depth = 0; t != null && depth < 5; depth++, t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    /** Whether the connection itself is gone (class 08, or the server terminated the backend). */
    static boolean isConnectionLoss(SQLException e) {
        String state = stateOf(e);
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03"));
    }

    /** Whether the exception is a unique violation of the named constraint. */
    static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    private static String firstLine(@Nullable String message) {
        if (message == null) {
            return "(no message)";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
