// SPDX-License-Identifier: Apache-2.0
package dev.annals.core.store;

/** The outcome of a small durable write (a snapshot, a checkpoint). */
public sealed interface WriteResult {
    WriteResult WRITTEN = new Written();

    record Written() implements WriteResult {}

    record Failed(StorageFailure failure) implements WriteResult {}
}
