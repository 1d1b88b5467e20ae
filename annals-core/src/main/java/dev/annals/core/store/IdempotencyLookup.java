// SPDX-License-Identifier: Apache-2.0
package dev.annals.core.store;

import org.jspecify.annotations.Nullable;

/**
 * Where the events of a command with an idempotency key were recorded. Stores index the key found
 * in the {@code $idempotencyKey} metadata entry of an append's first event; the first append that
 * used a key owns it.
 */
public sealed interface IdempotencyLookup {
    record Found(StreamId stream, StreamVersion firstVersion, StreamVersion lastVersion,
                 GlobalPosition lastPosition, @Nullable String requestHash) implements IdempotencyLookup {}

    record NotFound() implements IdempotencyLookup {}

    record Failed(StorageFailure failure) implements IdempotencyLookup {}
}
