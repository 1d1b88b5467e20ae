// SPDX-License-Identifier: Apache-2.0
package dev.annals.benchmarks;

import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The options every scenario takes. Picocli fills the fields. */
final class BenchOptions {
    @Option(names = "--store", defaultValue = "memory", description = "memory, embedded or postgres (default: ${DEFAULT-VALUE})")
    StoreKind store = StoreKind.MEMORY;

    @Option(names = "--durability", defaultValue = "fsync",
            description = "fsync or unsafe: embedded without fsync, PostgreSQL allowed to lose commits (default: ${DEFAULT-VALUE})")
    DurabilityMode durability = DurabilityMode.FSYNC;

    @Option(names = "--pg-url", description = "PostgreSQL JDBC URL (jdbc:postgresql://host:port/db) for --store postgres; "
            + "default: an embedded PostgreSQL started for the run")
    @Nullable String pgUrl;

    @Option(names = "--pg-user", defaultValue = "postgres", description = "PostgreSQL user (default: ${DEFAULT-VALUE})")
    String pgUser = "postgres";

    @Option(names = "--pg-password", defaultValue = "", description = "PostgreSQL password (default: empty)")
    String pgPassword = "";

    @Option(names = "--writers", defaultValue = "8", description = "writer threads (default: ${DEFAULT-VALUE})")
    int writers = 8;

    @Option(names = "--events", description = "events (or commands) per measured run; each scenario has its own default")
    @Nullable Integer events;

    @Option(names = "--events-per-append", defaultValue = "1", description = "events per append call (default: ${DEFAULT-VALUE})")
    int eventsPerAppend = 1;

    @Option(names = "--event-bytes", defaultValue = "256", description = "payload bytes per event (default: ${DEFAULT-VALUE})")
    int eventBytes = 256;

    @Option(names = "--dir", description = "where embedded stores and file view stores are created "
            + "(default: a temporary folder, deleted afterwards)")
    @Nullable Path dir;

    @Option(names = "--runs", defaultValue = "3", description = "measured runs; results are medians (default: ${DEFAULT-VALUE})")
    int runs = 3;

    @Option(names = "--warmup-runs", defaultValue = "1", description = "unmeasured runs first (default: ${DEFAULT-VALUE})")
    int warmupRuns = 1;

    int eventsOr(int scenarioDefault) {
        return events != null ? events : scenarioDefault;
    }

    /** The store options alone, for the header of the JSON line. */
    void describeStore(Map<String, Object> header) {
        header.put("store", store.label());
        if (store != StoreKind.MEMORY) {
            header.put("durability", durability.label());
        }
    }

    void validate() {
        if (writers < 1 || eventsPerAppend < 1 || eventBytes < 16 || runs < 1 || warmupRuns < 0
                || (events != null && events < 1)) {
            throw new IllegalArgumentException("--writers, --events, --events-per-append and --runs must be >= 1, "
                    + "--event-bytes >= 16, --warmup-runs >= 0");
        }
    }
}
