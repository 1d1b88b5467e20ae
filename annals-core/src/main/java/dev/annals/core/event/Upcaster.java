// SPDX-License-Identifier: Apache-2.0
package dev.annals.core.event;

/**
 * Rewrites a payload of one type from schema version {@link #fromVersion()} to the next one. Pure:
 * upcasting happens on every read and never changes what is stored.
 */
public interface Upcaster {
    String eventType();

    int fromVersion();

    /** The same event at schema version {@code fromVersion() + 1}. */
    SerializedEvent upcast(SerializedEvent old);
}
