// SPDX-License-Identifier: Apache-2.0
package dev.annals.benchmarks;

import static dev.annals.benchmarks.Scenarios.assertPositive;
import static dev.annals.benchmarks.Scenarios.fieldNames;
import static dev.annals.benchmarks.Scenarios.run;
import static dev.annals.benchmarks.Scenarios.tiny;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AppendScenarioTest {
    @Test
    void append_on_the_memory_store_reports_throughput_and_latency_percentiles() {
        var json = run(tiny("append", "--store", "memory", "--writers", "2", "--events", "200", "--events-per-append", "2"));

        assertThat(fieldNames(json)).containsExactly("scenario", "store", "writers", "eventsPerAppend", "events", "eventBytes",
                "streamsPerWriter", "runs", "eventsPerSecond", "appendsPerSecond", "p50Micros", "p99Micros", "p999Micros",
                "maxMicros");
        assertThat(json.get("scenario").asText()).isEqualTo("append");
        assertThat(json.get("events").asInt()).isEqualTo(200);
        assertPositive(json, "eventsPerSecond", "appendsPerSecond", "p50Micros", "p99Micros", "maxMicros");
        assertThat(json.get("eventsPerSecond").asDouble()).isCloseTo(2 * json.get("appendsPerSecond").asDouble(), within(2.0));
    }

    @Test
    void append_on_the_embedded_store_runs_with_fsync_by_default_beside_a_raw_group_commit_baseline() {
        var json = run(tiny("append", "--store", "embedded", "--writers", "2", "--events", "100"));

        assertThat(json.get("store").asText()).isEqualTo("embedded");
        assertThat(json.get("durability").asText()).isEqualTo("fsync");
        assertPositive(json, "eventsPerSecond", "p50Micros", "p99Micros", "baselineEventsPerSecond", "ratioToBaseline");
    }

    @Test
    void append_on_the_embedded_store_without_fsync_when_asked() {
        var json = run(tiny("append", "--store", "embedded", "--durability", "unsafe", "--writers", "2", "--events", "100"));

        assertThat(json.get("durability").asText()).isEqualTo("unsafe");
        assertPositive(json, "eventsPerSecond");
        assertThat(json.has("baselineEventsPerSecond")).as("an fsync baseline says nothing about an unsafe run").isFalse();
    }

    @Test
    void append_on_postgres_without_a_url_starts_its_own_server_and_measures_the_raw_insert_baseline() {
        var json = run(tiny("append", "--store", "postgres", "--writers", "2", "--events", "60"));

        assertThat(json.get("store").asText()).isEqualTo("postgres");
        assertThat(fieldNames(json)).contains("baselineEventsPerSecond", "ratioToBaseline");
        assertPositive(json, "eventsPerSecond", "baselineEventsPerSecond", "ratioToBaseline", "p99Micros");
        double ratio = json.get("eventsPerSecond").asDouble() / json.get("baselineEventsPerSecond").asDouble();
        assertThat(json.get("ratioToBaseline").asDouble()).isCloseTo(ratio, within(0.01 + ratio * 0.01));
    }
}
