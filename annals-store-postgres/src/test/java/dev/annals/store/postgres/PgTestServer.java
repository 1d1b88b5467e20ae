// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/*
 * Design
 * ------
 * The one real PostgreSQL server of a test JVM. When ANNALS_TEST_PG_URL is set
 * (jdbc:postgresql://host:port/db, user and password as URL parameters or in ANNALS_TEST_PG_USER
 * and ANNALS_TEST_PG_PASSWORD) the tests use that server; otherwise an embedded PostgreSQL
 * (zonky, real binaries) is started once per JVM with durable settings (fsync, synchronous_commit
 * and full_page_writes on, as the durable mode requires) and stopped by its shutdown hook.
 *
 * Independence: every test class asks for a fresh database (newDatabase), and tests that need an
 * empty store per test use a fresh schema inside it. Databases made on an external server are
 * dropped at JVM exit.
 */
final class PgTestServer {
    /** Where the server is: JDBC URL prefix up to the database name, URL parameters, credentials. */
    record Server(String prefix, String adminDatabase, String parameters, String user, String password,
                  boolean isEmbedded) {
        String url(String database) {
            return prefix + database + parameters;
        }
    }

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final List<String> CREATED = new ArrayList<>();
    private static Server server;

    private PgTestServer() {}

    static synchronized Server server() {
        if (server == null) {
            String external = System.getenv("ANNALS_TEST_PG_URL");
            server = external == null || external.isBlank() ? startEmbedded() : external(external);
        }
        return server;
    }

    /** Whether the tests run on their own embedded server (and may start more with other settings). */
    static boolean isEmbedded() {
        return server().isEmbedded();
    }

    private static Server startEmbedded() {
        EmbeddedPostgres embedded = start(Map.of("fsync", "on", "synchronous_commit", "on", "full_page_writes", "on"));
        return new Server("jdbc:postgresql://localhost:" + embedded.getPort() + "/", "postgres", "", "postgres", "", true);
    }

    /** Starts an extra embedded server with these settings; the caller closes it. */
    static EmbeddedPostgres start(Map<String, String> settings) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setServerConfig("max_connections", "300");
            settings.forEach(builder::setServerConfig);
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
    }

    private static Server external(String url) {
        int slash = url.indexOf('/', "jdbc:postgresql://".length());
        if (!url.startsWith("jdbc:postgresql://") || slash < 0) {
            throw new IllegalArgumentException("ANNALS_TEST_PG_URL must look like jdbc:postgresql://host:port/db");
        }
        int query = url.indexOf('?', slash);
        String parameters = query < 0 ? "" : url.substring(query);
        String user = System.getenv().getOrDefault("ANNALS_TEST_PG_USER", parameter(parameters, "user", "postgres"));
        String password = System.getenv().getOrDefault("ANNALS_TEST_PG_PASSWORD", parameter(parameters, "password", ""));
        String adminDatabase = url.substring(slash + 1, query < 0 ? url.length() : query);
        Server external = new Server(url.substring(0, slash + 1), adminDatabase.isEmpty() ? "postgres" : adminDatabase,
                parameters, user, password, false);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> dropCreated(external)));
        return external;
    }

    private static String parameter(String parameters, String name, String otherwise) {
        for (String pair : parameters.replaceFirst("^\\?", "").split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return otherwise;
    }

    /** A fresh, empty database; returns its JDBC URL. */
    static String newDatabase(String purpose) {
        Server s = server();
        String name = ("annals_" + purpose + "_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet())
                .toLowerCase(java.util.Locale.ROOT);
        try (Connection admin = connect(s.url(s.adminDatabase())); Statement statement = admin.createStatement()) {
            statement.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        synchronized (CREATED) {
            CREATED.add(name);
        }
        return s.url(name);
    }

    private static void dropCreated(Server s) {
        try (Connection admin = connect(s.url(s.adminDatabase())); Statement statement = admin.createStatement()) {
            synchronized (CREATED) {
                for (String name : CREATED) {
                    statement.execute("drop database if exists " + name + " with (force)");
                }
            }
        } catch (SQLException e) {
            System.err.println("could not drop test databases: " + e.getMessage());
        }
    }

    /** A plain connection outside any pool, as the test's user. */
    static Connection connect(String url) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", server().user());
        properties.setProperty("password", server().password());
        return DriverManager.getConnection(url, properties);
    }

    /** Store configuration for this database and schema: durable server required, short waits. */
    static PostgresStoreConfig config(String url, String schema) {
        return PostgresStoreConfig.of(url, server().user(), server().password()).withSchema(schema)
                .withMaxPoolSize(8);
    }

    /** Opens a store or fails the test with the reason. */
    static PostgresEventStore open(PostgresStoreConfig config) {
        return switch (PostgresEventStore.open(config)) {
            case OpenResult.Opened opened -> opened.store();
            case OpenResult.Refused refused -> throw new AssertionError("refused: " + refused.reason());
            case OpenResult.Failed failed -> throw new AssertionError("failed: " + failed.failure());
        };
    }
}
