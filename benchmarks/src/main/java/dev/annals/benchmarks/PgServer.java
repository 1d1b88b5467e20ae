// SPDX-License-Identifier: Apache-2.0
package dev.annals.benchmarks;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/*
 * The PostgreSQL server of one benchmark invocation
 * -------------------------------------------------
 * With --pg-url the benchmark uses that server; otherwise it starts an embedded PostgreSQL (zonky,
 * real binaries shipped in the jar) for the invocation and stops it at the end, so
 * `annals bench append --store postgres` needs no set-up. The embedded server runs with the durable
 * settings the store requires (fsync, synchronous_commit, full_page_writes on) unless --durability
 * unsafe asks for synchronous_commit off.
 *
 * Independence: every run gets a fresh schema (bench_<random>_<n>) that is dropped when the run's
 * store closes, so no run measures the leftovers of another, also on a shared external server.
 */

/** A PostgreSQL server for the benchmarks: external (--pg-url) or embedded for this invocation. */
final class PgServer implements AutoCloseable {
    private final String url;
    private final String user;
    private final String password;
    private final @Nullable EmbeddedPostgres embedded;
    private final String prefix = "bench_" + UUID.randomUUID().toString().substring(0, 8);
    private final AtomicInteger schemas = new AtomicInteger();

    private PgServer(String url, String user, String password, @Nullable EmbeddedPostgres embedded) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.embedded = embedded;
    }

    /** Connects to {@code url}, or starts an embedded server when it is null. */
    static PgServer start(@Nullable String url, String user, String password, DurabilityMode durability) {
        if (url != null) {
            return new PgServer(url, user, password, null);
        }
        try {
            EmbeddedPostgres server = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("synchronous_commit", durability == DurabilityMode.FSYNC ? "on" : "off")
                    .start();
            return new PgServer("jdbc:postgresql://localhost:" + server.getPort() + "/postgres", "postgres", "", server);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
        }
    }

    String url() {
        return url;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    boolean isEmbedded() {
        return embedded != null;
    }

    /** A new schema name, unique to this invocation; the store creates the schema at open. */
    String newSchemaName() {
        return (prefix + "_" + schemas.incrementAndGet()).toLowerCase(Locale.ROOT);
    }

    /** A plain connection outside any pool (autocommit). */
    Connection connect() throws SQLException {
        return connect(new Properties());
    }

    /** A connection with {@code driverProperties} (pgjdbc connection properties) on top of the run's credentials. */
    Connection connect(Properties driverProperties) throws SQLException {
        Properties properties = new Properties();
        properties.putAll(driverProperties);
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("ApplicationName", "annals-bench");
        return DriverManager.getConnection(url, properties);
    }

    void dropSchema(String schema) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("drop schema if exists " + schema + " cascade");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop the benchmark schema " + schema + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot stop the embedded PostgreSQL", e);
            }
        }
    }
}
