// SPDX-License-Identifier: Apache-2.0
package dev.annals.core.snapshot;

import dev.annals.core.store.StorageFailure;
import dev.annals.core.store.StreamId;
import dev.annals.core.store.WriteResult;

/**
 * Keeps the latest snapshot of each stream. Saving a snapshot at a version lower than the stored
 * one leaves the stored one in place (and answers written): snapshots never go backwards.
 * Saves are atomic: a reader sees the old snapshot or the new one, never a mix.
 */
public interface SnapshotStore {
    Load load(StreamId stream);

    WriteResult save(Snapshot snapshot);

    /** Forgets a stream's snapshot, for example when its state schema changed. */
    WriteResult delete(StreamId stream);

    sealed interface Load {
        record Found(Snapshot snapshot) implements Load {}

        record NotFound() implements Load {}

        record Failed(StorageFailure failure) implements Load {}
    }
}
