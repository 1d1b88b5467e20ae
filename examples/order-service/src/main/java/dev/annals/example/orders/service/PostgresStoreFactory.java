// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.service;

import dev.annals.store.postgres.OpenResult;
import dev.annals.store.postgres.PostgresEventStore;
import dev.annals.store.postgres.PostgresStoreConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * Events in PostgreSQL ({@code --store postgres --pg-url URL}); read models, the fulfilment state
 * and dead letters stay in file stores under {@code --data}. User and password come from the URL's
 * {@code user}/{@code password} parameters, else {@code ANNALS_PG_USER}/{@code ANNALS_PG_PASSWORD};
 * the password is never logged. A server that can lose commits is refused.
 */
final class PostgresStoreFactory implements StoreFactory {
    static final String USER_ENV = "ANNALS_PG_USER";
    static final String PASSWORD_ENV = "ANNALS_PG_PASSWORD";

    private final String url;
    private final String user;
    private final String password;

    private PostgresStoreFactory(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    static StoreFactory of(String url, Map<String, String> environment) {
        String parameters = url.indexOf('?') < 0 ? "" : url.substring(url.indexOf('?') + 1);
        String user = parameter(parameters, "user", environment.getOrDefault(USER_ENV, "postgres"));
        String password = parameter(parameters, "password", environment.getOrDefault(PASSWORD_ENV, ""));
        return new PostgresStoreFactory(url, user, password);
    }

    private static String parameter(String parameters, String name, String otherwise) {
        for (String pair : parameters.split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return otherwise;
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public boolean isDurable() {
        return true;
    }

    @Override
    public Opened open(Path dataDirectory, Clock clock) {
        PostgresStoreConfig defaults = PostgresStoreConfig.of(url, user, password);
        PostgresStoreConfig config = new PostgresStoreConfig(defaults.url(), defaults.user(), defaults.password(),
                defaults.schema(), defaults.maxPoolSize(), defaults.durability(), defaults.connectTimeout(),
                defaults.pollInterval(), defaults.notifyInterval(), clock);
        return switch (PostgresEventStore.open(config)) {
            case OpenResult.Opened opened -> new Opened(opened.store(), new ScanningProbe(opened.store()));
            case OpenResult.Refused refused -> throw new IllegalStateException("PostgreSQL store refused to open: "
                    + refused.reason());
            case OpenResult.Failed failed -> throw new IllegalStateException("PostgreSQL store failed to open: "
                    + failed.failure().kind() + " " + failed.failure().detail());
        };
    }
}
