// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.service;

import dev.annals.core.store.EventStore;
import dev.annals.example.orders.service.http.OrderRoutes;
import dev.annals.example.orders.service.json.OrderCodecs;
import dev.annals.example.orders.service.readmodels.ReadModels;
import dev.annals.example.orders.service.readmodels.ViewStorage;
import dev.annals.server.ApiServer;
import dev.annals.server.EventStoreRoutes;
import dev.annals.server.OperationsRoutes;
import dev.annals.server.RouteTable;
import dev.annals.server.ServerMetrics;
import dev.annals.server.StoreProbe;
import dev.annals.server.Tokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Start and stop order
 * --------------------
 * start: store -> command handlers -> read models and the fulfilment process (they catch up on
 * their own threads) -> HTTP server. close: HTTP server first (refuses new requests, lets in-flight
 * commands finish), then the process manager and the read models (their runners stop between
 * batches, commits are atomic), then the event store (flushes and releases its files), then the
 * metrics. Closing the store last is what makes a SIGTERM lose nothing that was acknowledged.
 */

/** The running Order Management service: everything {@link OrderServiceMain} wires, startable in-process for tests. */
public final class OrderService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OrderService.class);

    private final EventStore store;
    private final ReadModels readModels;
    private final ServerMetrics metrics;
    private final ApiServer server;
    private final @Nullable Path adminTokenFile;
    private boolean isClosed;

    private OrderService(EventStore store, ReadModels readModels, ServerMetrics metrics, ApiServer server,
                         @Nullable Path adminTokenFile) {
        this.store = store;
        this.readModels = readModels;
        this.metrics = metrics;
        this.server = server;
        this.adminTokenFile = adminTokenFile;
    }

    /** The store the options choose ({@code --store}). */
    public static StoreFactory storeFactory(ServiceOptions options, Map<String, String> environment) {
        return switch (options.store()) {
            case "memory" -> StoreFactory.memory();
            case "embedded" -> EmbeddedStoreFactory.create();
            case "postgres" -> PostgresStoreFactory.of(Objects.requireNonNull(options.pgUrl(), "--pg-url"), environment);
            default -> throw new IllegalArgumentException("unknown store " + options.store());
        };
    }

    public static OrderService start(ServiceOptions options, Map<String, String> environment, Clock clock) {
        StoreFactory factory = storeFactory(options, environment);
        Path data = options.dataDirectory().toAbsolutePath();

        Tokens tokens = null;
        Path tokenFile = null;
        if (!options.isInsecure()) {
            Tokens.Loaded loaded = Tokens.load(environment, data);
            tokens = loaded.tokens();
            tokenFile = loaded.adminTokenFile();
        }

        ServerMetrics metrics = new ServerMetrics();
        StoreFactory.Opened opened = factory.open(data, clock);
        EventStore store = metrics.metered(opened.store());
        ReadModels readModels = null;
        try {
            OrderCodecs codecs = new OrderCodecs();
            OrderCommands commands = new OrderCommands(store, codecs, metrics, clock);
            ViewStorage views = factory.isDurable() ? ViewStorage.files(data.resolve("views")) : ViewStorage.inMemory();
            readModels = ReadModels.start(store, codecs, views, commands::fulfill);
            readModels.bindMetrics(metrics.registry());

            RouteTable routes = routes(commands, readModels, store, opened.probe(), metrics);
            ApiServer server = ApiServer.builder()
                    .routes(routes)
                    .tokens(tokens == null ? Tokens.of(Map.of()) : tokens)
                    .insecure(options.isInsecure())
                    .metrics(metrics)
                    .host(options.host())
                    .port(options.port())
                    .build()
                    .start();
            LOG.info("order service on the {} store, data in {}", factory.name(), data);
            return new OrderService(store, readModels, metrics, server, tokenFile);
        } catch (RuntimeException e) {
            if (readModels != null) {
                readModels.close();
            }
            store.close();
            metrics.close();
            throw e;
        }
    }

    /** Every route the service serves: the orders API, the event store API and the operations routes. */
    public static RouteTable routes(OrderCommands commands, ReadModels readModels, EventStore store, StoreProbe probe,
                                    ServerMetrics metrics) {
        return OperationsRoutes.combine(List.of(
                OrderRoutes.of(commands, readModels),
                EventStoreRoutes.of(store),
                OperationsRoutes.of(probe, readModels, metrics, openApiDocument())));
    }

    /** The OpenAPI document served at /openapi.yaml (a test checks it against the route table). */
    public static String openApiDocument() {
        try (InputStream in = OrderService.class.getResourceAsStream("/openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("openapi.yaml is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.port();
    }

    public RouteTable routes() {
        return server.routes();
    }

    /** Where the admin token was read or generated; null when it came from the environment or auth is off. */
    public @Nullable Path adminTokenFile() {
        return adminTokenFile;
    }

    /** Stops serving (in-flight requests finish), then the runners, then closes the store. Idempotent. */
    @Override
    public synchronized void close() {
        if (isClosed) {
            return;
        }
        isClosed = true;
        server.stop();
        readModels.close();
        store.close();
        metrics.close();
        LOG.info("order service stopped");
    }
}
