// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.service;

import java.nio.file.Path;
import java.time.Clock;

/** The end-to-end suite once more on the PostgreSQL store (a real server: {@link PgServer}). */
class PostgresStoreEndToEndTest extends OrderServiceEndToEndTest {
    @Override
    OrderService startService(Path dataDirectory) {
        String url = PgServer.newDatabase();
        return OrderService.start(ServiceOptions.defaults().withPort(0).withHost("127.0.0.1").withDataDirectory(dataDirectory)
                .withPostgres(url), TestService.ENVIRONMENT, Clock.systemUTC());
    }
}
