// SPDX-License-Identifier: Apache-2.0
package dev.annals.core.store;

import dev.annals.core.event.RecordedEvent;
import java.util.List;

/** The outcome of reading one stream. */
public sealed interface ReadStreamResult {
    /**
     * The stream exists. {@code events} may be empty (a start past the end) and may hold fewer than
     * asked; {@code isEndOfStream} says whether the read reached the end in its direction.
     * {@code lastVersion} is the stream's last version when the read ran.
     */
    record Found(StreamId stream, List<RecordedEvent> events, StreamVersion lastVersion, boolean isEndOfStream)
            implements ReadStreamResult {
        public Found {
            events = List.copyOf(events);
        }
    }

    record NotFound(StreamId stream) implements ReadStreamResult {}

    record Failed(StorageFailure failure) implements ReadStreamResult {}
}
