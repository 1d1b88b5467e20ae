// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.postgres;

import dev.annals.core.checkpoint.CheckpointStore;
import dev.annals.testing.contract.CheckpointStoreContract;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** The checkpoint store contract against real PostgreSQL; every test gets a fresh schema. */
class PostgresCheckpointStoreTest extends CheckpointStoreContract {
    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private static String url;
    private PostgresStoreConfig config;
    private PostgresEventStore eventStore;

    @BeforeAll
    static void createDatabase() {
        url = PgTestServer.newDatabase("checkpoints");
    }

    @Override
    protected CheckpointStore newStore() {
        config = PgTestServer.config(url, "checkpoints_" + SCHEMAS.incrementAndGet());
        eventStore = PgTestServer.open(config);
        return eventStore.checkpoints();
    }

    @Override
    protected CheckpointStore restart(CheckpointStore current) {
        eventStore.close();
        eventStore = PgTestServer.open(config);
        return eventStore.checkpoints();
    }

    @Override
    protected boolean isDurable() {
        return true;
    }

    @AfterEach
    void closeStore() {
        eventStore.close();
    }
}
