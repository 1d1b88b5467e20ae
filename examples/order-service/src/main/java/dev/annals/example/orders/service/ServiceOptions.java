// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.service;

import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The service's command-line options: {@code --port N} (0: a free port), {@code --data DIR},
 * {@code --store embedded|memory|postgres}, {@code --pg-url URL}, {@code --host H}, {@code --insecure}.
 */
public record ServiceOptions(int port, Path dataDirectory, String store, @Nullable String pgUrl, String host,
                             boolean isInsecure) {
    public static final List<String> STORES = List.of("embedded", "memory", "postgres");

    public static ServiceOptions defaults() {
        return new ServiceOptions(8080, Path.of("data"), "embedded", null, "0.0.0.0", false);
    }

    public ServiceOptions withPort(int value) {
        return new ServiceOptions(value, dataDirectory, store, pgUrl, host, isInsecure);
    }

    public ServiceOptions withDataDirectory(Path value) {
        return new ServiceOptions(port, value, store, pgUrl, host, isInsecure);
    }

    public ServiceOptions withStore(String value) {
        return new ServiceOptions(port, dataDirectory, value, pgUrl, host, isInsecure);
    }

    /** The PostgreSQL store at this JDBC URL ({@code --store postgres --pg-url URL}). */
    public ServiceOptions withPostgres(String url) {
        return new ServiceOptions(port, dataDirectory, "postgres", url, host, isInsecure);
    }

    public ServiceOptions withHost(String value) {
        return new ServiceOptions(port, dataDirectory, store, pgUrl, value, isInsecure);
    }

    public ServiceOptions withInsecure(boolean value) {
        return new ServiceOptions(port, dataDirectory, store, pgUrl, host, value);
    }

    /** The options, or why the arguments are not valid. */
    public sealed interface Parse {
        record Options(ServiceOptions options) implements Parse {}

        record Help() implements Parse {}

        record Invalid(String message) implements Parse {}
    }

    public static Parse parse(String... args) {
        ServiceOptions options = defaults();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                value = arg.substring(equals + 1);
                arg = arg.substring(0, equals);
            }
            switch (arg) {
                case "--help", "-h" -> {
                    return new Parse.Help();
                }
                case "--insecure" -> options = options.withInsecure(true);
                case "--port", "--data", "--store", "--host", "--pg-url" -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            return new Parse.Invalid(arg + " needs a value");
                        }
                        value = args[++i];
                    }
                    @Nullable String problem = null;
                    switch (arg) {
                        case "--port" -> {
                            try {
                                int port = Integer.parseInt(value);
                                if (port < 0 || port > 65535) {
                                    problem = "--port must be 0..65535";
                                } else {
                                    options = options.withPort(port);
                                }
                            } catch (NumberFormatException e) {
                                problem = "--port must be a number";
                            }
                        }
                        case "--data" -> options = options.withDataDirectory(Path.of(value));
                        case "--store" -> {
                            if (!STORES.contains(value)) {
                                problem = "--store must be one of " + String.join(", ", STORES);
                            } else {
                                options = options.withStore(value);
                            }
                        }
                        case "--pg-url" -> options = new ServiceOptions(options.port(), options.dataDirectory(),
                                options.store(), value, options.host(), options.isInsecure());
                        default -> options = options.withHost(value);
                    }
                    if (problem != null) {
                        return new Parse.Invalid(problem);
                    }
                }
                default -> {
                    return new Parse.Invalid("unknown option " + arg);
                }
            }
        }
        if (options.store().equals("postgres") && options.pgUrl() == null) {
            return new Parse.Invalid("--store postgres needs --pg-url jdbc:postgresql://host:port/database");
        }
        return new Parse.Options(options);
    }

    public static String usage() {
        return """
                Usage: annals serve [--port 8080] [--data ./data] [--store embedded|memory|postgres] [--pg-url URL]
                                    [--host 0.0.0.0] [--insecure]

                  --port N       the HTTP port (0 picks a free one; the chosen port is printed)
                  --data DIR     where events, read models and the generated admin token live (default ./data)
                  --store S      embedded (default: durable, files under --data), memory (gone at exit) or
                                 postgres (events in PostgreSQL at --pg-url; read models under --data)
                  --pg-url URL   jdbc:postgresql://host:port/database (user and password as URL parameters,
                                 or ANNALS_PG_USER / ANNALS_PG_PASSWORD)
                  --insecure     no authentication at all: every caller is an admin (never expose this)

                Environment: ANNALS_ADMIN_TOKEN (admin token; else generated into <data>/admin.token),
                ANNALS_TOKENS (more tokens: role:token,role:token with roles reader, writer, admin).
                """;
    }
}
