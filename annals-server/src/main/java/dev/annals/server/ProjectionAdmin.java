// SPDX-License-Identifier: Apache-2.0
package dev.annals.server;

import dev.annals.core.store.StorageFailure;
import java.time.Instant;
import java.util.List;

/**
 * What the operations endpoints need from the projections runtime: status and lag, rebuilds, and
 * the dead letters with retry and skip. The service wiring implements it; the server only renders.
 */
public interface ProjectionAdmin {
    /** A server with no projections. */
    ProjectionAdmin NONE = new ProjectionAdmin() {
        @Override
        public List<ProjectionStatus> projections() {
            return List.of();
        }

        @Override
        public RebuildResult rebuild(String name) {
            return new RebuildResult.NotFound();
        }

        @Override
        public DeadLetters deadLetters() {
            return new DeadLetters.Listed(List.of());
        }

        @Override
        public DeadLetterAction retry(String id) {
            return new DeadLetterAction.NotFound();
        }

        @Override
        public DeadLetterAction skip(String id) {
            return new DeadLetterAction.NotFound();
        }
    };

    List<ProjectionStatus> projections();

    /** Starts a rebuild beside the live read model, swapped in when it has caught up. */
    RebuildResult rebuild(String name);

    DeadLetters deadLetters();

    /** Applies a parked event again; on success it leaves the dead letters. */
    DeadLetterAction retry(String id);

    /** Gives up on a parked event for good, releasing the stream's later events. */
    DeadLetterAction skip(String id);

    /** {@code status}: e.g. catching_up, live, rebuilding, stopped, failed. */
    record ProjectionStatus(String name, long checkpoint, long head, long lag, String status, long deadLetters) {}

    record DeadLetter(String id, String consumer, String streamId, long version, long position, String eventType,
                      String reason, int attempts, Instant parkedAt) {}

    sealed interface RebuildResult {
        record Started() implements RebuildResult {}

        record AlreadyRebuilding() implements RebuildResult {}

        record NotFound() implements RebuildResult {}

        record Failed(StorageFailure failure) implements RebuildResult {}
    }

    sealed interface DeadLetters {
        record Listed(List<DeadLetter> letters) implements DeadLetters {
            public Listed {
                letters = List.copyOf(letters);
            }
        }

        record Failed(StorageFailure failure) implements DeadLetters {}
    }

    sealed interface DeadLetterAction {
        /** Done: for retry, the event was applied; for skip, it was dropped. */
        record Done() implements DeadLetterAction {}

        /** A retry that failed again: the letter stays parked with the new reason. */
        record FailedAgain(String reason) implements DeadLetterAction {}

        record NotFound() implements DeadLetterAction {}

        record Failed(StorageFailure failure) implements DeadLetterAction {}
    }
}
