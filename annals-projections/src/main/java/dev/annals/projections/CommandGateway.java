// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections;

import dev.annals.core.decider.CommandContext;
import dev.annals.core.store.StorageFailure;
import org.jspecify.annotations.Nullable;

/**
 * Where a process manager's commands go: the wiring routes each command to its boundary's
 * {@link dev.annals.core.decider.CommandHandler} and translates the outcome. The context carries the
 * causation id (the event), the correlation id and an idempotency key derived from the event, so a
 * command sent again after a crash records nothing new.
 */
public interface CommandGateway<C, M> {
    Outcome<M> send(C command, CommandContext context);

    sealed interface Outcome<M> {
        /** Recorded (or recorded before, by the same idempotency key), or accepted with nothing to record. */
        record Accepted<M>() implements Outcome<M> {}

        /** A business rule said no; {@code message} is what the process manager hears about it (null: nothing). */
        record Rejected<M>(@Nullable M message) implements Outcome<M> {}

        /** Storage failed or concurrency kept conflicting: retried, then the event is parked. */
        record Failed<M>(StorageFailure failure) implements Outcome<M> {}
    }
}
