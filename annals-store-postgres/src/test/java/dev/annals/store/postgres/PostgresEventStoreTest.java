// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.postgres;

import dev.annals.core.store.EventStore;
import dev.annals.testing.contract.EventStoreContract;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;

/** The whole event store contract against real PostgreSQL; every test gets a fresh schema. */
class PostgresEventStoreTest extends EventStoreContract {
    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private static String url;
    private PostgresStoreConfig config;

    @BeforeAll
    static void createDatabase() {
        url = PgTestServer.newDatabase("events");
    }

    @Override
    protected EventStore newStore() {
        config = PgTestServer.config(url, "contract_" + SCHEMAS.incrementAndGet());
        return PgTestServer.open(config);
    }

    @Override
    protected EventStore restart(EventStore current) {
        current.close();
        return PgTestServer.open(config);
    }

    @Override
    protected boolean isDurable() {
        return true;
    }
}
