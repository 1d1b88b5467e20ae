// SPDX-License-Identifier: Apache-2.0
package dev.annals.benchmarks;

import java.util.Locale;

/** Which event store a scenario runs on. */
enum StoreKind {
    MEMORY,
    EMBEDDED,
    POSTGRES;

    /** The name used on the command line and in the JSON line. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
