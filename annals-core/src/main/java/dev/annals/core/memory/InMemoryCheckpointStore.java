// SPDX-License-Identifier: Apache-2.0
package dev.annals.core.memory;

import dev.annals.core.checkpoint.CheckpointStore;
import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.WriteResult;
import java.util.concurrent.ConcurrentHashMap;

/** Named checkpoints in memory. Thread-safe. */
public final class InMemoryCheckpointStore implements CheckpointStore {
    private final ConcurrentHashMap<String, GlobalPosition> checkpoints = new ConcurrentHashMap<>();

    @Override
    public Load load(String name) {
        GlobalPosition position = checkpoints.get(CheckpointStore.requireValidName(name));
        return position == null ? new Load.NotFound() : new Load.Found(position);
    }

    @Override
    public WriteResult save(String name, GlobalPosition position) {
        checkpoints.put(CheckpointStore.requireValidName(name), position);
        return WriteResult.WRITTEN;
    }
}
