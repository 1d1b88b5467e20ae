// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections;

import dev.annals.core.store.StorageFailure;
import dev.annals.core.store.WriteResult;
import java.util.List;

/**
 * Parked events of all consumers. Parking is idempotent by {@link DeadLetter#id()}: parking a letter
 * with an id already held replaces it, so a runner that crashes and redelivers does not park twice.
 * Lists are in position order. Implementations are thread-safe.
 */
public interface DeadLetterStore {
    WriteResult park(DeadLetter letter);

    /** Parks several letters; durable stores make them durable together (one sync). */
    default WriteResult parkAll(List<DeadLetter> letters) {
        for (DeadLetter letter : letters) {
            if (park(letter) instanceof WriteResult.Failed failed) {
                return failed;
            }
        }
        return WriteResult.WRITTEN;
    }

    /** The dead letters of one consumer (a projection or process manager), in position order. */
    Listing list(String consumer);

    /** Every dead letter, by consumer then position. */
    Listing listAll();

    WriteResult remove(String id);

    sealed interface Listing {
        record Found(List<DeadLetter> letters) implements Listing {
            public Found {
                letters = List.copyOf(letters);
            }
        }

        record Failed(StorageFailure failure) implements Listing {}
    }
}
