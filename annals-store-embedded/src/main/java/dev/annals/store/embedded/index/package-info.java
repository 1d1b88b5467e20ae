// SPDX-License-Identifier: Apache-2.0
/**
 * The in-memory stream index of the embedded store: per stream and per category, the global
 * positions of its events in primitive arrays, plus event-id fingerprints and idempotency keys.
 * A cache of the log, rebuilt from it (or from the index checkpoint) at open. Internal to the store.
 */
@NullMarked
package dev.annals.store.embedded.index;

import org.jspecify.annotations.NullMarked;
