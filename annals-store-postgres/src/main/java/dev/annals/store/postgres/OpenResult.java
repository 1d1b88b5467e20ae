// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.postgres;

import dev.annals.core.store.StorageFailure;

/** The outcome of opening a {@link PostgresEventStore}. */
public sealed interface OpenResult {
    record Opened(PostgresEventStore store) implements OpenResult {}

    /** The server is reachable but unfit for the requested mode; {@code reason} names the settings. */
    record Refused(String reason) implements OpenResult {}

    record Failed(StorageFailure failure) implements OpenResult {}
}
