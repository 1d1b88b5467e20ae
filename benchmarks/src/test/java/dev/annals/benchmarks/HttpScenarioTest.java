// SPDX-License-Identifier: Apache-2.0
package dev.annals.benchmarks;

import static dev.annals.benchmarks.Scenarios.assertPositive;
import static dev.annals.benchmarks.Scenarios.fieldNames;
import static dev.annals.benchmarks.Scenarios.run;
import static dev.annals.benchmarks.Scenarios.runFailing;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The http scenario is a client: here it drives a small stand-in for the order service's HTTP surface
 * (create order, add item, order details; bearer token required; positions in command answers), so
 * the test checks what the driver sends and reports, not the service.
 */
class HttpScenarioTest {
    private static final String TOKEN = "bench-test-token";
    private HttpServer server;
    private final AtomicLong creates = new AtomicLong();
    private final AtomicLong adds = new AtomicLong();
    private final AtomicLong details = new AtomicLong();
    private final AtomicLong unauthorised = new AtomicLong();
    private final AtomicLong positions = new AtomicLong();

    @BeforeEach
    void startStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/api/orders", this::handle);
        server.createContext("/health/live", exchange -> {
            try (exchange) {
                answer(exchange, 200, "{\"status\":\"live\"}");
            }
        });
        server.start();
    }

    @AfterEach
    void stopStandIn() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                unauthorised.incrementAndGet();
                answer(exchange, 401, "{\"error\":\"unauthorised\"}");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            if (exchange.getRequestMethod().equals("POST") && path.equals("/api/orders")) {
                creates.incrementAndGet();
                answer(exchange, 201, "{\"position\":" + positions.incrementAndGet() + "}");
            } else if (exchange.getRequestMethod().equals("POST") && path.endsWith("/items")) {
                adds.incrementAndGet();
                answer(exchange, 200, "{\"position\":" + positions.incrementAndGet() + "}");
            } else if (exchange.getRequestMethod().equals("GET")) {
                details.incrementAndGet();
                answer(exchange, 200, "{\"orderId\":\"x\"}");
            } else {
                answer(exchange, 404, "{}");
            }
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @ParameterizedTest
    @ValueSource(strings = {"raw", "jdk"})
    void http_creates_orders_adds_items_and_queries_details_and_reports_both_phases(String client) {
        var json = run("http", "--url", url(), "--token", TOKEN, "--connections", "2", "--orders", "10",
                "--queries", "20", "--runs", "1", "--client", client);

        assertThat(json.get("client").asText()).isEqualTo(client);
        assertThat(fieldNames(json)).containsExactly("scenario", "url", "client", "connections", "orders", "queries", "runs",
                "commandsPerSecond", "commandP50Millis", "commandP99Millis", "commandErrors",
                "queriesPerSecond", "queryP50Millis", "queryP99Millis", "queryErrors",
                "baselineRequestsPerSecond", "queryRatioToBaseline", "commandRatioToBaseline");
        assertPositive(json, "commandsPerSecond", "queriesPerSecond", "baselineRequestsPerSecond");
        assertThat(json.get("commandErrors").asDouble()).isZero();
        // warm-up: max(2, 10/5) = 2 orders and max(2, 20/5) = 4 queries (+1 wait); the run: 10 orders, 20 queries (+1 wait)
        // (the baseline requests go to /health/live)
        assertThat(creates.get()).isEqualTo(12);
        assertThat(adds.get()).isEqualTo(12);
        assertThat(details.get()).isEqualTo(4 + 1 + 20 + 1);
        assertThat(unauthorised.get()).isZero();
    }

    @Test
    void http_fails_when_the_service_refuses_the_commands() {
        var failure = runFailing("http", "--url", url(), "--token", "wrong", "--connections", "2", "--orders", "4",
                "--queries", "4", "--runs", "1");

        assertThat(failure.exitCode()).isNotZero();
        assertThat(failure.err()).contains("commands failed");
    }
}
