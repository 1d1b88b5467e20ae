// SPDX-License-Identifier: Apache-2.0
package dev.annals.core.store;

import org.jspecify.annotations.Nullable;

/** The outcome of one append. */
public sealed interface AppendResult {
    /** All events were recorded (or had been, for an idempotent retry); the last one at these coordinates. */
    record Appended(StreamVersion lastVersion, GlobalPosition lastPosition) implements AppendResult {}

    /** The stream was not where the writer expected; {@code actual} is null when the stream does not exist. */
    record WrongExpectedVersion(StreamId stream, ExpectedVersion expected, @Nullable StreamVersion actual)
            implements AppendResult {}

    /** Storage could not record the events; nothing was acknowledged. */
    record Failed(StorageFailure failure) implements AppendResult {}
}
