// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections.memory;

import dev.annals.core.store.WriteResult;
import dev.annals.projections.Deadline;
import dev.annals.projections.DeadlineStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Process-manager deadlines in memory. Thread-safe. */
public final class InMemoryDeadlineStore implements DeadlineStore {
    private final Map<String, Deadline> deadlines = new TreeMap<>();

    @Override
    public synchronized WriteResult schedule(Deadline deadline) {
        deadlines.put(deadline.key(), deadline);
        return WriteResult.WRITTEN;
    }

    @Override
    public synchronized WriteResult cancel(Deadline deadline) {
        deadlines.remove(deadline.key());
        return WriteResult.WRITTEN;
    }

    @Override
    public synchronized Listing forInstance(String consumer, String instanceId) {
        List<Deadline> found = new ArrayList<>();
        for (Deadline d : deadlines.values()) {
            if (d.consumer().equals(consumer) && d.instanceId().equals(instanceId)) {
                found.add(d);
            }
        }
        return new Listing.Found(found);
    }

    @Override
    public synchronized Listing due(String consumer, Instant now, int maxCount) {
        List<Deadline> due = new ArrayList<>();
        for (Deadline d : deadlines.values()) {
            if (d.consumer().equals(consumer) && !d.dueAt().isAfter(now)) {
                due.add(d);
            }
        }
        due.sort(Comparator.comparing(Deadline::dueAt).thenComparing(Deadline::key));
        return new Listing.Found(due.size() > maxCount ? due.subList(0, maxCount) : due);
    }
}
