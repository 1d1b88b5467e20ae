// SPDX-License-Identifier: Apache-2.0
package dev.annals.core.view;

import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.StorageFailure;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Where one projection keeps its read model: a state per key plus the projection's checkpoint.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>{@link #commit} writes a batch of changed states and the new checkpoint. When
 *       {@link #isAtomic()} the states and the checkpoint commit together (a crash keeps all or
 *       none). Otherwise each state carries the position of the last event applied to it, so a
 *       runner replaying from an older checkpoint skips events a state has already seen.</li>
 *   <li>Fencing: every commit carries the runner's fencing token. A commit whose token is lower
 *       than the highest token this store has accepted is refused ({@link CommitResult.Fenced})
 *       and changes nothing, so a paused or partitioned runner cannot overwrite newer work.</li>
 *   <li>A state of {@code null} in a change deletes the key.</li>
 * </ul>
 */
public interface ViewStore<S> {
    Load<S> load(String key);

    /**
     * The loads of several keys, with an entry for every key asked for. A store across a network
     * answers in one round trip and says so with {@link #prefersLoadMany()}; the default asks
     * {@link #load} once per key.
     */
    default Map<String, Load<S>> loadMany(Collection<String> keys) {
        Map<String, Load<S>> loads = new HashMap<>();
        for (String key : keys) {
            loads.put(key, load(key));
        }
        return loads;
    }

    /** Whether {@link #loadMany} costs less than one {@link #load} per key (a runner then loads a batch's keys up front). */
    default boolean prefersLoadMany() {
        return false;
    }

    CheckpointLoad checkpoint();

    CommitResult commit(List<Change<S>> changes, GlobalPosition checkpoint, long fencingToken);

    /** Whether states and checkpoint commit in one atomic step. */
    boolean isAtomic();

    /** One key's new state after applying events up to {@code appliedAt}; a null state deletes the key. */
    record Change<S>(String key, @Nullable S state, GlobalPosition appliedAt) {}

    sealed interface Load<S> {
        record Found<S>(S state, GlobalPosition appliedAt) implements Load<S> {}

        record NotFound<S>() implements Load<S> {}

        record Failed<S>(StorageFailure failure) implements Load<S> {}
    }

    sealed interface CheckpointLoad {
        record Found(GlobalPosition position, long fencingToken) implements CheckpointLoad {}

        record NotFound() implements CheckpointLoad {}

        record Failed(StorageFailure failure) implements CheckpointLoad {}
    }

    sealed interface CommitResult {
        record Committed() implements CommitResult {}

        /** A runner with a newer token has committed; this runner must stop. */
        record Fenced(long currentToken) implements CommitResult {}

        record Failed(StorageFailure failure) implements CommitResult {}
    }
}
