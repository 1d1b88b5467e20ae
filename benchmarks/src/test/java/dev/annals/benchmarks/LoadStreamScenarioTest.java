// SPDX-License-Identifier: Apache-2.0
package dev.annals.benchmarks;

import static dev.annals.benchmarks.Scenarios.assertPositive;
import static dev.annals.benchmarks.Scenarios.fieldNames;
import static dev.annals.benchmarks.Scenarios.run;
import static dev.annals.benchmarks.Scenarios.tiny;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoadStreamScenarioTest {
    @Test
    void load_stream_reports_load_times_without_and_with_a_snapshot() {
        var json = run(tiny("load-stream", "--events", "500", "--loads", "3"));

        assertThat(fieldNames(json)).containsExactly("scenario", "store", "events", "eventBytes", "loads", "runs",
                "loadMillisWithoutSnapshot", "loadMillisWithSnapshot", "eventsFoldedPerSecond");
        assertPositive(json, "loadMillisWithoutSnapshot", "loadMillisWithSnapshot", "eventsFoldedPerSecond");
    }

    @Test
    void load_stream_on_the_embedded_store_uses_its_snapshot_store() {
        var json = run(tiny("load-stream", "--store", "embedded", "--events", "300", "--loads", "3"));

        assertThat(json.get("store").asText()).isEqualTo("embedded");
        assertPositive(json, "loadMillisWithoutSnapshot", "loadMillisWithSnapshot");
    }
}
