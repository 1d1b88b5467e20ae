// SPDX-License-Identifier: Apache-2.0
package dev.annals.core.decider;

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
import java.time.Duration;
import java.util.List;

/** A store that passes every call to {@link #delegate()}; tests override the calls they interfere with. */
abstract class ForwardingEventStore implements EventStore {
    abstract EventStore delegate();

    @Override
    public AppendResult append(StreamId stream, ExpectedVersion expected, List<EventData> events) {
        return delegate().append(stream, expected, events);
    }

    @Override
    public ReadStreamResult readStream(StreamId stream, StreamVersion from, ReadDirection direction, int maxCount) {
        return delegate().readStream(stream, from, direction, maxCount);
    }

    @Override
    public ReadAllResult readAll(GlobalPosition after, int maxCount) {
        return delegate().readAll(after, maxCount);
    }

    @Override
    public ReadAllResult readCategory(String category, GlobalPosition after, int maxCount) {
        return delegate().readCategory(category, after, maxCount);
    }

    @Override
    public IdempotencyLookup findIdempotencyKey(String key) {
        return delegate().findIdempotencyKey(key);
    }

    @Override
    public boolean awaitPositionAfter(GlobalPosition position, Duration timeout) {
        return delegate().awaitPositionAfter(position, timeout);
    }

    @Override
    public void close() {
        delegate().close();
    }
}
