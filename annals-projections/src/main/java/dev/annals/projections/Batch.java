// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections;

import dev.annals.core.store.GlobalPosition;
import dev.annals.core.view.ViewStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
    /** One key's state in this batch: loaded at most once, then changed in place. */
    static final class Entry<S> {
        private final String key;
        private @Nullable S state;
        private @Nullable GlobalPosition appliedAt;
        private boolean changed;

        private Entry(String key, @Nullable S state, @Nullable GlobalPosition appliedAt) {
            this.key = key;
            this.state = state;
            this.appliedAt = appliedAt;
        }
    }

    private final ViewStore<S> store;
    private final boolean isRetry;
    private final Map<String, Entry<S>> cache = new HashMap<>();
    /** The changed entries, in the order of their first change. */
    private final List<Entry<S>> changed = new ArrayList<>();

    Batch(ViewStore<S> store, boolean isRetry) {
        this.store = store;
        this.isRetry = isRetry;
    }

    /** The key's entry: from the batch's cache, else loaded from the store (once per batch). */
    Entry<S> entry(String key) {
        Entry<S> entry = cache.get(key);
        if (entry != null) {
            return entry;
        }
        entry = switch (store.load(key)) {
            case ViewStore.Load.Found<S> found -> new Entry<>(key, found.state(), found.appliedAt());
            case ViewStore.Load.NotFound<S> notFound -> new Entry<>(key, null, null);
            case ViewStore.Load.Failed<S> failed -> throw new StorageProblem(failed.failure());
        };
        cache.put(key, entry);
        return entry;
    }

    /** Loads the keys this batch has not seen yet in one {@link ViewStore#loadMany} call. */
    void preload(Collection<String> keys) {
        List<String> missing = new ArrayList<>();
        for (String key : keys) {
            if (!cache.containsKey(key)) {
                missing.add(key);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        for (Map.Entry<String, ViewStore.Load<S>> loaded : store.loadMany(missing).entrySet()) {
            String key = loaded.getKey();
            cache.put(key, switch (loaded.getValue()) {
                case ViewStore.Load.Found<S> found -> new Entry<>(key, found.state(), found.appliedAt());
                case ViewStore.Load.NotFound<S> notFound -> new Entry<>(key, null, null);
                case ViewStore.Load.Failed<S> failed -> throw new StorageProblem(failed.failure());
            });
        }
    }

    /** Whether the entry has already applied the event at {@code position}. */
    boolean isApplied(Entry<S> entry, GlobalPosition position) {
        GlobalPosition appliedAt = entry.appliedAt;
        return !isRetry && appliedAt != null && !position.isAfter(appliedAt);
    }

    /** The entry's state, or {@code initial} when it has none. */
    S state(Entry<S> entry, S initial) {
        S state = entry.state;
        return state != null ? state : initial;
    }

    void put(Entry<S> entry, S state, GlobalPosition appliedAt) {
        GlobalPosition previous = entry.appliedAt;
        entry.appliedAt = previous != null && previous.isAfter(appliedAt) ? previous : appliedAt;
        entry.state = state;
        if (!entry.changed) {
            entry.changed = true;
            changed.add(entry);
        }
    }

    /** Whether the key has already applied the event at {@code position}. */
    boolean isApplied(String key, GlobalPosition position) {
        return isApplied(entry(key), position);
    }

    /** The key's state, or {@code initial} when it has none. */
    S state(String key, S initial) {
        return state(entry(key), initial);
    }

    void put(String key, S state, GlobalPosition appliedAt) {
        put(entry(key), state, appliedAt);
    }

    boolean hasChanges() {
        return !changed.isEmpty();
    }

    List<ViewStore.Change<S>> changes() {
        List<ViewStore.Change<S>> changes = new ArrayList<>(changed.size());
        for (Entry<S> entry : changed) {
            changes.add(new ViewStore.Change<>(entry.key, entry.state, Objects.requireNonNull(entry.appliedAt)));
        }
        return changes;
    }
}
