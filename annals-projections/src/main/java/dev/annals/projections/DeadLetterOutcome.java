// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections;

import dev.annals.core.store.StorageFailure;

/** What became of retrying or skipping a dead letter. */
public sealed interface DeadLetterOutcome {
    /** The group's parked events (the skipped one excepted) were applied; its stream (instance) flows again. */
    record Resolved(int applied) implements DeadLetterOutcome {}

    /** Some were applied, then one failed again: it heads the group now, the rest stay parked behind it. */
    record StillParked(int applied, int stillParked, String reason) implements DeadLetterOutcome {}

    /** No dead letter of this runner has that id. */
    record NotFound(String id) implements DeadLetterOutcome {}

    /** The runner is not active (standby or stopped) or did not answer in time; try again later. */
    record NotActive(String detail) implements DeadLetterOutcome {}

    record Failed(StorageFailure failure) implements DeadLetterOutcome {}
}
