// SPDX-License-Identifier: Apache-2.0
package dev.annals.server;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a handler answers. JSON bodies are rendered by the server with its strict mapper, so
 * handlers return records, maps and lists, never bytes they formatted themselves.
 *
 * <p>Header names must be HTTP tokens and values visible ASCII, spaces and tabs: a reply that
 * breaks this is refused when it is built ({@link IllegalArgumentException}). This is where the
 * server checks response headers; Helidon's own check of every response header is off (ApiServer).
 */
public sealed interface Reply {
    int status();

    Map<String, String> headers();

    /** A JSON body ({@code body} null: no body). */
    record Json(int status, @Nullable Object body, Map<String, String> headers) implements Reply {
        public Json {
            headers = checked(headers);
        }
    }

    /** A text body with its content type (Prometheus text, the OpenAPI YAML). */
    record Text(int status, String contentType, String body, Map<String, String> headers) implements Reply {
        public Text {
            headers = checked(headers);
        }
    }

    /** A Server-Sent Events stream, answered 200 and kept open while {@code source} runs. */
    record EventStream(EventSource source, Map<String, String> headers) implements Reply {
        public EventStream {
            headers = checked(headers);
        }

        @Override
        public int status() {
            return 200;
        }
    }

    static Reply json(int status, @Nullable Object body) {
        return new Json(status, body, Map.of());
    }

    static Reply ok(Object body) {
        return json(200, body);
    }

    static Reply text(int status, String contentType, String body) {
        return new Text(status, contentType, body, Map.of());
    }

    static Reply events(EventSource source) {
        return new EventStream(source, Map.of());
    }

    private static Map<String, String> checked(Map<String, String> headers) {
        for (var header : headers.entrySet()) {
            requireToken(header.getKey());
            requireFieldValue(header.getKey(), header.getValue());
        }
        return Map.copyOf(headers);
    }

    private static void requireToken(String name) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty header name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean token = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!token) {
                throw new IllegalArgumentException("header name '" + name + "' is not an HTTP token");
            }
        }
    }

    private static void requireFieldValue(String name, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c >= 0x7f) {
                throw new IllegalArgumentException("value of header " + name + " holds character " + (int) c
                        + " (only visible ASCII, spaces and tabs)");
            }
        }
    }

    /** The same reply with one more header. */
    default Reply withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers());
        copy.put(name, value);
        return switch (this) {
            case Json j -> new Json(j.status(), j.body(), copy);
            case Text t -> new Text(t.status(), t.contentType(), t.body(), copy);
            case EventStream e -> new EventStream(e.source(), copy);
        };
    }

    /** Produces the events of one SSE response until the client goes away or the server stops. */
    @FunctionalInterface
    interface EventSource {
        void run(EventSink sink);
    }

    /** Where an {@link EventSource} writes; both methods answer false once the stream is gone. */
    interface EventSink {
        boolean send(String id, String eventName, String data);

        /** A comment line that keeps the connection alive and detects a departed client. */
        boolean heartbeat();

        /** Whether the stream should end (client gone or server stopping). */
        boolean isClosed();
    }
}
