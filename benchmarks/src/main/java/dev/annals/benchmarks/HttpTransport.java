// SPDX-License-Identifier: Apache-2.0
package dev.annals.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * How the HTTP load driver talks to the service: {@code raw} (default) is a minimal keep-alive
 * HTTP/1.1 client per connection ({@link RawHttpConnection}, what load generators such as wrk do);
 * {@code jdk} is {@link java.net.http.HttpClient} sharing its pool among the workers, kept to
 * compare the cost of the client itself. Requests are prepared once (formatted) and sent many
 * times; connection {@code i} is used by worker {@code i} only.
 */
sealed interface HttpTransport extends AutoCloseable {
    /** A request formatted for this transport, sendable many times. */
    interface Prepared {
        String method();

        String path();
    }

    /** An answer: status and body. */
    record Answer(int status, byte[] body) {}

    Prepared prepare(String method, String path, String[] headers, byte[] body, Duration timeout);

    Answer send(int connection, Prepared request) throws IOException, InterruptedException;

    @Override
    void close();

    static HttpTransport of(String kind, URI base, int connections) {
        return switch (kind) {
            case "raw" -> new Raw(base, connections);
            case "jdk" -> new Jdk(base);
            default -> throw new IllegalArgumentException("--client is raw or jdk, not " + kind);
        };
    }

    /** One {@link RawHttpConnection} per worker. */
    final class Raw implements HttpTransport {
        private record RawRequest(String method, String path, byte[] bytes) implements Prepared {}

        private final RawHttpConnection[] connections;

        Raw(URI base, int count) {
            connections = new RawHttpConnection[count];
            for (int i = 0; i < count; i++) {
                connections[i] = new RawHttpConnection(base);
            }
        }

        @Override
        public Prepared prepare(String method, String path, String[] headers, byte[] body, Duration timeout) {
            // timeouts: the socket's read timeout bounds every request
            return new RawRequest(method, path, connections[0].request(method, path, headers, body));
        }

        @Override
        public Answer send(int connection, Prepared request) throws IOException {
            RawHttpConnection.Response response = connections[connection].exchange(((RawRequest) request).bytes());
            return new Answer(response.status(), response.body());
        }

        @Override
        public void close() {
            for (RawHttpConnection connection : connections) {
                connection.close();
            }
        }
    }

    /** java.net.http.HttpClient (HTTP/1.1), one client and its pool for every worker. */
    final class Jdk implements HttpTransport {
        private record JdkRequest(String method, String path, HttpRequest request) implements Prepared {}

        private final URI base;
        private final HttpClient client;

        Jdk(URI base) {
            this.base = base;
            this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
        }

        @Override
        public Prepared prepare(String method, String path, String[] headers, byte[] body, Duration timeout) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout);
            for (String header : headers) {
                int colon = header.indexOf(':');
                builder.header(header.substring(0, colon).strip(), header.substring(colon + 1).strip());
            }
            builder.method(method, body.length == 0 && method.equals("GET")
                    ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            return new JdkRequest(method, path, builder.build());
        }

        @Override
        public Answer send(int connection, Prepared request) throws IOException, InterruptedException {
            HttpResponse<byte[]> response = client.send(((JdkRequest) request).request(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.body());
        }

        @Override
        public void close() {
            client.close();
        }
    }
}
