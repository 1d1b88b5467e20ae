// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.postgres;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How to reach the database and how to use it: JDBC URL, user, password, the schema that holds the
 * store's tables (created and migrated at open), the pool size and the durability check.
 *
 * @param schema          a lower-case SQL identifier; each schema is an independent store
 * @param maxPoolSize     connections in the pool (one more is held for LISTEN)
 * @param durability      {@link Durability#REQUIRE_DURABLE_SERVER} (default) refuses a server that can lose
 *                        acknowledged commits
 * @param connectTimeout  how long an operation waits for a connection before it fails
 * @param pollInterval    how often waiting readers re-check the log when no notification arrives
 * @param notifyInterval  at most one NOTIFY per interval tells other processes about new events
 */
public record PostgresStoreConfig(
        String url,
        String user,
        String password,
        String schema,
        int maxPoolSize,
        Durability durability,
        Duration connectTimeout,
        Duration pollInterval,
        Duration notifyInterval,
        Clock clock) {

    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /** Whether open checks that the server makes commits durable. */
    public enum Durability {
        /** Refuse a server with {@code fsync}, {@code synchronous_commit} or {@code full_page_writes} off. */
        REQUIRE_DURABLE_SERVER,
        /** Open on any server, logging what is unsafe. Acknowledged appends may be lost on a crash. */
        UNSAFE_ALLOW_NON_DURABLE_SERVER
    }

    public PostgresStoreConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(notifyInterval, "notifyInterval");
        Objects.requireNonNull(clock, "clock");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db)");
        }
        if (schema == null || !SCHEMA.matcher(schema).matches()) {
            throw new IllegalArgumentException("schema must be a lower-case SQL identifier: '" + schema + "'");
        }
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("maxPoolSize must be >= 1: " + maxPoolSize);
        }
        if (connectTimeout.toMillis() < 250 || pollInterval.isNegative() || pollInterval.isZero()
                || notifyInterval.isNegative()) {
            throw new IllegalArgumentException("connectTimeout >= 250 ms, pollInterval > 0, notifyInterval >= 0");
        }
    }

    /** Defaults: schema {@code annals}, 10 connections, durable server required. */
    public static PostgresStoreConfig of(String url, String user, String password) {
        return new PostgresStoreConfig(url, user, password, "annals", 10, Durability.REQUIRE_DURABLE_SERVER,
                Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofMillis(5), Clock.systemUTC());
    }

    public PostgresStoreConfig withSchema(String newSchema) {
        return new PostgresStoreConfig(url, user, password, newSchema, maxPoolSize, durability, connectTimeout,
                pollInterval, notifyInterval, clock);
    }

    public PostgresStoreConfig withMaxPoolSize(int size) {
        return new PostgresStoreConfig(url, user, password, schema, size, durability, connectTimeout,
                pollInterval, notifyInterval, clock);
    }

    public PostgresStoreConfig withDurability(Durability newDurability) {
        return new PostgresStoreConfig(url, user, password, schema, maxPoolSize, newDurability, connectTimeout,
                pollInterval, notifyInterval, clock);
    }

    public PostgresStoreConfig withConnectTimeout(Duration timeout) {
        return new PostgresStoreConfig(url, user, password, schema, maxPoolSize, durability, timeout,
                pollInterval, notifyInterval, clock);
    }

    public PostgresStoreConfig withClock(Clock newClock) {
        return new PostgresStoreConfig(url, user, password, schema, maxPoolSize, durability, connectTimeout,
                pollInterval, notifyInterval, newClock);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "PostgresStoreConfig[url=" + url + ", user=" + user + ", schema=" + schema + ", maxPoolSize="
                + maxPoolSize + ", durability=" + durability + "]";
    }
}
