// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.embedded.reliability;

import dev.annals.core.event.EventData;
import dev.annals.core.event.RecordedEvent;
import dev.annals.core.store.AppendResult;
import dev.annals.core.store.EventStore;
import dev.annals.core.store.ExpectedVersion;
import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.ReadAllResult;
import dev.annals.core.store.ReadDirection;
import dev.annals.core.store.ReadStreamResult;
import dev.annals.core.store.StreamId;
import dev.annals.core.store.StreamVersion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/*
 * The oracle
 * ----------
 * A ledger holds what writers TRIED (event id -> stream) and what the store ACKed (event id ->
 * stream, version, position; position -1 when the append reported only the batch's last one).
 * verify() reads a store completely, through readAll and through readStream, and checks the rules
 * of RELIABILITY.md "How the tests judge":
 *   1. every ACKed event is present, byte-identical, at its stream version and position;
 *   2. each stream's versions are contiguous from 0; positions strictly increase across $all;
 *   3. no event id appears twice;
 *   4. every stored event was TRIED (no phantoms) and is intact (equal to what was built for its id);
 *   5. readStream agrees with readAll, and no read answers Failed.
 * Rule 6 (appends after recovery) is appendAtExpectedVersions(). verify() returns violations as
 * text instead of failing, so a harness can add the seed and the context before it fails.
 *
 * Thread-safe: TRY/ACK may be recorded from several writer threads.
 */
final class Ledger {
    private static final int PAGE = 512;
    private static final int MAX_VIOLATIONS = 25;

    record Ack(UUID id, StreamId stream, long version, long position) {}

    private final Map<UUID, StreamId> tried = new HashMap<>();
    private final Map<UUID, Ack> acked = new LinkedHashMap<>();

    synchronized void tried(UUID id, StreamId stream) {
        tried.put(id, stream);
    }

    synchronized void acked(UUID id, StreamId stream, long version, long position) {
        tried.putIfAbsent(id, stream);
        acked.put(id, new Ack(id, stream, version, position));
    }

    /** Records the events of an append that answered Appended. */
    void acked(StreamId stream, List<EventData> batch, AppendResult.Appended appended) {
        long first = appended.lastVersion().value() - batch.size() + 1;
        for (int i = 0; i < batch.size(); i++) {
            boolean last = i == batch.size() - 1;
            acked(batch.get(i).eventId(), stream, first + i, last ? appended.lastPosition().value() : -1);
        }
    }

    void tried(StreamId stream, List<EventData> batch) {
        for (EventData event : batch) {
            tried(event.eventId(), stream);
        }
    }

    /** Takes one line of a workload's output: {@code TRY id stream} or {@code ACK id stream version position}. */
    boolean accept(String line) {
        String[] parts = line.split(" ");
        if (parts.length == 3 && parts[0].equals("TRY")) {
            tried(UUID.fromString(parts[1]), StreamId.of(parts[2]));
            return true;
        }
        if (parts.length == 5 && parts[0].equals("ACK")) {
            acked(UUID.fromString(parts[1]), StreamId.of(parts[2]), Long.parseLong(parts[3]), Long.parseLong(parts[4]));
            return true;
        }
        return false;
    }

    synchronized int ackCount() {
        return acked.size();
    }

    synchronized List<Ack> acks() {
        return List.copyOf(acked.values());
    }

    synchronized int triedCount() {
        return tried.size();
    }

    synchronized Map<StreamId, Long> lastAckedVersions() {
        Map<StreamId, Long> last = new HashMap<>();
        for (Ack ack : acked.values()) {
            last.merge(ack.stream(), ack.version(), Math::max);
        }
        return last;
    }

    /** Everything readAll returns from the start, or null (and a violation) when a read fails. */
    static @Nullable List<RecordedEvent> readAll(EventStore store, List<String> violations) {
        List<RecordedEvent> events = new ArrayList<>();
        GlobalPosition after = GlobalPosition.START;
        while (true) {
            ReadAllResult result = store.readAll(after, PAGE);
            switch (result) {
                case ReadAllResult.Failed failed -> {
                    violations.add("readAll after " + after + " failed: " + failed.failure());
                    return null;
                }
                case ReadAllResult.Page page -> {
                    events.addAll(page.events());
                    if (page.events().isEmpty()) {
                        if (!page.isEnd()) {
                            violations.add("readAll after " + after + " returned an empty page that is not the end");
                        }
                        return events;
                    }
                    GlobalPosition last = page.events().getLast().position();
                    if (!last.isAfter(after)) {
                        violations.add("readAll after " + after + " did not advance (last " + last + ")");
                        return events;
                    }
                    after = last;
                }
            }
        }
    }

