// SPDX-License-Identifier: Apache-2.0
package dev.annals.core.memory;

import dev.annals.core.snapshot.Snapshot;
import dev.annals.core.snapshot.SnapshotStore;
import dev.annals.core.store.StreamId;
import dev.annals.core.store.WriteResult;
import java.util.concurrent.ConcurrentHashMap;

/** Latest snapshot per stream, in memory. Thread-safe; an older snapshot never replaces a newer one. */
public final class InMemorySnapshotStore implements SnapshotStore {
    private final ConcurrentHashMap<StreamId, Snapshot> snapshots = new ConcurrentHashMap<>();

    @Override
    public Load load(StreamId stream) {
        Snapshot snapshot = snapshots.get(stream);
        return snapshot == null ? new Load.NotFound() : new Load.Found(snapshot);
    }

    @Override
    public WriteResult save(Snapshot snapshot) {
        snapshots.merge(snapshot.stream(), snapshot,
                (old, candidate) -> candidate.version().compareTo(old.version()) >= 0 ? candidate : old);
        return WriteResult.WRITTEN;
    }

    @Override
    public WriteResult delete(StreamId stream) {
        snapshots.remove(stream);
        return WriteResult.WRITTEN;
    }
}
