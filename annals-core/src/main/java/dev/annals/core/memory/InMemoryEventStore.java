// SPDX-License-Identifier: Apache-2.0
package dev.annals.core.memory;

import dev.annals.core.event.EventData;
import dev.annals.core.event.RecordedEvent;
import dev.annals.core.store.AppendResult;
import dev.annals.core.store.EventStore;
import dev.annals.core.store.ExpectedVersion;
import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.IdempotencyLookup;
import dev.annals.core.store.ReadAllResult;
import dev.annals.core.store.ReadDirection;
import dev.annals.core.store.ReadStreamResult;
import dev.annals.core.store.StorageFailure;
import dev.annals.core.store.StreamId;
import dev.annals.core.store.StreamVersion;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/*
 * Design
 * ------
 * One read-write lock guards three views of the same events: the global list (index = position - 1,
 * so positions are 1, 2, 3, ...), a list per stream (index = version) and a list per category. Appends
 * take the write lock, so an append's events become visible together and positions follow commit
 * order trivially. Waiters for new positions park on a condition of the write lock, signalled after
 * every append.
 */

/** A complete, thread-safe event store in memory. Nothing survives the process. */
public final class InMemoryEventStore implements EventStore {
    private static final int MAX_PAGE = 10_000;

    private final Clock clock;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Condition appended = lock.writeLock().newCondition();
    private final List<RecordedEvent> all = new ArrayList<>();
    private final Map<StreamId, List<RecordedEvent>> streams = new HashMap<>();
    private final Map<String, List<RecordedEvent>> categories = new HashMap<>();
    private final Map<String, IdempotencyLookup.Found> idempotencyKeys = new HashMap<>();
    private volatile boolean closed;

    public InMemoryEventStore() {
        this(Clock.systemUTC());
    }

