// SPDX-License-Identifier: Apache-2.0
package dev.annals.testing.contract;

import dev.annals.core.checkpoint.CheckpointStore;
import dev.annals.core.memory.InMemoryCheckpointStore;

class InMemoryCheckpointStoreTest extends CheckpointStoreContract {
    @Override
    protected CheckpointStore newStore() {
        return new InMemoryCheckpointStore();
    }
}
