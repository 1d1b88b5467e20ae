// SPDX-License-Identifier: Apache-2.0
package dev.annals.benchmarks;

import static dev.annals.benchmarks.Scenarios.assertPositive;
import static dev.annals.benchmarks.Scenarios.fieldNames;
import static dev.annals.benchmarks.Scenarios.run;
import static dev.annals.benchmarks.Scenarios.tiny;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LiveScenarioTest {
    @Test
    void live_reports_the_latency_from_append_acknowledged_to_view_updated() {
        var json = run(tiny("live", "--writers", "2", "--events", "100", "--rate", "500"));

        assertThat(fieldNames(json)).containsExactly("scenario", "view", "store", "viewStore", "writers", "events", "rate",
                "runs", "appendsPerSecond", "p50Micros", "p99Micros", "maxMicros");
        assertThat(json.get("events").asInt()).isEqualTo(100);
        assertPositive(json, "appendsPerSecond", "p50Micros", "p99Micros", "maxMicros");
        assertThat(json.get("p99Micros").asDouble()).isGreaterThanOrEqualTo(json.get("p50Micros").asDouble());
    }

    @Test
    void live_into_a_file_view_store_on_the_embedded_store() {
        var json = run(tiny("live", "--store", "embedded", "--view-store", "file", "--writers", "1", "--events", "30",
                "--rate", "300"));

        assertThat(json.get("viewStore").asText()).isEqualTo("file");
        assertPositive(json, "p50Micros", "p99Micros");
    }
}
