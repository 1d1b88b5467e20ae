// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections;

import dev.annals.core.store.GlobalPosition;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The query side of a view store that keeps its states in memory: what query adapters translate
 * queries against. Reads never block the runner and see each key's latest committed state.
 */
public interface ViewReader<S> {
    Optional<S> find(String key);

    /** Every state, in no particular order; a copy taken at the call. */
    List<S> all();

    /** Every key with its state, sorted by key; a copy taken at the call. */
    Map<String, S> snapshot();

    /** The position the read model has applied (START when nothing yet). */
    GlobalPosition appliedPosition();
}
