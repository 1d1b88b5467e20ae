// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.embedded;

/** What open does when acknowledged data fails its checksum. */
public enum DamagePolicy {
    /** Refuse to open: {@link OpenResult.Damaged}. */
    REFUSE,
    /** Open read-only, serving events up to the damage. */
    READ_ONLY
}
