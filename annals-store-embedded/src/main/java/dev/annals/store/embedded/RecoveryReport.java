// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the last open found and did: torn tails it dropped, how many events it indexed by scanning
 * the log (rather than loading them from the index checkpoint), whether it used the index checkpoint,
 * how long it took, and the damage it found when opened read-only.
 */
public record RecoveryReport(List<Truncation> truncations, long eventsRecovered, boolean usedIndexCheckpoint,
                             Duration openTime, @Nullable DamageReport damage) {
    public RecoveryReport {
        truncations = List.copyOf(truncations);
    }

    /** Unacknowledged bytes dropped from the end of a segment (from {@code offset}, {@code bytesDropped} long). */
    public record Truncation(Path segment, long offset, long bytesDropped, String reason) {}
}
