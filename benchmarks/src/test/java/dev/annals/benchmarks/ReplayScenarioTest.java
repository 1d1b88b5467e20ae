// SPDX-License-Identifier: Apache-2.0
package dev.annals.benchmarks;

import static dev.annals.benchmarks.Scenarios.assertPositive;
import static dev.annals.benchmarks.Scenarios.fieldNames;
import static dev.annals.benchmarks.Scenarios.run;
import static dev.annals.benchmarks.Scenarios.runFailing;
import static dev.annals.benchmarks.Scenarios.tiny;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplayScenarioTest {
    @Test
    void replay_through_the_trivial_view_reports_events_and_megabytes_per_second() {
        var json = run(tiny("replay", "--events", "3000"));

        assertThat(fieldNames(json)).containsExactly("scenario", "view", "store", "events", "eventBytes", "runs",
                "eventsPerSecond", "replayMillis", "megabytesPerSecond");
        assertThat(json.get("view").asText()).isEqualTo("trivial");
        assertPositive(json, "eventsPerSecond", "replayMillis", "megabytesPerSecond");
    }

    @Test
    void replay_through_the_order_summary_projection_on_the_memory_store() {
        var json = run(tiny("replay", "--view", "order-summary", "--events", "1000", "--writers", "2", "--batch-size", "100"));

        assertThat(fieldNames(json)).containsExactly("scenario", "view", "store", "viewStore", "events", "orders", "batchSize",
                "parallelDecoding", "runs", "eventsPerSecond", "replayMillis");
        assertThat(json.get("view").asText()).isEqualTo("order-summary");
        assertThat(json.get("orders").asInt()).isEqualTo(125);
        assertPositive(json, "eventsPerSecond", "replayMillis");
    }

    @Test
    void replay_through_the_order_summary_projection_into_a_file_view_store_on_the_embedded_store() {
        // 1001 events: the last order has one event only, so an incomplete order is checked as well
        var json = run(tiny("replay", "--view", "order-summary", "--store", "embedded", "--view-store", "file",
                "--events", "1001", "--writers", "2"));

        assertThat(json.get("store").asText()).isEqualTo("embedded");
        assertThat(json.get("viewStore").asText()).isEqualTo("file");
        assertThat(json.get("orders").asInt()).isEqualTo(126);
        assertPositive(json, "eventsPerSecond");
    }

    @Test
    void an_unknown_view_or_a_postgres_view_store_without_postgres_is_refused() {
        assertThat(runFailing("replay", "--view", "nonsense", "--events", "10").exitCode()).isNotZero();
        var failure = runFailing("replay", "--view", "order-summary", "--view-store", "postgres", "--events", "10");
        assertThat(failure.exitCode()).isNotZero();
        assertThat(failure.err()).contains("--view-store postgres needs --store postgres");
    }
}
