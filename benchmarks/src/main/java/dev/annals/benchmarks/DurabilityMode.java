// SPDX-License-Identifier: Apache-2.0
package dev.annals.benchmarks;

import java.util.Locale;

/**
 * {@code --durability}: {@code fsync} (default) acknowledges only durable appends (the embedded store
 * forces every append; PostgreSQL must run with fsync and synchronous_commit on). {@code unsafe}
 * measures without that guarantee: the embedded store never forces, and a PostgreSQL server that can
 * lose commits is accepted (the embedded PostgreSQL is then started with synchronous_commit off).
 */
enum DurabilityMode {
    FSYNC,
    UNSAFE;

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
