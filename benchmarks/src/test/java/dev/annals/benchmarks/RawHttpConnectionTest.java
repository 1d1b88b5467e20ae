// SPDX-License-Identifier: Apache-2.0
package dev.annals.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The load driver's own HTTP/1.1 client against the JDK's HTTP server: framing, keep-alive, reconnects. */
class RawHttpConnectionTest {
    private HttpServer server;
    private final Set<String> clientPorts = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/echo", exchange -> {
            try (exchange) {
                clientPorts.add(Integer.toString(exchange.getRemoteAddress().getPort()));
                byte[] body = exchange.getRequestBody().readAllBytes();
                String answer = exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                        + exchange.getRequestHeaders().getFirst("X-Test") + " " + new String(body, StandardCharsets.UTF_8);
                byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(201, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        });
        server.createContext("/chunked", exchange -> {
            try (exchange) {
                exchange.sendResponseHeaders(200, 0);  // 0: chunked
                exchange.getResponseBody().write("first-".getBytes(StandardCharsets.UTF_8));
                exchange.getResponseBody().flush();
                exchange.getResponseBody().write("second".getBytes(StandardCharsets.UTF_8));
            }
        });
        server.createContext("/close", exchange -> {
            try (exchange) {
                exchange.getResponseHeaders().set("Connection", "close");
                exchange.sendResponseHeaders(503, -1);  // -1: no body
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Test
    void sends_method_path_headers_and_body_and_reads_a_content_length_answer_over_one_kept_alive_connection() throws IOException {
        try (var connection = new RawHttpConnection(base())) {
            byte[] post = connection.request("POST", "/echo?x=1", new String[] {"X-Test: yes"},
                    "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
            byte[] get = connection.request("GET", "/echo", new String[] {"X-Test: again"}, new byte[0]);

            var first = connection.exchange(post);
            var second = connection.exchange(get);
            var third = connection.exchange(post);

            assertThat(first.status()).isEqualTo(201);
            assertThat(first.bodyText()).isEqualTo("POST /echo?x=1 yes {\"a\":1}");
            assertThat(second.bodyText()).isEqualTo("GET /echo again ");
            assertThat(third.bodyText()).isEqualTo(first.bodyText());
            assertThat(clientPorts).hasSize(1);
        }
    }

    @Test
    void reads_a_chunked_answer_and_keeps_the_connection_for_the_next_request() throws IOException {
        try (var connection = new RawHttpConnection(base())) {
            var chunked = get(connection, "/chunked");
            var next = get(connection, "/echo");

            assertThat(chunked.status()).isEqualTo(200);
            assertThat(chunked.bodyText()).isEqualTo("first-second");
            assertThat(next.bodyText()).isEqualTo("GET /echo null ");
        }
    }

    @Test
    void opens_a_new_connection_after_the_server_answered_connection_close() throws IOException {
        try (var connection = new RawHttpConnection(base())) {
            var closed = get(connection, "/close");
            var after = get(connection, "/echo");

            assertThat(closed.status()).isEqualTo(503);
            assertThat(closed.body()).isEmpty();
            assertThat(after.status()).isEqualTo(201);
        }
    }

    /** A GET without extra headers, over {@code connection}. */
    private static RawHttpConnection.Response get(RawHttpConnection connection, String path) throws IOException {
        return connection.exchange(connection.request("GET", path, new String[0], new byte[0]));
    }
}
