// SPDX-License-Identifier: Apache-2.0
package dev.annals.core.decider;

import java.util.Optional;

/**
 * Serializes a decider's state for snapshots. {@link #schemaVersion()} changes whenever the state's
 * shape does; snapshots written at another version are ignored, never half-read.
 */
public interface StateCodec<S> {
    int schemaVersion();

    byte[] encode(S state);

    /** The state, or empty when the bytes cannot be read (the snapshot is then ignored). */
    Optional<S> decode(byte[] bytes);
}
