// SPDX-License-Identifier: Apache-2.0
package dev.annals.core.store;

import dev.annals.core.event.RecordedEvent;
import java.util.List;

/** The outcome of a read across streams ({@code $all} or a category). */
public sealed interface ReadAllResult {
    /**
     * Events in position order. {@code head} is the highest position this read could see; when
     * {@code isEnd} is true no matching event exists between the last one returned and {@code head},
     * so a reader may continue after {@code head}. A page is never both empty and not at the end.
     */
    record Page(List<RecordedEvent> events, GlobalPosition head, boolean isEnd) implements ReadAllResult {
        public Page {
            events = List.copyOf(events);
        }
    }

    record Failed(StorageFailure failure) implements ReadAllResult {}
}