    /** Checks rules 1–5 against a store; returns the violations found (empty when the store is right). */
    synchronized List<String> verify(EventStore store, Function<UUID, EventData> expected) {
        List<String> violations = new ArrayList<>();
        List<RecordedEvent> all = readAll(store, violations);
        if (all == null) {
            return violations;
        }
        Map<UUID, RecordedEvent> byId = new HashMap<>();
        Map<StreamId, List<RecordedEvent>> byStream = new LinkedHashMap<>();
        GlobalPosition previous = null;
        for (RecordedEvent event : all) {
            if (previous != null && !event.position().isAfter(previous)) {
                add(violations, "position " + event.position() + " does not follow " + previous);
            }
            previous = event.position();
            if (byId.put(event.eventId(), event) != null) {
                add(violations, "event id " + event.eventId() + " appears twice");
            }
            StreamId triedStream = tried.get(event.eventId());
            if (triedStream == null) {
                add(violations, "phantom event " + event.eventId() + " in " + event.streamId() + " at " + event.position());
            } else if (!triedStream.equals(event.streamId())) {
                add(violations, "event " + event.eventId() + " tried on " + triedStream + " but stored in " + event.streamId());
            } else if (!expected.apply(event.eventId()).equals(event.event())) {
                add(violations, "event " + event.eventId() + " at " + event.position() + " is not byte-identical to what was written");
            }
            byStream.computeIfAbsent(event.streamId(), s -> new ArrayList<>()).add(event);
        }
        for (var entry : byStream.entrySet()) {
            List<RecordedEvent> events = entry.getValue();
            for (int i = 0; i < events.size(); i++) {
                if (events.get(i).version().value() != i) {
                    add(violations, entry.getKey() + ": version " + events.get(i).version() + " at index " + i
                            + " (versions not contiguous from 0)");
                    break;
                }
            }
            verifyStreamRead(store, entry.getKey(), events, violations);
        }
        for (Ack ack : acked.values()) {
            RecordedEvent found = byId.get(ack.id());
            if (found == null) {
                add(violations, "ACKed event " + ack.id() + " (" + ack.stream() + " v" + ack.version() + " @" + ack.position() + ") is lost");
            } else if (!found.streamId().equals(ack.stream()) || found.version().value() != ack.version()
                    || (ack.position() >= 0 && found.position().value() != ack.position())) {
                add(violations, "ACKed event " + ack.id() + " moved: acked " + ack.stream() + " v" + ack.version() + " @"
                        + ack.position() + ", found " + found.streamId() + " v" + found.version() + " @" + found.position());
            }
        }
        return violations;
    }

    private static void verifyStreamRead(EventStore store, StreamId stream, List<RecordedEvent> fromAll, List<String> violations) {
        List<RecordedEvent> read = new ArrayList<>();
        long from = 0;
        while (true) {
            ReadStreamResult result = store.readStream(stream, StreamVersion.of(from), ReadDirection.FORWARD, PAGE);
            switch (result) {
                case ReadStreamResult.Failed failed -> {
                    add(violations, "readStream " + stream + " failed: " + failed.failure());
                    return;
                }
                case ReadStreamResult.NotFound notFound -> {
                    add(violations, "readStream " + stream + " says not found but readAll holds " + fromAll.size() + " events");
                    return;
                }
                case ReadStreamResult.Found found -> {
                    read.addAll(found.events());
                    if (found.isEndOfStream() || found.events().isEmpty()) {
                        if (found.lastVersion().value() != fromAll.size() - 1) {
                            add(violations, "readStream " + stream + " last version " + found.lastVersion()
                                    + " but readAll holds " + fromAll.size() + " events");
                        }
                        if (read.size() != fromAll.size()) {
                            add(violations, "readStream " + stream + " returned " + read.size() + " events, readAll " + fromAll.size());
                            return;
                        }
                        for (int i = 0; i < read.size(); i++) {
                            RecordedEvent a = read.get(i);
                            RecordedEvent b = fromAll.get(i);
                            if (!a.event().equals(b.event()) || !a.version().equals(b.version()) || !a.position().equals(b.position())) {
                                add(violations, "readStream " + stream + " differs from readAll at index " + i);
                                return;
                            }
                        }
                        return;
                    }
                    from = found.events().getLast().version().value() + 1;
                }
            }
        }
    }

    /**
     * Rule 6: appends one event to every stream the store holds at its exact last version, and one
     * to a new stream; records them as tried and acked. Returns violations.
     */
    List<String> appendAtExpectedVersions(EventStore store, long seed, int round) {
        List<String> violations = new ArrayList<>();
        List<RecordedEvent> all = readAll(store, violations);
        if (all == null) {
            return violations;
        }
        Map<StreamId, Long> last = new LinkedHashMap<>();
        for (RecordedEvent event : all) {
            last.put(event.streamId(), event.version().value());
        }
        List<StreamId> streams = new ArrayList<>(last.keySet());
        int sequence = 0;
        for (StreamId stream : streams) {
            EventData event = Workload.event(seed, Workload.eventId(seed, round, 255, sequence++));
            tried(event.eventId(), stream);
            long version = last.get(stream);
            if (version > 0) {
                AppendResult stale = store.append(stream, ExpectedVersion.exact(version - 1), List.of(event));
                if (!(stale instanceof AppendResult.WrongExpectedVersion)) {
                    add(violations, "append to " + stream + " at stale version " + (version - 1) + " answered " + stale);
                }
            }
            AppendResult result = store.append(stream, ExpectedVersion.exact(version), List.of(event));
            if (result instanceof AppendResult.Appended appended && appended.lastVersion().value() == version + 1) {
                acked(stream, List.of(event), appended);
            } else {
                add(violations, "append to " + stream + " at its last version " + version + " answered " + result);
            }
        }
        StreamId fresh = Workload.stream("Fresh", round);
        EventData event = Workload.event(seed, Workload.eventId(seed, round, 255, sequence));
        tried(event.eventId(), fresh);
        AppendResult result = store.append(fresh, ExpectedVersion.NO_STREAM, List.of(event));
        if (result instanceof AppendResult.Appended appended && appended.lastVersion().value() == 0) {
            acked(fresh, List.of(event), appended);
        } else {
            add(violations, "append to new stream " + fresh + " answered " + result);
        }
        return violations;
    }

    private static void add(List<String> violations, String violation) {
        if (violations.size() < MAX_VIOLATIONS) {
            violations.add(violation);
        } else if (violations.size() == MAX_VIOLATIONS) {
            violations.add("… more violations not listed");
        }
    }
}
