// SPDX-License-Identifier: Apache-2.0
package dev.annals.core.snapshot;

import dev.annals.core.store.StreamId;
import dev.annals.core.store.StreamVersion;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * The serialized state of one stream after folding its events up to {@code version}, written by a
 * state codec at {@code stateSchemaVersion}.
 */
public record Snapshot(StreamId stream, StreamVersion version, int stateSchemaVersion, byte[] state, Instant takenAt) {
    public Snapshot {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(takenAt, "takenAt");
        state = state.clone();
    }

    @Override
    public byte[] state() {
        return state.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Snapshot other && stream.equals(other.stream) && version.equals(other.version)
                && stateSchemaVersion == other.stateSchemaVersion && Arrays.equals(state, other.state)
                && takenAt.equals(other.takenAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(stream, version, stateSchemaVersion, Arrays.hashCode(state), takenAt);
    }

    @Override
    public String toString() {
        return "Snapshot[" + stream + "@" + version + " schema " + stateSchemaVersion + ", " + state.length + " bytes]";
    }
}
