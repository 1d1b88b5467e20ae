// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.embedded;

import dev.annals.core.store.EventStore;
import dev.annals.testing.contract.EventStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The whole event store contract against the embedded store, with small segments and frequent index checkpoints. */
class EmbeddedEventStoreTest extends EventStoreContract {
    @TempDir
    Path temp;

    private EmbeddedStoreConfig config() {
        return EmbeddedStoreConfig.builder(temp.resolve("store"))
                .segmentBytes(256 * 1024)
                .indexCheckpointEvery(50)
                .build();
    }

    @Override
    protected EventStore newStore() {
        return EmbeddedEventStore.open(config()).orThrow();
    }

    @Override
    protected EventStore restart(EventStore current) {
        current.close();
        return EmbeddedEventStore.open(config()).orThrow();
    }

    @Override
    protected boolean isDurable() {
        return true;
    }
}
