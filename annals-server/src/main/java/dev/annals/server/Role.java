// SPDX-License-Identifier: Apache-2.0
package dev.annals.server;

/**
 * Who may call a route, from least to most trusted. A caller holds one of {@link #READER},
 * {@link #WRITER} or {@link #ADMIN}; a higher role may do everything a lower one may.
 * {@link #PUBLIC} routes need no token and exist only under {@code /health/}.
 */
public enum Role {
    /** No credentials needed (health probes only). */
    PUBLIC,
    /** Queries. */
    READER,
    /** Commands and queries. */
    WRITER,
    /** Everything, including the raw event store and operations. */
    ADMIN;

    /** Whether a caller holding this role may call a route that requires {@code required}. */
    public boolean allows(Role required) {
        return ordinal() >= required.ordinal();
    }

    /** The wire name used in {@code ANNALS_TOKENS} and responses. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
