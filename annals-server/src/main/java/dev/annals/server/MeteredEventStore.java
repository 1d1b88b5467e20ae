// SPDX-License-Identifier: Apache-2.0
package dev.annals.server;

import dev.annals.core.event.EventData;
import dev.annals.core.store.AppendResult;
import dev.annals.core.store.EventStore;
import dev.annals.core.store.ExpectedVersion;
import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.IdempotencyLookup;
import dev.annals.core.store.ReadAllResult;
import dev.annals.core.store.ReadDirection;
import dev.annals.core.store.ReadStreamResult;
import dev.annals.core.store.StreamId;
import dev.annals.core.store.StreamVersion;
import dev.annals.core.store.Subscription;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** An event store whose appends are timed by outcome and whose appended events are counted. */
final class MeteredEventStore implements EventStore {
    private final EventStore delegate;
    private final ServerMetrics metrics;
    private final Counter appendedEvents;
    /** One timer per outcome name, registered on first use (see ServerMetrics on why they are kept). */
    private final ConcurrentHashMap<String, Timer> appendTimers = new ConcurrentHashMap<>();

    MeteredEventStore(EventStore delegate, ServerMetrics metrics) {
        this.delegate = delegate;
        this.metrics = metrics;
        this.appendedEvents = Counter.builder("annals.store.events.appended")
                .description("Events appended to the store (rate = events/s)")
                .register(metrics.registry());
    }

    @Override
    public AppendResult append(StreamId stream, ExpectedVersion expected, List<EventData> events) {
        long start = System.nanoTime();
        AppendResult result = delegate.append(stream, expected, events);
        String outcome = switch (result) {
            case AppendResult.Appended appended -> {
                appendedEvents.increment(events.size());
                yield "appended";
            }
            case AppendResult.WrongExpectedVersion wrong -> "wrong_expected_version";
            case AppendResult.Failed failed -> "failed_" + failed.failure().kind().name().toLowerCase(java.util.Locale.ROOT);
        };
        appendTimers.computeIfAbsent(outcome, o -> metrics.latencyTimer("annals.store.append",
                        "Appends to the event store, by outcome", "outcome", o))
                .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        return result;
    }

    @Override
    public ReadStreamResult readStream(StreamId stream, StreamVersion from, ReadDirection direction, int maxCount) {
        return delegate.readStream(stream, from, direction, maxCount);
    }

    @Override
    public ReadAllResult readAll(GlobalPosition after, int maxCount) {
        return delegate.readAll(after, maxCount);
    }

    @Override
    public ReadAllResult readCategory(String category, GlobalPosition after, int maxCount) {
        return delegate.readCategory(category, after, maxCount);
    }

    @Override
    public IdempotencyLookup findIdempotencyKey(String key) {
        return delegate.findIdempotencyKey(key);
    }

    @Override
    public boolean awaitPositionAfter(GlobalPosition position, Duration timeout) {
        return delegate.awaitPositionAfter(position, timeout);
    }

    @Override
    public Subscription subscribeToAll(GlobalPosition after) {
        return delegate.subscribeToAll(after);
    }

    @Override
    public Subscription subscribeToCategory(String category, GlobalPosition after) {
        return delegate.subscribeToCategory(category, after);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
