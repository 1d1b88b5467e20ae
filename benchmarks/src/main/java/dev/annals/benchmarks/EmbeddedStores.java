// SPDX-License-Identifier: Apache-2.0
package dev.annals.benchmarks;

import dev.annals.core.snapshot.SnapshotStore;
import dev.annals.core.store.EventStore;
import dev.annals.store.embedded.Durability;
import dev.annals.store.embedded.EmbeddedEventStore;
import dev.annals.store.embedded.EmbeddedSnapshotStore;
import dev.annals.store.embedded.EmbeddedStoreConfig;
import java.nio.file.Path;

/** Opens the embedded store (fsync durability unless --durability unsafe) and its snapshot store. */
final class EmbeddedStores {
    private EmbeddedStores() {
    }

    /** A store in {@code dir}/events; throws with the reason when it does not open. */
    static EventStore open(Path dir, DurabilityMode durability) {
        var config = EmbeddedStoreConfig.builder(dir.resolve("events"))
                .durability(durability == DurabilityMode.FSYNC ? Durability.FSYNC : Durability.UNSAFE_NO_FSYNC)
                .build();
        return EmbeddedEventStore.open(config).orThrow();
    }

    static SnapshotStore snapshots(Path dir) {
        return new EmbeddedSnapshotStore(dir.resolve("snapshots"));
    }
}
