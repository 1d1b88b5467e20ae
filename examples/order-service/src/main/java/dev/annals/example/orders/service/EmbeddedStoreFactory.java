// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.service;

import dev.annals.server.StoreProbe;
import dev.annals.store.embedded.EmbeddedEventStore;
import dev.annals.store.embedded.EmbeddedStoreConfig;
import dev.annals.store.embedded.OpenResult;
import dev.annals.store.embedded.StoreStats;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The default store: the embedded, fsync-on-append log in {@code <data>/events}. */
final class EmbeddedStoreFactory implements StoreFactory {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStoreFactory.class);

    private EmbeddedStoreFactory() {
    }

    static StoreFactory create() {
        return new EmbeddedStoreFactory();
    }

    @Override
    public String name() {
        return "embedded";
    }

    @Override
    public boolean isDurable() {
        return true;
    }

    @Override
    public Opened open(Path dataDirectory, Clock clock) {
        Path directory = dataDirectory.resolve("events");
        OpenResult result = EmbeddedEventStore.open(EmbeddedStoreConfig.builder(directory).clock(clock).build());
        if (result instanceof OpenResult.Opened opened) {
            var report = opened.report();
            LOG.info("embedded store opened in {} ms: {} events indexed by scan, {} torn tails dropped",
                    report.openTime().toMillis(), report.eventsRecovered(), report.truncations().size());
        }
        EmbeddedEventStore store = result.orThrow();
        return new Opened(store, new EmbeddedProbe(store));
    }

    /** Health and statistics straight from the embedded store. */
    private record EmbeddedProbe(EmbeddedEventStore store) implements StoreProbe {
        @Override
        public Health health() {
            if (store.isFailed()) {
                return new Health.Unhealthy("the embedded store failed stop (see the log); restart to recover");
            }
            if (store.isReadOnly()) {
                return new Health.Unhealthy("the embedded store is read-only after damage (see the log)");
            }
            return new Health.Healthy();
        }

        @Override
        public Statistics statistics() {
            StoreStats stats = store.stats();
            return new Statistics(stats.events(), stats.streams(), stats.headPosition().value(), stats.bytesOnDisk());
        }
    }
}
