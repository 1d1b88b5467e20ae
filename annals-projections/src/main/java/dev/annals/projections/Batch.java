// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections;

import dev.annals.core.store.GlobalPosition;
import dev.annals.core.view.ViewStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The keyed states one batch has read and changed. Reads go to the batch's cache first, then to the
 * store, so a key is loaded at most once per batch; changes are committed together.
 *
 * <p>Idempotency: a state remembers the position of the last event applied to it; an event at or
 * below it has been applied already (a redelivery after a crash between a non-atomic store's state
 * write and its checkpoint) and is skipped. When retrying a dead letter that check is off, since the
 * parked event is older than later events of other streams applied to the same key.
 */
final class Batch<S> {
    private record Slot<S>(@Nullable S state, @Nullable GlobalPosition appliedAt) {}

    private final ViewStore<S> store;
    private final boolean isRetry;
    private final Map<String, Slot<S>> cache = new HashMap<>();
    private final LinkedHashMap<String, ViewStore.Change<S>> changes = new LinkedHashMap<>();

    Batch(ViewStore<S> store, boolean isRetry) {
        this.store = store;
        this.isRetry = isRetry;
    }

    /** Whether the key has already applied the event at {@code position}. */
    boolean isApplied(String key, GlobalPosition position) {
        GlobalPosition appliedAt = slot(key).appliedAt();
        return !isRetry && appliedAt != null && !position.isAfter(appliedAt);
    }

    /** The key's state, or {@code initial} when it has none. */
    S state(String key, S initial) {
        S state = slot(key).state();
        return state != null ? state : initial;
    }

    void put(String key, S state, GlobalPosition appliedAt) {
        GlobalPosition previous = slot(key).appliedAt();
        GlobalPosition at = previous != null && previous.isAfter(appliedAt) ? previous : appliedAt;
        cache.put(key, new Slot<>(state, at));
        changes.put(key, new ViewStore.Change<>(key, state, at));
    }

    boolean hasChanges() {
        return !changes.isEmpty();
    }

    List<ViewStore.Change<S>> changes() {
        return new ArrayList<>(changes.values());
    }

    private Slot<S> slot(String key) {
        Slot<S> slot = cache.get(key);
        if (slot != null) {
            return slot;
        }
        slot = switch (store.load(key)) {
            case ViewStore.Load.Found<S> found -> new Slot<>(found.state(), found.appliedAt());
            case ViewStore.Load.NotFound<S> notFound -> new Slot<>(null, null);
            case ViewStore.Load.Failed<S> failed -> throw new StorageProblem(failed.failure());
        };
        cache.put(key, slot);
        return slot;
    }
}
