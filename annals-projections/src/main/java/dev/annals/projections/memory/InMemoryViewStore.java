// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections.memory;

import dev.annals.core.store.GlobalPosition;
import dev.annals.projections.ReadableViewStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keyed states and a checkpoint in memory. Atomic: a commit happens under one lock, and a crash loses
 * everything, so states and checkpoint can never disagree. Thread-safe; readers never block.
 */
public final class InMemoryViewStore<S> implements ReadableViewStore<S> {
    private record Entry<S>(S state, GlobalPosition appliedAt) {}

    private final ConcurrentHashMap<String, Entry<S>> states = new ConcurrentHashMap<>();
    private volatile GlobalPosition checkpoint = GlobalPosition.START;
    private volatile boolean hasCheckpoint;
    private long highestToken = Long.MIN_VALUE;

    @Override
    public Load<S> load(String key) {
        Entry<S> entry = states.get(key);
        return entry == null ? new Load.NotFound<>() : new Load.Found<>(entry.state(), entry.appliedAt());
    }

    @Override
    public synchronized CheckpointLoad checkpoint() {
        return hasCheckpoint ? new CheckpointLoad.Found(checkpoint, highestToken) : new CheckpointLoad.NotFound();
    }

    @Override
    public synchronized CommitResult commit(List<Change<S>> changes, GlobalPosition position, long fencingToken) {
        if (fencingToken < highestToken) {
            return new CommitResult.Fenced(highestToken);
        }
        highestToken = fencingToken;
        for (Change<S> change : changes) {
            S state = change.state();
            if (state == null) {
                states.remove(change.key());
            } else {
                states.put(change.key(), new Entry<>(state, change.appliedAt()));
            }
        }
        checkpoint = position;
        hasCheckpoint = true;
        return new CommitResult.Committed();
    }

    @Override
    public boolean isAtomic() {
        return true;
    }

    @Override
    public Optional<S> find(String key) {
        Entry<S> entry = states.get(key);
        return entry == null ? Optional.empty() : Optional.of(entry.state());
    }

    @Override
    public List<S> all() {
        List<S> all = new ArrayList<>(states.size());
        for (Entry<S> entry : states.values()) {
            all.add(entry.state());
        }
        return all;
    }

    @Override
    public Map<String, S> snapshot() {
        Map<String, S> copy = new TreeMap<>();
        states.forEach((key, entry) -> copy.put(key, entry.state()));
        return copy;
    }

    @Override
    public GlobalPosition appliedPosition() {
        return checkpoint;
    }

    /** The highest fencing token a commit has carried. */
    public synchronized long highestFencingToken() {
        return highestToken;
    }
}
