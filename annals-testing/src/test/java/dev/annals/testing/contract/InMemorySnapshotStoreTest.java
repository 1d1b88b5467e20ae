// SPDX-License-Identifier: Apache-2.0
package dev.annals.testing.contract;

import dev.annals.core.memory.InMemorySnapshotStore;
import dev.annals.core.snapshot.SnapshotStore;

class InMemorySnapshotStoreTest extends SnapshotStoreContract {
    @Override
    protected SnapshotStore newStore() {
        return new InMemorySnapshotStore();
    }
}
