// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections.memory;

import dev.annals.core.store.WriteResult;
import dev.annals.projections.DeadLetter;
import dev.annals.projections.DeadLetterStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Dead letters in memory. Thread-safe. */
public final class InMemoryDeadLetterStore implements DeadLetterStore {
    private static final Comparator<DeadLetter> ORDER =
            Comparator.comparing(DeadLetter::consumer).thenComparing(DeadLetter::position);
    private final Map<String, DeadLetter> letters = new HashMap<>();

    @Override
    public synchronized WriteResult park(DeadLetter letter) {
        letters.put(letter.id(), letter);
        return WriteResult.WRITTEN;
    }

    @Override
    public synchronized Listing list(String consumer) {
        List<DeadLetter> found = new ArrayList<>();
        for (DeadLetter letter : letters.values()) {
            if (letter.consumer().equals(consumer)) {
                found.add(letter);
            }
        }
        found.sort(ORDER);
        return new Listing.Found(found);
    }

    @Override
    public synchronized Listing listAll() {
        List<DeadLetter> all = new ArrayList<>(letters.values());
        all.sort(ORDER);
        return new Listing.Found(all);
    }

    @Override
    public synchronized WriteResult remove(String id) {
        letters.remove(id);
        return WriteResult.WRITTEN;
    }
}
