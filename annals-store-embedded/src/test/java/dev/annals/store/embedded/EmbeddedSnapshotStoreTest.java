// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.embedded;

import dev.annals.core.snapshot.SnapshotStore;
import dev.annals.testing.contract.SnapshotStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedSnapshotStoreTest extends SnapshotStoreContract {
    @TempDir
    Path temp;

    @Override
    protected SnapshotStore newStore() {
        return new EmbeddedSnapshotStore(temp.resolve("snapshots"));
    }

    @Override
    protected SnapshotStore restart(SnapshotStore current) {
        return new EmbeddedSnapshotStore(temp.resolve("snapshots"));
    }

    @Override
    protected boolean isDurable() {
        return true;
    }
}
