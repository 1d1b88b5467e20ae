// SPDX-License-Identifier: Apache-2.0
package dev.annals.benchmarks;

import dev.annals.core.event.EventData;
import dev.annals.core.event.EventIds;
import dev.annals.core.store.AppendResult;
import dev.annals.core.store.EventStore;
import dev.annals.core.store.ExpectedVersion;
import dev.annals.core.store.GlobalPosition;
import dev.annals.example.orders.order.OrderId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Writes whole orders (one append of up to 8 events per order stream) from N threads, for the view benchmarks. */
final class OrderWriter {
    /** What was written: the orders, each order's last version, and the highest position. */
    record Written(int events, List<OrderId> orderIds, long[] lastVersions, GlobalPosition head) {}

    private OrderWriter() {
    }

    static Written write(EventStore store, int events, int writers, String prefix) {
        int orders = (events + OrderEvents.EVENTS_PER_ORDER - 1) / OrderEvents.EVENTS_PER_ORDER;
        List<OrderId> ids = new ArrayList<>(orders);
        long[] lastVersions = new long[orders];
        for (int i = 0; i < orders; i++) {
            ids.add(OrderEvents.orderId(prefix, i));
            lastVersions[i] = Math.min(OrderEvents.EVENTS_PER_ORDER, events - i * OrderEvents.EVENTS_PER_ORDER) - 1;
        }
        var head = new AtomicLong(0);
        Instant at = Instant.now();
        Workers.run(Math.min(writers, orders), worker -> {
            var eventIds = new EventIds(Clock.systemUTC());
            for (int i = worker; i < orders; i += Math.min(writers, orders)) {
                OrderId id = ids.get(i);
                List<EventData> batch = new ArrayList<>(OrderEvents.EVENTS_PER_ORDER);
                for (int k = 0; k <= lastVersions[i]; k++) {
                    batch.add(OrderEvents.encode(eventIds, OrderEvents.event(id, k, at)));
                }
                if (!(store.append(OrderEvents.stream(id), ExpectedVersion.NO_STREAM, batch)
                        instanceof AppendResult.Appended appended)) {
                    throw new IllegalStateException("writing order " + id.value() + " failed");
                }
                head.accumulateAndGet(appended.lastPosition().value(), Math::max);
            }
        });
        return new Written(events, ids, lastVersions, GlobalPosition.of(head.get()));
    }
}
