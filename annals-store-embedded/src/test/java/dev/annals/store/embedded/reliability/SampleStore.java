// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.embedded.reliability;

import dev.annals.core.event.EventData;
import dev.annals.core.event.RecordedEvent;
import dev.annals.core.store.AppendResult;
import dev.annals.core.store.EventStore;
import dev.annals.core.store.ExpectedVersion;
import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.ReadAllResult;
import dev.annals.core.store.StorageFailure;
import dev.annals.core.store.StreamId;
import dev.annals.store.embedded.DamagePolicy;
import dev.annals.store.embedded.EmbeddedEventStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A small store written single-threaded, one event per append, until it spans a few segments; it
 * is left open, not closed, so its files look like those of a crashed process (no close-time
 * work). Remembers, for every event, which segment it went to and how far that segment's written
 * part reached after the append (the event's end offset, exact when segments are not preallocated).
 */
final class SampleStore implements AutoCloseable {
    record Written(EventData event, StreamId stream, long version, String segment, long endOffset) {}

    final Path directory;
    final long seed;
    final long segmentBytes;
    final List<Written> written = new ArrayList<>();
    final boolean isPreallocated;
    private final EmbeddedEventStore store;
    private final Map<UUID, EventData> byId = new HashMap<>();

    SampleStore(Path directory, long seed, long segmentBytes, int minSegments) {
        this.directory = directory;
        this.seed = seed;
        this.segmentBytes = segmentBytes;
        this.store = StoreFiles.open(directory, segmentBytes, DamagePolicy.REFUSE).orThrow();
        Map<StreamId, Long> versions = new HashMap<>();
        boolean sizeMoved = false;
        long previousSize = -1;
        String previousSegment = "";
        for (int i = 0; i < 100_000; i++) {
            StreamId stream = Workload.stream("Sample", i % 5);
            EventData event = Workload.event(seed, Workload.eventId(seed, 0, 0, i), 160);
            long expected = versions.getOrDefault(stream, -1L);
            AppendResult result = store.append(stream, expected < 0 ? ExpectedVersion.NO_STREAM : ExpectedVersion.exact(expected), List.of(event));
            if (!(result instanceof AppendResult.Appended appended)) {
                throw new IllegalStateException("sample append " + i + " answered " + result);
            }
            versions.put(stream, appended.lastVersion().value());
            Path last = StoreFiles.lastSegment(directory);
            long size = StoreFiles.size(last);
            String name = last.getFileName().toString();
            if (name.equals(previousSegment) && size != previousSize) {
                sizeMoved = true;
            }
            previousSegment = name;
            previousSize = size;
            written.add(new Written(event, stream, appended.lastVersion().value(), name, StoreFiles.dataEnd(last)));
            byId.put(event.eventId(), event);
            if (StoreFiles.segments(directory).size() >= minSegments
                    && eventsIn(name) >= 8) {
                break;
            }
        }
        this.isPreallocated = !sizeMoved;
    }

    long eventsIn(String segment) {
        return written.stream().filter(w -> w.segment().equals(segment)).count();
    }

    String lastSegmentName() {
        return written.getLast().segment();
    }

    /** Events written before the last segment: no damage to the last segment may lose them. */
    int eventsBeforeLastSegment() {
        return (int) (written.size() - eventsIn(lastSegmentName()));
    }

    EventData expected(UUID id) {
        EventData event = byId.get(id);
        if (event == null) {
            throw new IllegalStateException("no such event written: " + id);
        }
        return event;
    }

    /**
     * What a store serves through readAll: how many written events it returns as an intact prefix
     * (readAll order = write order), the failure that stopped the read if one did, and what was
     * wrong if it returned anything but the written events.
     */
    record Served(int intact, @Nullable StorageFailure failure, @Nullable String wrong) {}

    Served serve(EventStore opened) {
        int index = 0;
        GlobalPosition after = GlobalPosition.START;
        while (true) {
            switch (opened.readAll(after, 256)) {
                case ReadAllResult.Failed failed -> {
                    return new Served(index, failed.failure(), null);
                }
                case ReadAllResult.Page page -> {
                    for (RecordedEvent read : page.events()) {
                        if (index >= written.size()) {
                            return new Served(index, null, "store holds more events than were written: " + read.eventId());
                        }
                        Written w = written.get(index);
                        if (!read.event().equals(w.event()) || !read.streamId().equals(w.stream())
                                || read.version().value() != w.version()) {
                            return new Served(index, null, "event " + index + " differs from what was written ("
                                    + read.eventId() + " v" + read.version() + ")");
                        }
                        index++;
                    }
                    if (page.events().isEmpty()) {
                        return new Served(index, null, page.isEnd() ? null : "empty page that is not the end");
                    }
                    after = page.events().getLast().position();
                }
            }
        }
    }

    /** How many written events the store holds as an intact prefix; -1 with a reason added when anything is wrong. */
    int intactPrefix(EventStore opened, List<String> violations) {
        Served served = serve(opened);
        if (served.failure() != null) {
            violations.add("readAll failed after " + served.intact() + " events: " + served.failure());
            return -1;
        }
        if (served.wrong() != null) {
            violations.add(served.wrong());
            return -1;
        }
        return served.intact();
    }

    @Override
    public void close() {
        store.close();
    }
}
