// SPDX-License-Identifier: Apache-2.0
package dev.annals.benchmarks;

import static dev.annals.benchmarks.Scenarios.assertPositive;
import static dev.annals.benchmarks.Scenarios.run;
import static dev.annals.benchmarks.Scenarios.tiny;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scenarios on PostgreSQL given by --pg-url: one embedded server for the class (the default path
 * without --pg-url is covered by the append test).
 */
class PostgresScenariosTest {
    private static PgServer server;

    @BeforeAll
    static void startServer() {
        server = PgServer.start(null, "postgres", "", DurabilityMode.FSYNC);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static String[] onPostgres(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--store";
        all[args.length + 1] = "postgres";
        all[args.length + 2] = "--pg-url";
        all[args.length + 3] = server.url();
        return tiny(all);
    }

    @Test
    void replay_reads_all_from_postgres_and_drops_the_run_schema_afterwards() throws Exception {
        var json = run(onPostgres("replay", "--events", "500"));

        assertThat(json.get("store").asText()).isEqualTo("postgres");
        assertPositive(json, "eventsPerSecond", "baselineEventsPerSecond", "ratioToBaseline");
        assertRatio(json, json.get("eventsPerSecond").asDouble() / json.get("baselineEventsPerSecond").asDouble());
        try (var connection = server.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select count(*) from information_schema.schemata "
                     + "where schema_name like 'bench\\_%'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("benchmark schemas left behind").isZero();
        }
    }

    @Test
    void replay_through_the_order_summary_projection_into_the_postgres_view_store() {
        var json = run(onPostgres("replay", "--view", "order-summary", "--view-store", "postgres", "--events", "400",
                "--writers", "2", "--batch-size", "50"));

        assertThat(json.get("viewStore").asText()).isEqualTo("postgres");
        assertThat(json.get("orders").asInt()).isEqualTo(50);
        assertPositive(json, "eventsPerSecond", "replayMillis");
        assertThat(json.has("baselineEventsPerSecond")).as("the raw read baseline is the trivial view's").isFalse();
    }

    @Test
    void load_stream_on_postgres_loads_with_and_without_its_snapshot() {
        var json = run(onPostgres("load-stream", "--events", "300", "--loads", "3"));

        assertPositive(json, "loadMillisWithoutSnapshot", "loadMillisWithSnapshot", "baselineLoadMillis", "ratioToBaseline");
        assertRatio(json, json.get("baselineLoadMillis").asDouble() / json.get("loadMillisWithoutSnapshot").asDouble());
    }

    @Test
    void append_of_several_events_on_postgres_measures_the_baseline_of_as_many_rows_per_commit() {
        var json = run(onPostgres("append", "--writers", "2", "--events-per-append", "10", "--events", "400"));

        assertPositive(json, "eventsPerSecond", "baselineEventsPerSecond", "ratioToBaseline");
        assertRatio(json, json.get("eventsPerSecond").asDouble() / json.get("baselineEventsPerSecond").asDouble());
    }

    @Test
    void the_append_baseline_commits_as_many_rows_per_transaction_as_asked() throws Exception {
        assertThat(baselineRowsAndTransactions(1)).containsExactly(10, 10);
        assertThat(baselineRowsAndTransactions(10)).containsExactly(100, 10);
    }

    /** Runs the append baseline on 2 connections, 5 commits each, and counts its rows and their transactions. */
    private static int[] baselineRowsAndTransactions(int rowsPerCommit) throws Exception {
        String schema = server.newSchemaName();
        try {
            PgBaseline.rowsPerSecond(server, schema, 2, 5, rowsPerCommit, Payloads.json(64));
            try (var connection = server.connect(); Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("select count(*), count(distinct xmin::text) from "
                         + schema + ".baseline_events")) {
                rs.next();
                return new int[] {rs.getInt(1), rs.getInt(2)};
            }
        } finally {
            server.dropSchema(schema);
        }
    }

    private static void assertRatio(JsonNode json, double expected) {
        assertThat(json.get("ratioToBaseline").asDouble()).isCloseTo(expected, within(0.01 + expected * 0.01));
    }

    @Test
    void live_on_postgres_into_the_postgres_view_store() {
        var json = run(onPostgres("live", "--view-store", "postgres", "--writers", "2", "--events", "40", "--rate", "200"));

        assertPositive(json, "p50Micros", "p99Micros");
    }
}
