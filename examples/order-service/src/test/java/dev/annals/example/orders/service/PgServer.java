// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.service;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real PostgreSQL server of a test JVM: ANNALS_TEST_PG_URL when set (a URL with user and
 * password parameters, on which this creates databases), else one embedded PostgreSQL (zonky, real
 * binaries) with the durable settings the store insists on, started once and stopped at exit.
 */
final class PgServer {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres embedded;

    private PgServer() {
    }

    /** A JDBC URL (with user and password parameters) of a fresh, empty database. */
    static synchronized String newDatabase() {
        String name = "orders_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        String external = System.getenv("ANNALS_TEST_PG_URL");
        if (external != null && !external.isBlank()) {
            try (Connection connection = java.sql.DriverManager.getConnection(external);
                 Statement statement = connection.createStatement()) {
                statement.execute("create database " + name);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot create a test database on ANNALS_TEST_PG_URL", e);
            }
            int slash = external.indexOf('/', "jdbc:postgresql://".length());
            int query = external.indexOf('?');
            return external.substring(0, slash + 1) + name + (query < 0 ? "" : external.substring(query));
        }
        if (embedded == null) {
            try {
                embedded = EmbeddedPostgres.builder()
                        .setServerConfig("fsync", "on")
                        .setServerConfig("synchronous_commit", "on")
                        .setServerConfig("full_page_writes", "on")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
            }
        }
        try (Connection connection = embedded.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database", e);
        }
        return "jdbc:postgresql://localhost:" + embedded.getPort() + "/" + name + "?user=postgres&password=";
    }
}
