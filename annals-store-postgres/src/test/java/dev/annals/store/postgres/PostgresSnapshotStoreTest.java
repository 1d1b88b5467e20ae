// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.postgres;

import dev.annals.core.snapshot.SnapshotStore;
import dev.annals.testing.contract.SnapshotStoreContract;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** The snapshot store contract against real PostgreSQL; every test gets a fresh schema. */
class PostgresSnapshotStoreTest extends SnapshotStoreContract {
    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private static String url;
    private PostgresStoreConfig config;
    private PostgresEventStore eventStore;

    @BeforeAll
    static void createDatabase() {
        url = PgTestServer.newDatabase("snapshots");
    }

    @Override
    protected SnapshotStore newStore() {
        config = PgTestServer.config(url, "snapshots_" + SCHEMAS.incrementAndGet());
        eventStore = PgTestServer.open(config);
        return eventStore.snapshots();
    }

    @Override
    protected SnapshotStore restart(SnapshotStore current) {
        eventStore.close();
        eventStore = PgTestServer.open(config);
        return eventStore.snapshots();
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
