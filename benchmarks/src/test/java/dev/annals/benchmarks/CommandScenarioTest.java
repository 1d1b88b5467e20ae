// SPDX-License-Identifier: Apache-2.0
package dev.annals.benchmarks;

import static dev.annals.benchmarks.Scenarios.assertPositive;
import static dev.annals.benchmarks.Scenarios.fieldNames;
import static dev.annals.benchmarks.Scenarios.run;
import static dev.annals.benchmarks.Scenarios.tiny;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommandScenarioTest {
    @Test
    void command_reports_commands_per_second_and_latency() {
        var json = run(tiny("command", "--writers", "2", "--events", "200", "--commands-per-stream", "5"));

        assertThat(fieldNames(json)).containsExactly("scenario", "store", "writers", "commands", "eventBytes",
                "commandsPerStream", "runs", "commandsPerSecond", "p50Micros", "p99Micros", "maxMicros");
        assertThat(json.get("commands").asInt()).isEqualTo(200);
        assertPositive(json, "commandsPerSecond", "p50Micros", "p99Micros");
    }
}
