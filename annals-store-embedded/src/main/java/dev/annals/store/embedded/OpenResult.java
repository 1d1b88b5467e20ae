// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.embedded;

import dev.annals.core.store.StorageFailure;

/** The outcome of {@link EmbeddedEventStore#open}. */
public sealed interface OpenResult {
    record Opened(EmbeddedEventStore store, RecoveryReport report) implements OpenResult {}

    /** Acknowledged data is damaged and the policy is {@link DamagePolicy#REFUSE}; nothing was changed. */
    record Damaged(DamageReport damage) implements OpenResult {}

    /** An I/O error, or the directory is locked by another process. */
    record Failed(StorageFailure failure) implements OpenResult {}

    /** The opened store, or an {@link IllegalStateException} naming why it did not open. */
    default EmbeddedEventStore orThrow() {
        return switch (this) {
            case Opened opened -> opened.store();
            case Damaged damaged -> throw new IllegalStateException("store refused to open: " + damaged.damage());
            case Failed failed -> throw new IllegalStateException("store failed to open: "
                    + failed.failure().kind() + ": " + failed.failure().detail());
        };
    }
}
