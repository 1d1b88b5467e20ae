// SPDX-License-Identifier: Apache-2.0
package dev.annals.benchmarks;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Warm-up runs, then measured runs, each on fresh stores; the result is the median of every metric.
 * Progress goes to {@code out} as it happens; the JSON line is the caller's last line.
 */
final class RunLoop {
    private RunLoop() {
    }

    /** One run of a scenario: its metrics by name, in the order they should be printed. */
    @FunctionalInterface
    interface Run {
        Map<String, Double> run(BenchStores stores, boolean isWarmup);
    }

    static Map<String, Object> measure(PrintWriter out, BenchOptions options, Map<String, Object> header, Run run) {
        List<Map<String, Double>> measured = new ArrayList<>();
        try (BenchStores stores = BenchStores.create(options)) {
            for (int i = 1; i <= options.warmupRuns; i++) {
                out.printf("warm-up %d/%d%n", i, options.warmupRuns);
                out.flush();
                run.run(stores, true);
            }
            for (int i = 1; i <= options.runs; i++) {
                Map<String, Double> metrics = run.run(stores, false);
                out.printf("run %d/%d: %s%n", i, options.runs, describe(metrics));
                out.flush();
                measured.add(metrics);
            }
        }
        Map<String, Object> result = new LinkedHashMap<>(header);
        result.put("runs", options.runs);
        result.putAll(medians(measured));
        return result;
    }

    static Map<String, Double> medians(List<Map<String, Double>> runs) {
        Map<String, Double> medians = new LinkedHashMap<>();
        for (String name : runs.getFirst().keySet()) {
            double[] values = runs.stream().mapToDouble(run -> run.get(name)).toArray();
            Arrays.sort(values);
            int mid = values.length / 2;
            medians.put(name, values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2);
        }
        return medians;
    }

    private static String describe(Map<String, Double> metrics) {
        List<String> parts = new ArrayList<>();
        metrics.forEach((name, value) -> parts.add(name + "=" + JsonLine.round(value)));
        return String.join(", ", parts);
    }
}
