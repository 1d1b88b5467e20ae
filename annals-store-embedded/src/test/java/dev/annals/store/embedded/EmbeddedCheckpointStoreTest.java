// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.embedded;

import dev.annals.core.checkpoint.CheckpointStore;
import dev.annals.testing.contract.CheckpointStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedCheckpointStoreTest extends CheckpointStoreContract {
    @TempDir
    Path temp;

    @Override
    protected CheckpointStore newStore() {
        return new EmbeddedCheckpointStore(temp.resolve("checkpoints"));
    }

    @Override
    protected CheckpointStore restart(CheckpointStore current) {
        return new EmbeddedCheckpointStore(temp.resolve("checkpoints"));
    }

    @Override
    protected boolean isDurable() {
        return true;
    }
}
