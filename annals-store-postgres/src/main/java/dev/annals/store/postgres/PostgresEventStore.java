// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.annals.core.checkpoint.CheckpointStore;
import dev.annals.core.decider.StateCodec;
import dev.annals.core.event.EventData;
import dev.annals.core.event.Metadata;
import dev.annals.core.event.RecordedEvent;
import dev.annals.core.snapshot.SnapshotStore;
import dev.annals.core.store.AppendResult;
import dev.annals.core.store.EventStore;
import dev.annals.core.store.ExpectedVersion;
import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.IdempotencyLookup;
import dev.annals.core.store.ReadAllResult;
import dev.annals.core.store.ReadDirection;
import dev.annals.core.store.ReadStreamResult;
import dev.annals.core.store.StorageFailure;
import dev.annals.core.store.StreamId;
import dev.annals.core.store.StreamVersion;
import dev.annals.core.view.ViewStore;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Global order: transaction id, not sequence
 * ------------------------------------------
 * The classic bug of SQL event stores: a position taken from a sequence at INSERT becomes visible
 * at COMMIT, so a reader that has passed position 11 (committed) never sees position 10 (its
 * transaction committed a moment later). Annals takes positions from the appending transaction's
 * id instead (mechanism: xid8 + pg_snapshot_xmin visibility rule; no lock, no time-based skipping):
 *
 *     position = (pg_current_xact_id() << 20) + index of the event in its append
 *
 * and every $all/category read and every "is there more" check applies one visibility rule, in the
 * same statement as the read:
 *
 *     read only positions < bound,  bound = pg_snapshot_xmin(pg_current_snapshot()) << 20
 *
 * Why no reader can skip an event (the proof the gap-safety test exercises):
 *   1. pg_current_snapshot() is the snapshot of the reading statement itself, and its xmin is the
 *      oldest transaction id that snapshot still considers running. Every transaction with a
 *      smaller id has ended, so its events are either committed and visible to this very read, or
 *      rolled back forever. Nothing below the bound can appear later.
 *   2. A transaction that is running, or that has not yet taken an id, has (or will get) an id
 *      >= xmin, because ids are handed out in increasing order and xmin <= every running id. So
 *      every event that can still become visible has a position >= bound.
 *   3. Hence a page below the bound is complete: a reader that has seen P (< bound) later only sees
 *      positions >= bound > P. ReadAllResult.Page#head is the highest stored position below the
 *      bound (0 when none), the last event any reader can see now; a cursor may jump to it.
 * Positions order events by (transaction id, index), the order in which they become readable
 * rather than the wall-clock order of commits, and that order is the same for every reader. A
 * transaction's id is taken by the append statement's first write (the UPDATE or INSERT of the
 * stream's `streams` row, the row lock of append_events, or pg_current_xact_id), i.e. before its
 * events exist. Appends to different streams commit concurrently and share WAL
 * flushes (group commit); appends to one stream serialise on its `streams` row.
 *
 * Invariants: xid8 < 2^43 (checked by every append statement; ~8.8e12 transactions), at most 2^20
 * events per append (MAX_EVENTS_PER_APPEND is far below), one successful append statement per
 * transaction (a second would collide on the primary key). Positions have large gaps; callers never add one.
 *
 * Cost of the rule: transaction ids are cluster-wide, so any long-running transaction that holds an
 * id, in any database of the cluster (or a forgotten prepared transaction), holds the bound back:
 * readers (not writers) wait for it. Keep transactions on this server short.
 *
 * Appends
 * -------
 * One round trip, one statement, one transaction (autocommit). The common cases (no idempotency
 * key; expectation exact, any/stream-exists on an existing stream, or no-stream) run one plain-SQL
 * statement (fastAppendSql):
 *
 *     with s as (<step>), x as (select pg_current_xact_id() * 2^20 as base)
 *     insert into events select x.base + index, ... from s, x [, unnest(arrays)] returning ...
 *
 * where <step> is, by expectation:
 *     exact v         update streams set last_version = last_version + n
 *                      where stream_id = ? and last_version = v returning stream_id, last_version
 *     any / exists    the same without the version condition
 *     no stream       insert into streams values (?, n - 1) on conflict do nothing returning ...
 * The UPDATE takes the stream's row lock, so appends to one stream serialise exactly as with the
 * former SELECT ... FOR UPDATE; under READ COMMITTED an UPDATE that waited for a concurrent append
 * re-checks its WHERE on the newest row version, so "last_version = v" is judged against the
 * committed version. When the step matches no row (wrong version, missing stream, stream created
 * meanwhile) the statement inserts nothing and returns no row (or a null max); only then does the
 * caller run the append_events function (V1 migration), which locks, checks, creates an 'any'
 * stream, records idempotency keys, and reports the actual version of an unmet expectation.
 * Appends with an idempotency key always take append_events. Single-event appends bind scalar
 * parameters; multi-event appends bind six arrays (text, text, int4, bool, bytea, text) that the
 * driver sends in binary (for uuid and jsonb there is no binary array encoder in pgjdbc, so ids
 * and metadata travel as text[] and are cast per element on the server). created_at travels as
 * epoch microseconds (int8), so the driver does not format a timestamp per append.
 *
 * Either way the unique (stream_id, version) and (event_id) keys are the final judges: a violation,
 * or an unmet expectation, sends the caller to resolveConflict, which recognises an idempotent retry
 * (the batch's ids already stored at the versions the expectation implies) and answers the original
 * outcome, else WrongExpectedVersion. A failing statement rolls back whole (the stream row too).
 * The position range check (xid < 2^43) is the bigint overflow of "xid * 2^20" in the fast
 * statement (error 22003) and an explicit check (error 54000) in append_events.
 *
 * Hot statements (the appends and the reads) are PreparedStatements cached per physical connection
 * (StatementCache) and server-prepared from their first execution (prepareThreshold=-1), so rows
 * come back in binary.
 *
 * Reads
 * -----
 * Rows are mapped from raw column bytes where the driver gives them without conversion: uuid (16
 * bytes) and timestamptz (8 bytes, microseconds since 2000-01-01) in binary, event type and stream
 * id Strings reused while consecutive rows repeat them, metadata "{}" as Metadata.EMPTY; a column
 * that arrives as text (e.g. on a driver that did not switch to binary) takes the driver's
 * conversion instead. Payloads are read from data_bytes (exact bytes), never from the jsonb copy.
 * A stream read names its page's version range exactly, [from, from + n) forward or (f - n, f]
 * backward with f = min(from, last version), besides the LIMIT: a stream's versions are contiguous
 * (appends take consecutive versions, nothing deletes events), so the range drops no event, but it
 * keeps the planner on the ordered (stream_id, version) index scan. With only "version >= from ...
 * limit n", a custom plan (the first five executions of the prepared statement on each connection,
 * any unprepared execution) over the statistics of a table holding many streams chose a bitmap
 * scan of the whole rest of the stream plus a top-n sort, for every page: 27-50 ms instead of 1.2-2 ms per 1,000-event page of a
 * 10,000-event stream among 300 others (EXPLAIN ANALYZE), i.e. a quadratic stream load. (The
 * generic plan used afterwards happened to be the index scan; with the range, both plans are.)
 * A stream read selects null for stream_id (the caller names the stream): one text value fewer to
 * send and receive per row. Reading ahead (the next page while the caller folds this one) is the
 * callers' business (the projection runner does it for catch-up): a page is always one statement
 * on one pooled connection, so such readers may overlap the server's work with their own.
 *
 * Payload storage: data_bytes (bytea) is the exact payload and the only column reads use; data
 * (jsonb) is the queryable copy the issue asks for, filled on the server from data_bytes when the
 * bytes are JSON PostgreSQL accepts. Both are kept on purpose: jsonb does not keep bytes (key order,
 * whitespace, escapes), and the contract requires exact payload bytes back; the raw baseline of the
 * append benchmark stores the same two copies.
 *
 * Failure modes: every SQLException is translated at this boundary (SqlFailures). A connection lost
 * during an append leaves its outcome unknown: the caller gets UNAVAILABLE and retries with the same
 * event ids, which either appends or returns the original coordinates. A lost connection also
 * soft-evicts the pool's idle connections (after a server restart they are all dead), so the retry
 * gets a fresh one.
 *
 * Durability: open() reads fsync, synchronous_commit and full_page_writes as a session of the
 * store's role and database sees them (so per-role and per-database overrides count) and, in the
 * default REQUIRE_DURABLE_SERVER mode, refuses with a reason that names each one that is off.
 */

/** An {@link EventStore} on PostgreSQL: many service instances may share one database schema. */
public final class PostgresEventStore implements EventStore {
    /** More events than this in one append answer {@link StorageFailure.Kind#REJECTED}. */
    public static final int MAX_EVENTS_PER_APPEND = 10_000;
    private static final int MAX_PAGE = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(PostgresEventStore.class);

    private final PostgresStoreConfig config;
    private final HikariDataSource pool;
    private final ChangeNotifier notifier;
    private final boolean storesJsonb;
    private final String appendSql;
    private final String[] fastOneSql;
    private final String[] fastManySql;
    private final String findEventsSql;
    private final String lastVersionSql;
    private final String readForwardSql;
    private final String readBackwardSql;
    private final String readAllSql;
    private final String readCategorySql;
    private final String readableAfterSql;
    private final String findKeySql;
    private final StatementCache statements = new StatementCache();
    private volatile boolean closed;

    private PostgresEventStore(PostgresStoreConfig config, HikariDataSource pool, ChangeNotifier notifier,
                               boolean storesJsonb) {
        this.config = config;
        this.pool = pool;
        this.notifier = notifier;
        this.storesJsonb = storesJsonb;
        String s = config.schema();
        String columns = "e.position, e.stream_id, e.version, e.event_id, e.event_type, e.schema_version, "
                + "e.data_bytes, e.metadata, e.created_at";
        String bound = "(pg_snapshot_xmin(pg_current_snapshot())::text::bigint << 20)";
        this.appendSql = "/* annals append */ select o_status, o_version, o_position from " + s
                + ".append_events(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        this.fastOneSql = new String[3];
        this.fastManySql = new String[3];
        for (int kind = 0; kind < 3; kind++) {
            fastOneSql[kind] = fastAppendSql(s, kind, false);
            fastManySql[kind] = fastAppendSql(s, kind, true);
        }
        this.findEventsSql = "select event_id, stream_id, version, position from " + s
                + ".events where event_id = any(?)";
        this.lastVersionSql = "select last_version from " + s + ".streams where stream_id = ?";
        // a stream read knows its stream: null instead of repeating stream_id in every row
        String streamColumns = columns.replace("e.stream_id", "null::text");
        this.readForwardSql = "select s.last_version, " + streamColumns + " from " + s + ".streams s left join lateral "
                + "(select * from " + s + ".events e where e.stream_id = s.stream_id and e.version >= ? and e.version < ? "
                + "order by e.version limit ?) e on true where s.stream_id = ?";
        this.readBackwardSql = "select s.last_version, " + streamColumns + " from " + s + ".streams s left join lateral "
                + "(select * from " + s + ".events e where e.stream_id = s.stream_id and e.version <= least(?, s.last_version) "
                + "and e.version > least(?, s.last_version) - ? "
                + "order by e.version desc limit ?) e on true where s.stream_id = ?";
        // head: the highest position below the bound, i.e. the last event any reader can see now
        String head = "with b as (select " + bound + " as bound), h as (select b.bound, coalesce((select max(x.position) "
                + "from " + s + ".events x where x.position < b.bound), 0) as head from b) select h.head, ";
        this.readAllSql = head + columns + " from h left join lateral (select * from " + s + ".events e "
                + "where e.position > ? and e.position < h.bound order by e.position limit ?) e on true";
        this.readCategorySql = head + columns + " from h left join lateral (select * from " + s + ".events e "
                + "where e.category = ? and e.position > ? and e.position < h.bound order by e.position limit ?) e on true";
        this.readableAfterSql = "select exists (select 1 from " + s + ".events where position > ? and position < "
                + "(select " + bound + "))";
        this.findKeySql = "select stream_id, first_version, last_version, last_position, request_hash from " + s
                + ".idempotency_keys where key = ?";
    }

    /**
     * Connects, checks the server's durability settings (unless the config allows an unsafe server),
     * creates or migrates the schema and starts listening for other processes' appends.
     */
    public static OpenResult open(PostgresStoreConfig config) {
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(poolConfig(config));
        } catch (HikariPool.PoolInitializationException e) {
            if (e.getCause() instanceof SQLException sql) {
                return new OpenResult.Failed(SqlFailures.translate("connect", sql));
            }
            return new OpenResult.Failed(StorageFailure.unavailable("connect failed: " + e.getMessage()));
        }
        boolean ok = false;
        try {
            Map<String, String> settings = serverSettings(pool);
            List<String> unsafe = DurabilityCheck.unsafeSettings(settings);
            if (!unsafe.isEmpty()) {
                if (config.durability() == PostgresStoreConfig.Durability.REQUIRE_DURABLE_SERVER) {
                    return new OpenResult.Refused(DurabilityCheck.refusal(unsafe));
                }
                LOG.warn("UNSAFE: opening PostgreSQL store on a server that can lose acknowledged commits: {}", unsafe);
            }
            boolean utf8 = "UTF8".equalsIgnoreCase(settings.get("server_encoding"));
            Flyway.configure()
                    .dataSource(pool)
                    .schemas(config.schema())
                    .defaultSchema(config.schema())
                    .createSchemas(true)
                    .locations("classpath:db/migration/annals")
                    .table("annals_schema_history")
                    .loggers("slf4j")
                    .load()
                    .migrate();
            var notifier = new ChangeNotifier(channelOf(config.schema()), config.url(), listenProperties(config), pool,
                    config.notifyInterval());
            notifier.start();
            ok = true;
            return new OpenResult.Opened(new PostgresEventStore(config, pool, notifier, utf8));
        } catch (SQLException e) {
            return new OpenResult.Failed(SqlFailures.translate("open", e));
        } catch (FlywayException e) {
            LOG.warn("schema migration of {} failed", config.schema(), e);
            return new OpenResult.Failed(StorageFailure.unavailable("schema migration failed: " + e.getMessage()));
        } finally {
            if (!ok) {
                pool.close();
            }
        }
    }

    private static HikariConfig poolConfig(PostgresStoreConfig config) {
        var hikari = new HikariConfig();
        hikari.setJdbcUrl(config.url());
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(config.maxPoolSize());
        hikari.setMinimumIdle(Math.min(2, config.maxPoolSize()));
        hikari.setConnectionTimeout(config.connectTimeout().toMillis());
        hikari.setPoolName("annals-" + config.schema());
        hikari.setAutoCommit(true);
        hikari.addDataSourceProperty("ApplicationName", "annals");
        // server-prepared from the first execution, results in binary (bytea, uuid, timestamptz,
        // int8 arrive as raw bytes, not as text to parse): see "Reads" above
        hikari.addDataSourceProperty("prepareThreshold", "-1");
        return hikari;
    }

    private static Properties listenProperties(PostgresStoreConfig config) {
        var properties = new Properties();
        properties.setProperty("user", config.user());
        properties.setProperty("password", config.password());
        properties.setProperty("ApplicationName", "annals-listen");
        properties.setProperty("connectTimeout", Long.toString(Math.max(1, config.connectTimeout().toSeconds())));
        return properties;
    }

    static String channelOf(String schema) {
        String channel = "annals_" + schema;
        return channel.length() > 63 ? channel.substring(0, 63) : channel;
    }

    private static Map<String, String> serverSettings(HikariDataSource pool) throws SQLException {
        Map<String, String> settings = new HashMap<>();
        try (Connection connection = pool.getConnection();
             var statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select current_setting('fsync'), "
                     + "current_setting('synchronous_commit'), current_setting('full_page_writes'), "
                     + "current_setting('server_encoding')")) {
            rs.next();
            settings.put("fsync", rs.getString(1));
            settings.put("synchronous_commit", rs.getString(2));
            settings.put("full_page_writes", rs.getString(3));
            settings.put("server_encoding", rs.getString(4));
        }
        return settings;
    }

    /** The store's snapshots, in the same database and schema. */
    public SnapshotStore snapshots() {
        return new PostgresSnapshotStore(pool, config.schema());
    }

    /** Named checkpoints, in the same database and schema. */
    public CheckpointStore checkpoints() {
        return new PostgresCheckpointStore(pool, config.schema(), config.clock());
    }

    /**
     * The read model of one view: states per key, the view's checkpoint and fencing token, committed
     * in one transaction ({@link ViewStore#isAtomic()} is true).
     */
    public <S> ViewStore<S> viewStore(String viewName, StateCodec<S> codec) {
        return new PostgresViewStore<>(pool, config.schema(), CheckpointStore.requireValidName(viewName), codec, storesJsonb,
                config.clock(), statements);
    }

    // ------------------------------------------------------------------ append

    @Override
    public AppendResult append(StreamId stream, ExpectedVersion expected, List<EventData> events) {
        EventStore.requireValidBatch(events);
        if (events.size() > MAX_EVENTS_PER_APPEND) {
            return new AppendResult.Failed(new StorageFailure(StorageFailure.Kind.REJECTED,
                    events.size() + " events in one append; at most " + MAX_EVENTS_PER_APPEND));
        }
        if (closed) {
            return new AppendResult.Failed(StorageFailure.unavailable("store is closed"));
        }
        try (Connection connection = pool.getConnection()) {
            long[] outcome = execute(connection, stream, expected, events);
            if (outcome[0] == 0) {
                notifier.appended();
                return new AppendResult.Appended(StreamVersion.of(outcome[1]), GlobalPosition.of(outcome[2]));
            }
            return resolveConflict(connection, stream, expected, events,
                    outcome[1] < 0 ? null : StreamVersion.of(outcome[1]));
        } catch (SQLException e) {
            if (SqlFailures.isUniqueViolation(e)) {
                return resolveConflictOnFreshConnection(stream, expected, events);
            }
            return new AppendResult.Failed(failure("append to " + stream, e));
        }
    }

    /**
     * Runs the append statement inside the caller's transaction, without idempotency resolution or
     * notification: for tests that hold a transaction open around an append (gap safety).
     * Answers Appended, or WrongExpectedVersion when the expectation is not met.
     */
    AppendResult appendWithin(Connection connection, StreamId stream, ExpectedVersion expected, List<EventData> events)
            throws SQLException {
        EventStore.requireValidBatch(events);
        long[] outcome = execute(connection, stream, expected, events);
        if (outcome[0] == 0) {
            return new AppendResult.Appended(StreamVersion.of(outcome[1]), GlobalPosition.of(outcome[2]));
        }
        return new AppendResult.WrongExpectedVersion(stream, expected, outcome[1] < 0 ? null : StreamVersion.of(outcome[1]));
    }

    private static final int STEP_EXACT = 0;
    private static final int STEP_EXISTING = 1;
    private static final int STEP_NEW = 2;

    /**
     * The plain-SQL append of one statement (see "Appends" above): a CTE that advances the stream's
     * row under its expectation (the row lock serialises appenders, READ COMMITTED re-checks the
     * WHERE on the newest row version after a wait), then inserts the events at positions taken from
     * the transaction id. It returns no row when the step matched no row: the caller then asks
     * append_events, which tells why (or creates the stream of an 'any' append).
     */
    private static String fastAppendSql(String s, int step, boolean many) {
        String count = many ? "?" : "1";
        String stepSql = switch (step) {
            case STEP_EXACT -> "update " + s + ".streams set last_version = last_version + " + count
                    + " where stream_id = ? and last_version = ? returning stream_id, last_version";
            case STEP_EXISTING -> "update " + s + ".streams set last_version = last_version + " + count
                    + " where stream_id = ? returning stream_id, last_version";
            default -> "insert into " + s + ".streams (stream_id, last_version) values (?, " + count
                    + " - 1) on conflict (stream_id) do nothing returning stream_id, last_version";
        };
        // xid * 2^20 fails with 'bigint out of range' once xid >= 2^43: the position range check
        String head = "/* annals append */ with s as (" + stepSql + "), x as (select pg_current_xact_id()::text::bigint"
                + " * 1048576 as base) ";
        String insert = "insert into " + s + ".events (position, stream_id, category, version, event_id, event_type, "
                + "schema_version, data, data_bytes, metadata, created_at) ";
        String createdAt = "timestamptz 'epoch' + ? * interval '1 microsecond'";
        if (!many) {
            return head + insert + "select x.base, s.stream_id, ?, s.last_version, ?, ?, ?, "
                    + "case when ? then convert_from(p.b, 'UTF8')::jsonb end, p.b, ?::jsonb, " + createdAt
                    + " from s, x, (select ?::bytea as b) p returning position, version";
        }
        return head + ", ins as (" + insert + "select x.base + e.ord - 1, s.stream_id, ?, s.last_version - ? + e.ord, "
                + "e.id::uuid, e.type, e.sv, case when e.is_json then convert_from(e.bytes, 'UTF8')::jsonb end, e.bytes, "
                + "e.meta::jsonb, " + createdAt + " from s, x, unnest(?::text[], ?::text[], ?::int4[], ?::bool[], "
                + "?::bytea[], ?::text[]) with ordinality as e(id, type, sv, is_json, bytes, meta, ord) "
                + "returning position, version) select max(position), max(version) from ins";
    }

    /** One append: {status, version (-1 when null), position}; the plain-SQL statement first, append_events when it cannot decide. */
    private long[] execute(Connection connection, StreamId stream, ExpectedVersion expected, List<EventData> events)
            throws SQLException {
        if (events.getFirst().metadata().idempotencyKey() == null) {
            long[] appended = fastAppend(connection, stream, expected, events);
            if (appended != null) {
                return appended;
            }
        }
        return callAppendEvents(connection, stream, expected, events);
    }

    private long @Nullable [] fastAppend(Connection connection, StreamId stream, ExpectedVersion expected,
                                        List<EventData> events) throws SQLException {
        int step = switch (expected) {
            case ExpectedVersion.Exact exact -> STEP_EXACT;
            case ExpectedVersion.NoStream noStream -> STEP_NEW;
            case ExpectedVersion.Any any -> STEP_EXISTING;
            case ExpectedVersion.StreamExists exists -> STEP_EXISTING;
        };
        PreparedStatement statement = statements.prepare(connection,
                events.size() == 1 ? fastOneSql[step] : fastManySql[step]);
        try {
            return events.size() == 1
                    ? fastAppendOne(statement, stream, expected, events.getFirst())
                    : fastAppendMany(connection, statement, stream, expected, step, events);
        } finally {
            statement.clearParameters();  // a cached statement must not keep the payloads reachable
        }
    }

    private long @Nullable [] fastAppendOne(PreparedStatement statement, StreamId stream, ExpectedVersion expected,
                                           EventData event) throws SQLException {
        byte[] data = event.dataUnsafe();
        int i = 1;
        statement.setString(i++, stream.value());
        if (expected instanceof ExpectedVersion.Exact exact) {
            statement.setLong(i++, exact.version().value());
        }
        statement.setString(i++, stream.category());
        statement.setObject(i++, event.eventId());
        statement.setString(i++, event.eventType());
        statement.setInt(i++, event.schemaVersion());
        statement.setBoolean(i++, storesJsonb && JsonPayloads.isJsonb(data));
        statement.setString(i++, MetadataJson.encode(event.metadata()));
        statement.setLong(i++, createdAtMicros());
        statement.setBytes(i, data);
        try (ResultSet rs = statement.executeQuery()) {
            return rs.next() ? new long[] {0, rs.getLong(2), rs.getLong(1)} : null;
        }
    }

    private long @Nullable [] fastAppendMany(Connection connection, PreparedStatement statement, StreamId stream,
                                            ExpectedVersion expected, int step, List<EventData> events)
            throws SQLException {
        int count = events.size();
        Columns columns = columns(events);
        String[] ids = new String[count];
        for (int k = 0; k < count; k++) {
            ids[k] = columns.ids()[k].toString();  // text[]: pgjdbc has no binary uuid[] encoder
        }
        int i = 1;
        if (step == STEP_NEW) {
            statement.setString(i++, stream.value());
            statement.setLong(i++, count);
        } else {
            statement.setLong(i++, count);
            statement.setString(i++, stream.value());
            if (expected instanceof ExpectedVersion.Exact exact) {
                statement.setLong(i++, exact.version().value());
            }
        }
        statement.setString(i++, stream.category());
        statement.setLong(i++, count);
        statement.setLong(i++, createdAtMicros());
        statement.setArray(i++, connection.createArrayOf("text", ids));
        statement.setArray(i++, connection.createArrayOf("text", columns.types()));
        statement.setArray(i++, connection.createArrayOf("int4", columns.schemaVersions()));
        statement.setArray(i++, connection.createArrayOf("bool", columns.isJson()));
        statement.setArray(i++, connection.createArrayOf("bytea", columns.data()));
        statement.setArray(i, connection.createArrayOf("text", columns.metadata()));
        try (ResultSet rs = statement.executeQuery()) {
            rs.next();
            long position = rs.getLong(1);
            return rs.wasNull() ? null : new long[] {0, rs.getLong(2), position};
        }
    }

    /** An append's per-event columns, as the arrays a statement binds. */
    private record Columns(UUID[] ids, String[] types, Integer[] schemaVersions, Boolean[] isJson, byte[][] data,
                           String[] metadata) {}

    private Columns columns(List<EventData> events) {
        int count = events.size();
        var columns = new Columns(new UUID[count], new String[count], new Integer[count], new Boolean[count],
                new byte[count][], new String[count]);
        for (int k = 0; k < count; k++) {
            EventData event = events.get(k);
            columns.ids()[k] = event.eventId();
            columns.types()[k] = event.eventType();
            columns.schemaVersions()[k] = event.schemaVersion();
            columns.data()[k] = event.dataUnsafe();
            columns.isJson()[k] = storesJsonb && JsonPayloads.isJsonb(columns.data()[k]);
            columns.metadata()[k] = MetadataJson.encode(event.metadata());
        }
        return columns;
    }

    private long createdAtMicros() {
        var now = config.clock().instant();
        return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000L), now.getNano() / 1_000);
    }

    /** One call of append_events: {status, version (-1 when null), position}. */
    private long[] callAppendEvents(Connection connection, StreamId stream, ExpectedVersion expected, List<EventData> events)
            throws SQLException {
        Columns columns = columns(events);
        Metadata first = events.getFirst().metadata();
        try (PreparedStatement statement = connection.prepareStatement(appendSql)) {
            statement.setString(1, stream.value());
            statement.setString(2, stream.category());
            switch (expected) {
                case ExpectedVersion.Any any -> setExpected(statement, 0, -1);
                case ExpectedVersion.NoStream noStream -> setExpected(statement, 1, -1);
                case ExpectedVersion.StreamExists exists -> setExpected(statement, 2, -1);
                case ExpectedVersion.Exact exact -> setExpected(statement, 3, exact.version().value());
            }
            statement.setArray(5, connection.createArrayOf("uuid", columns.ids()));
            statement.setArray(6, connection.createArrayOf("text", columns.types()));
            statement.setArray(7, connection.createArrayOf("int4", columns.schemaVersions()));
            statement.setArray(8, connection.createArrayOf("bool", columns.isJson()));
            statement.setArray(9, connection.createArrayOf("bytea", columns.data()));
            statement.setArray(10, connection.createArrayOf("jsonb", columns.metadata()));
            statement.setObject(11, OffsetDateTime.ofInstant(
                    config.clock().instant().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
            statement.setString(12, first.idempotencyKey());
            statement.setString(13, first.entry(Metadata.REQUEST_HASH));
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                long status = rs.getLong(1);
                long version = rs.getLong(2);
                if (rs.wasNull()) {
                    version = -1;
                }
                return new long[] {status, version, rs.getLong(3)};
            }
        }
    }

    private static void setExpected(PreparedStatement statement, int kind, long version) throws SQLException {
        statement.setInt(3, kind);
        statement.setLong(4, version);
    }

    private AppendResult resolveConflictOnFreshConnection(StreamId stream, ExpectedVersion expected, List<EventData> events) {
        try (Connection connection = pool.getConnection()) {
            return resolveConflict(connection, stream, expected, events, lastVersion(connection, stream));
        } catch (SQLException e) {
            return new AppendResult.Failed(failure("append to " + stream, e));
        }
    }

    /**
     * The append did not go through as asked. If the batch's ids are stored, in this stream, in
     * order, at the versions the expectation allows, this is a retry: answer the original outcome.
     */
    private AppendResult resolveConflict(Connection connection, StreamId stream, ExpectedVersion expected,
                                         List<EventData> events, @Nullable StreamVersion actual) throws SQLException {
        Map<UUID, long[]> stored = new HashMap<>();
        UUID[] ids = events.stream().map(EventData::eventId).toArray(UUID[]::new);
        try (PreparedStatement statement = connection.prepareStatement(findEventsSql)) {
            statement.setArray(1, connection.createArrayOf("uuid", ids));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(2).equals(stream.value())) {
                        stored.put(rs.getObject(1, UUID.class), new long[] {rs.getLong(3), rs.getLong(4)});
                    }
                }
            }
        }
        if (actual == null && !stored.isEmpty()) {
            actual = lastVersion(connection, stream);
        }
        long[] firstStored = stored.get(ids[0]);
        if (firstStored != null && stored.size() == ids.length && actual != null) {
            long start = firstStored[0];
            boolean consecutive = true;
            for (int i = 0; i < ids.length && consecutive; i++) {
                consecutive = stored.get(ids[i])[0] == start + i;
            }
            boolean allowed = switch (expected) {
                case ExpectedVersion.Exact exact -> start == exact.version().value() + 1;
                case ExpectedVersion.NoStream noStream -> start == 0;
                case ExpectedVersion.Any any -> start > actual.value() - EventStore.IDEMPOTENCY_WINDOW;
                case ExpectedVersion.StreamExists exists -> start > actual.value() - EventStore.IDEMPOTENCY_WINDOW;
            };
            if (consecutive && allowed) {
                long[] last = stored.get(ids[ids.length - 1]);
                return new AppendResult.Appended(StreamVersion.of(last[0]), GlobalPosition.of(last[1]));
            }
        }
        return new AppendResult.WrongExpectedVersion(stream, expected, actual);
    }

    private @Nullable StreamVersion lastVersion(Connection connection, StreamId stream) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(lastVersionSql)) {
            statement.setString(1, stream.value());
            try (ResultSet rs = statement.executeQuery()) {
                if (rs.next() && rs.getLong(1) >= 0) {
                    return StreamVersion.of(rs.getLong(1));
                }
                return null;
            }
        }
    }


    // ------------------------------------------------------------------ reads

    @Override
    public ReadStreamResult readStream(StreamId stream, StreamVersion from, ReadDirection direction, int maxCount) {
        requirePositive(maxCount);
        boolean forward = direction == ReadDirection.FORWARD;
        try (Connection connection = pool.getConnection()) {
            PreparedStatement statement = statements.prepare(connection, forward ? readForwardSql : readBackwardSql);
            int limit = Math.min(maxCount, MAX_PAGE);
            long start = from.value();
            // the page's exact version range (versions are contiguous): see "Reads" above
            int i = 1;
            statement.setLong(i++, start);
            if (forward) {
                statement.setLong(i++, start > Long.MAX_VALUE - limit ? Long.MAX_VALUE : start + limit);
            } else {
                statement.setLong(i++, start);  // the range starts at min(from, last version)
                statement.setLong(i++, limit);
            }
            statement.setInt(i++, limit);
            statement.setString(i, stream.value());
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return new ReadStreamResult.NotFound(stream);
                }
                long last = rs.getLong(1);
                if (last < 0) {
                    return new ReadStreamResult.NotFound(stream);
                }
                List<RecordedEvent> events = new ArrayList<>(Math.min(maxCount, MAX_PAGE));
                rs.getLong(2);
                if (!rs.wasNull()) {
                    var cache = new RowCache();
                    do {
                        events.add(toEvent(rs, 2, stream, cache));
                    } while (rs.next());
                }
                boolean isEnd = events.isEmpty()
                        || (forward ? events.getLast().version().value() == last : events.getLast().version().value() == 0);
                return new ReadStreamResult.Found(stream, events, StreamVersion.of(last), isEnd);
            }
        } catch (SQLException e) {
            return new ReadStreamResult.Failed(failure("read " + stream, e));
        } catch (IllegalStateException | IllegalArgumentException e) {
            return new ReadStreamResult.Failed(StorageFailure.corrupted("stored event of " + stream
                    + " cannot be read: " + e.getMessage()));
        }
    }

    @Override
    public ReadAllResult readAll(GlobalPosition after, int maxCount) {
        return readPage(null, after, maxCount);
    }

    @Override
    public ReadAllResult readCategory(String category, GlobalPosition after, int maxCount) {
        return readPage(category, after, maxCount);
    }

    private ReadAllResult readPage(@Nullable String category, GlobalPosition after, int maxCount) {
        requirePositive(maxCount);
        int limit = Math.min(maxCount, MAX_PAGE);
        try (Connection connection = pool.getConnection()) {
            PreparedStatement statement = statements.prepare(connection, category == null ? readAllSql : readCategorySql);
            int index = 1;
            if (category != null) {
                statement.setString(index++, category);
            }
            statement.setLong(index++, after.value());
            statement.setInt(index, limit + 1);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                long head = rs.getLong(1);
                List<RecordedEvent> events = new ArrayList<>(limit);
                boolean isEnd = true;
                rs.getLong(2);
                if (!rs.wasNull()) {
                    var cache = new RowCache();
                    do {
                        if (events.size() == limit) {
                            isEnd = false;
                            break;
                        }
                        events.add(toEvent(rs, 2, cache.stream(rs.getBytes(3)), cache));
                    } while (rs.next());
                }
                return new ReadAllResult.Page(events, GlobalPosition.of(head), isEnd);
            }
        } catch (SQLException e) {
            return new ReadAllResult.Failed(failure(category == null ? "read $all" : "read category "
                    + category, e));
        } catch (IllegalStateException | IllegalArgumentException e) {
            return new ReadAllResult.Failed(StorageFailure.corrupted("stored event cannot be read: " + e.getMessage()));
        }
    }

    /**
     * Maps the event columns starting at {@code column}: position, stream, version, id, type, schema,
     * data, metadata, time. Reads raw column bytes where the driver hands them over without a copy:
     * the binary form of uuid (16 bytes) and timestamptz (8 bytes, microseconds since 2000-01-01),
     * falling back to the driver's conversion when a column arrives as text; the event type's String
     * is reused while consecutive rows carry the same bytes; metadata "{}" is Metadata.EMPTY.
     */
    private static RecordedEvent toEvent(ResultSet rs, int column, StreamId stream, RowCache cache) throws SQLException {
        long position = rs.getLong(column);
        long version = rs.getLong(column + 2);
        byte[] rawId = rs.getBytes(column + 3);
        UUID id = rawId.length == 16 ? uuidOf(rawId) : rs.getObject(column + 3, UUID.class);
        String type = cache.type(rs.getBytes(column + 4));
        int schemaVersion = rs.getInt(column + 5);
        byte[] data = rs.getBytes(column + 6);
        byte[] rawMetadata = rs.getBytes(column + 7);
        Metadata metadata = isEmptyObject(rawMetadata) ? Metadata.EMPTY
                : MetadataJson.decode(new String(rawMetadata, StandardCharsets.UTF_8));
        byte[] rawTime = rs.getBytes(column + 8);
        Instant createdAt = rawTime.length == 8 ? instantOf(rawTime)
                : rs.getObject(column + 8, OffsetDateTime.class).toInstant();
        return new RecordedEvent(stream, StreamVersion.of(version), GlobalPosition.of(position), createdAt,
                new EventData(id, type, schemaVersion, data, metadata));
    }

    /** Per-read reuse of decoded column values that repeat from row to row. */
    private static final class RowCache {
        private byte @Nullable [] typeBytes;
        private String typeString = "";
        private byte @Nullable [] streamBytes;
        private @Nullable StreamId streamId;

        String type(byte[] bytes) {
            if (!Arrays.equals(bytes, typeBytes)) {
                typeBytes = bytes;
                typeString = new String(bytes, StandardCharsets.UTF_8);
            }
            return typeString;
        }

        StreamId stream(byte[] bytes) {
            if (streamId == null || !Arrays.equals(bytes, streamBytes)) {
                streamBytes = bytes;
                streamId = StreamId.of(new String(bytes, StandardCharsets.UTF_8));
            }
            return streamId;
        }
    }

    private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;  // 2000-01-01T00:00:00Z

    private static Instant instantOf(byte[] b) {
        long micros = longAt(b, 0);
        return Instant.ofEpochSecond(POSTGRES_EPOCH_SECONDS + Math.floorDiv(micros, 1_000_000L),
                Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    private static UUID uuidOf(byte[] b) {
        return new UUID(longAt(b, 0), longAt(b, 8));
    }

    private static long longAt(byte[] b, int at) {
        long value = 0;
        for (int i = at; i < at + 8; i++) {
            value = (value << 8) | (b[i] & 0xFF);
        }
        return value;
    }

    /** "{}" as text, or as binary jsonb (version byte 1, then the text). */
    private static boolean isEmptyObject(byte[] b) {
        return (b.length == 2 && b[0] == '{' && b[1] == '}') || (b.length == 3 && b[0] == 1 && b[1] == '{' && b[2] == '}');
    }

    @Override
    public IdempotencyLookup findIdempotencyKey(String key) {
        try (Connection connection = pool.getConnection();
             PreparedStatement statement = connection.prepareStatement(findKeySql)) {
            statement.setString(1, key);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return new IdempotencyLookup.NotFound();
                }
                return new IdempotencyLookup.Found(StreamId.of(rs.getString(1)), StreamVersion.of(rs.getLong(2)),
                        StreamVersion.of(rs.getLong(3)), GlobalPosition.of(rs.getLong(4)), rs.getString(5));
            }
        } catch (SQLException e) {
            return new IdempotencyLookup.Failed(failure("find idempotency key", e));
        }
    }

    @Override
    public boolean awaitPositionAfter(GlobalPosition position, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pollNanos = config.pollInterval().toNanos();
        while (!closed) {
            long seen = notifier.generation();
            if (isReadableAfter(position)) {
                return true;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            notifier.awaitChange(seen, Math.min(remaining, pollNanos));
        }
        return false;
    }

    private boolean isReadableAfter(GlobalPosition position) {
        try (Connection connection = pool.getConnection();
             PreparedStatement statement = connection.prepareStatement(readableAfterSql)) {
            statement.setLong(1, position.value());
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        } catch (SQLException e) {
            LOG.debug("checking for new events failed: {}", e.getMessage());
            return false;  // the waiter's own read will report the failure
        }
    }

    /**
     * Translates a failure; when the connection was lost (server restart, terminated backend,
     * network), the pool's other idle connections are likely dead too: evict them so the caller's
     * retry gets a fresh connection instead of the next dead one.
     */
    private StorageFailure failure(String operation, SQLException e) {
        if (SqlFailures.isConnectionLoss(e) && !closed) {
            try {
                var bean = pool.getHikariPoolMXBean();
                if (bean != null) {
                    bean.softEvictConnections();
                }
            } catch (RuntimeException evictionFailure) {
                LOG.debug("evicting idle connections failed: {}", evictionFailure.getMessage());
            }
        }
        return SqlFailures.translate(operation, e);
    }

    private static void requirePositive(int maxCount) {
        if (maxCount < 1) {
            throw new IllegalArgumentException("maxCount must be >= 1: " + maxCount);
        }
    }

    /** The configuration this store was opened with. */
    public PostgresStoreConfig config() {
        return config;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        notifier.close();
        pool.close();
    }
}
