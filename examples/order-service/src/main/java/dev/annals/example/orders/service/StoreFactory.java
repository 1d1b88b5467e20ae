// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.service;

import dev.annals.core.memory.InMemoryEventStore;
import dev.annals.core.store.EventStore;
import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.ReadAllResult;
import dev.annals.server.StoreProbe;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;

/**
 * Which event store the service runs on, chosen by {@code --store}. Each choice opens its store
 * and says how to probe it; durable choices keep the read models on disk beside it.
 */
public interface StoreFactory {
    /** The {@code --store} value. */
    String name();

    /** Whether events survive a restart (then read models are kept on disk too). */
    boolean isDurable();

    /** Opens the store; a store that cannot be opened throws with a message for the operator. */
    Opened open(Path dataDirectory, Clock clock);

    /** An open store and its probe for the health and statistics endpoints. */
    record Opened(EventStore store, StoreProbe probe) {}

    /** Everything in memory: for trying the service out and for tests; gone at exit. */
    static StoreFactory memory() {
        return new StoreFactory() {
            @Override
            public String name() {
                return "memory";
            }

            @Override
            public boolean isDurable() {
                return false;
            }

            @Override
            public Opened open(Path dataDirectory, Clock clock) {
                InMemoryEventStore store = new InMemoryEventStore(clock);
                return new Opened(store, new ScanningProbe(store));
            }
        };
    }

    /** A probe for any store: health by a one-event read, statistics by reading the whole log (small stores only). */
    final class ScanningProbe implements StoreProbe {
        private final EventStore store;

        public ScanningProbe(EventStore store) {
            this.store = store;
        }

        @Override
        public Health health() {
            return switch (store.readAll(GlobalPosition.of(Long.MAX_VALUE - 1), 1)) {
                case ReadAllResult.Page page -> new Health.Healthy();
                case ReadAllResult.Failed failed -> new Health.Unhealthy("event store: " + failed.failure().kind() + " "
                        + failed.failure().detail());
            };
        }

        @Override
        public Statistics statistics() {
            long events = 0;
            Set<String> streams = new HashSet<>();
            GlobalPosition after = GlobalPosition.START;
            GlobalPosition head = GlobalPosition.START;
            while (true) {
                switch (store.readAll(after, 1000)) {
                    case ReadAllResult.Failed failed -> {
                        return new Statistics(events, streams.size(), head.value(), -1);
                    }
                    case ReadAllResult.Page page -> {
                        events += page.events().size();
                        page.events().forEach(e -> streams.add(e.streamId().value()));
                        head = GlobalPosition.max(head, page.head());
                        if (page.events().isEmpty() || page.isEnd()) {
                            return new Statistics(events, streams.size(), head.value(), -1);
                        }
                        after = page.events().getLast().position();
                    }
                }
            }
        }
    }
}
