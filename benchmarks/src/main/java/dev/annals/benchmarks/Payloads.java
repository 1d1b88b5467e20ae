// SPDX-License-Identifier: Apache-2.0
package dev.annals.benchmarks;

import java.nio.charset.StandardCharsets;

/** Synthetic event payloads: valid JSON objects of an exact size. */
final class Payloads {
    static final String EVENT_TYPE = "bench.PayloadRecorded";

    private Payloads() {
    }

    /** {@code {"p":"xxx…"}}, exactly {@code bytes} long (at least 8). */
    static byte[] json(int bytes) {
        int filler = Math.max(0, bytes - 8);
        return ("{\"p\":\"" + "x".repeat(filler) + "\"}").getBytes(StandardCharsets.US_ASCII);
    }
}