    public InMemoryEventStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public AppendResult append(StreamId stream, ExpectedVersion expected, List<EventData> events) {
        EventStore.requireValidBatch(events);
        lock.writeLock().lock();
        try {
            if (closed) {
                return new AppendResult.Failed(StorageFailure.unavailable("store is closed"));
            }
            List<RecordedEvent> existing = streams.get(stream);
            StreamVersion current = existing == null ? null : StreamVersion.of(existing.size() - 1);
            if (existing != null) {
                int start = retryStart(existing, expected, events.getFirst().eventId());
                if (start >= 0) {
                    if (start + events.size() <= existing.size() && sameIds(existing, start, events)) {
                        RecordedEvent last = existing.get(start + events.size() - 1);
                        return new AppendResult.Appended(last.version(), last.position());
                    }
                    return new AppendResult.WrongExpectedVersion(stream, expected, current);
                }
            }
            if (!expected.isMetBy(current)) {
                return new AppendResult.WrongExpectedVersion(stream, expected, current);
            }
            List<RecordedEvent> target = existing != null ? existing : new ArrayList<>();
            List<RecordedEvent> category = categories.computeIfAbsent(stream.category(), c -> new ArrayList<>());
            var now = clock.instant();
            long version = target.size();
            for (EventData event : events) {
                var recorded = new RecordedEvent(stream, StreamVersion.of(version++), GlobalPosition.of(all.size() + 1L), now, event);
                all.add(recorded);
                target.add(recorded);
                category.add(recorded);
            }
            streams.putIfAbsent(stream, target);
            RecordedEvent first = target.get(target.size() - events.size());
            RecordedEvent last = target.getLast();
            String key = first.metadata().idempotencyKey();
            if (key != null) {
                idempotencyKeys.putIfAbsent(key, new IdempotencyLookup.Found(stream, first.version(), last.version(),
                        last.position(), first.metadata().entry(dev.annals.core.event.Metadata.REQUEST_HASH)));
            }
            appended.signalAll();
            return new AppendResult.Appended(last.version(), last.position());
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Index in the stream where a retry of this batch would start, or -1 when it is not a retry. */
    private static int retryStart(List<RecordedEvent> existing, ExpectedVersion expected, UUID firstId) {
        return switch (expected) {
            case ExpectedVersion.Exact exact -> {
                long index = exact.version().value() + 1;
                yield index < existing.size() && existing.get((int) index).eventId().equals(firstId) ? (int) index : -1;
            }
            case ExpectedVersion.NoStream noStream -> existing.getFirst().eventId().equals(firstId) ? 0 : -1;
            case ExpectedVersion.Any any -> searchWindow(existing, firstId);
            case ExpectedVersion.StreamExists exists -> searchWindow(existing, firstId);
        };
    }

    private static int searchWindow(List<RecordedEvent> existing, UUID firstId) {
        int stop = Math.max(0, existing.size() - IDEMPOTENCY_WINDOW);
        for (int i = existing.size() - 1; i >= stop; i--) {
            if (existing.get(i).eventId().equals(firstId)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean sameIds(List<RecordedEvent> existing, int start, List<EventData> events) {
        for (int i = 0; i < events.size(); i++) {
            if (!existing.get(start + i).eventId().equals(events.get(i).eventId())) {
                return false;
            }
        }
        return true;
    }


    @Override
    public ReadStreamResult readStream(StreamId stream, StreamVersion from, ReadDirection direction, int maxCount) {
        requirePositive(maxCount);
        lock.readLock().lock();
        try {
            List<RecordedEvent> events = streams.get(stream);
            if (events == null) {
                return new ReadStreamResult.NotFound(stream);
            }
            int size = events.size();
            StreamVersion last = StreamVersion.of(size - 1);
            int count = Math.min(maxCount, MAX_PAGE);
            if (direction == ReadDirection.FORWARD) {
                if (from.value() >= size) {
                    return new ReadStreamResult.Found(stream, List.of(), last, true);
                }
                int start = (int) from.value();
                int end = Math.min(size, start + count);
                return new ReadStreamResult.Found(stream, events.subList(start, end), last, end == size);
            }
            int start = (int) Math.min(from.value(), size - 1);
            int end = Math.max(-1, start - count);
            List<RecordedEvent> page = new ArrayList<>(start - end);
            for (int i = start; i > end; i--) {
                page.add(events.get(i));
            }
            return new ReadStreamResult.Found(stream, page, last, end == -1);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public ReadAllResult readAll(GlobalPosition after, int maxCount) {
        requirePositive(maxCount);
        lock.readLock().lock();
        try {
            return page(all, after, maxCount);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public ReadAllResult readCategory(String category, GlobalPosition after, int maxCount) {
        requirePositive(maxCount);
        lock.readLock().lock();
        try {
            return page(categories.getOrDefault(category, List.of()), after, maxCount);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** A page of {@code events} (sorted by position) after {@code after}; the caller holds the read lock. */
    private ReadAllResult page(List<RecordedEvent> events, GlobalPosition after, int maxCount) {
        GlobalPosition head = GlobalPosition.of(all.size());
        int low = 0;
        int high = events.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (events.get(mid).position().isAfter(after)) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        int end = Math.min(events.size(), low + Math.min(maxCount, MAX_PAGE));
        return new ReadAllResult.Page(events.subList(low, end), head, end == events.size());
    }

    @Override
    public IdempotencyLookup findIdempotencyKey(String key) {
        lock.readLock().lock();
        try {
            IdempotencyLookup.Found found = idempotencyKeys.get(key);
            return found != null ? found : new IdempotencyLookup.NotFound();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public boolean awaitPositionAfter(GlobalPosition position, Duration timeout) {
        long nanos = timeout.toNanos();
        lock.writeLock().lock();
        try {
            while (all.size() <= position.value()) {
                if (nanos <= 0 || closed) {
                    return false;
                }
                nanos = appended.awaitNanos(nanos);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return all.size() > position.value();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Every stream id, sorted; for tests and the demo. */
    public List<StreamId> streamIds() {
        lock.readLock().lock();
        try {
            List<StreamId> ids = new ArrayList<>(streams.keySet());
            Collections.sort(ids);
            return ids;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            closed = true;
            appended.signalAll();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private static void requirePositive(int maxCount) {
        if (maxCount < 1) {
            throw new IllegalArgumentException("maxCount must be >= 1: " + maxCount);
        }
    }

}
