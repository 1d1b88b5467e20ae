// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections;

import dev.annals.core.store.StorageFailure;

/**
 * Carries a typed storage failure out of a fold so the runner can abandon the batch and retry from
 * its last checkpoint. Never escapes the runner; never parks an event (the event is not at fault).
 */
final class StorageProblem extends RuntimeException {
    private final transient StorageFailure failure;

    StorageProblem(StorageFailure failure) {
        super(failure.kind() + ": " + failure.detail(), null, false, false);
        this.failure = failure;
    }

    StorageFailure failure() {
        return failure;
    }
}
