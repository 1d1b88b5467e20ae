// SPDX-License-Identifier: Apache-2.0
package dev.annals.benchmarks;

import java.util.Arrays;
import java.util.List;

/**
 * Per-operation latencies of one thread, kept as raw nanoseconds (8 bytes each) and merged into a
 * sorted array for exact percentiles. Not thread-safe: one recorder per thread, merged after the run.
 */
final class Latencies {
    private long[] nanos;
    private int count;

    Latencies(int expected) {
        this.nanos = new long[Math.max(16, expected)];
    }

    void record(long elapsedNanos) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, nanos.length * 2);
        }
        nanos[count++] = elapsedNanos;
    }

    /** Percentiles over every recorded value of the recorders. */
    static Summary merge(List<Latencies> recorders) {
        int total = recorders.stream().mapToInt(r -> r.count).sum();
        long[] all = new long[total];
        int at = 0;
        for (Latencies recorder : recorders) {
            System.arraycopy(recorder.nanos, 0, all, at, recorder.count);
            at += recorder.count;
        }
        Arrays.sort(all);
        return new Summary(total, micros(all, 0.50), micros(all, 0.99), micros(all, 0.999),
                total == 0 ? 0 : all[total - 1] / 1000.0);
    }

    private static double micros(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1000.0;
    }

    record Summary(int count, double p50Micros, double p99Micros, double p999Micros, double maxMicros) {}
}
