// SPDX-License-Identifier: Apache-2.0
package dev.annals.server;

import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.http.sse.SseEvent;
import io.helidon.webserver.ServerConnectionException;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.sse.SseSink;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Request pipeline
 * ----------------
 * Helidon hands every request, whatever its method and path, to one handler (dispatch), so the
 * route table is the only routing there is:
 *   1. correlation id: X-Correlation-Id when it is a sane token, else a new UUID; echoed.
 *   2. route lookup on the raw path, split into segments and percent-decoded one by one (so an
 *      encoded '/' inside an id never splits it).
 *   3. authentication unless the route is public; no or bad credentials -> 401 for every path,
 *      known or not (deny by default, and no route discovery without a token); then 404 / 405,
 *      then 403 when the role does not reach the route's.
 *   4. body: Content-Length over the limit -> 413 before reading; a non-JSON Content-Type on a
 *      body -> 415; the body is read up to limit + 1 bytes, and one byte too many -> 413.
 *   5. handler; a RuntimeException becomes a 500 with a generic body and the correlation id (the
 *      stack trace goes to the log only).
 *   6. one log line: method, path, status, duration ms, correlation id, caller. Never bodies,
 *      queries or tokens.
 *
 * Shutdown
 * --------
 * stop() first refuses new requests (503 shutting_down), waits for in-flight non-streaming
 * requests to finish (bounded by the grace period), then ends SSE streams and stops Helidon.
 * The caller closes the store afterwards, so no command is cut off between decide and append.
 */

/** The HTTP server: Helidon SE on virtual threads, serving one {@link RouteTable}. */
public final class ApiServer implements AutoCloseable {
    public static final String CORRELATION_HEADER = "X-Correlation-Id";
    public static final String INSECURE_HEADER = "X-Annals-Insecure";
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final Logger ACCESS = LoggerFactory.getLogger("dev.annals.server.access");
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);
    /** The status recorded (metrics, access log) when the client closed the connection first; never sent. */
    private static final int CLIENT_CLOSED = 499;
    /* Header names and constant values made once: creating them shows in the per-request profile. */
    private static final HeaderName CORRELATION = HeaderNames.create(CORRELATION_HEADER);
    private static final Header NOSNIFF = HeaderValues.createCached(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
    private static final Header NO_STORE = HeaderValues.createCached(HeaderNames.CACHE_CONTROL, "no-store");
    private static final Header INSECURE = HeaderValues.createCached(HeaderNames.create(INSECURE_HEADER), "authentication disabled");
    private static final Header JSON = HeaderValues.createCached(HeaderNames.CONTENT_TYPE, "application/json");

    private final RouteTable routes;
    private final @Nullable Tokens tokens;
    private final ServerMetrics metrics;
    private final long maxBodyBytes;
    private final Duration shutdownGrace;
    private final String host;
    private final int requestedPort;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final Object inFlightLock = new Object();
    private int inFlight;
    private @Nullable WebServer server;

    private ApiServer(Builder builder) {
        this.routes = Objects.requireNonNull(builder.routes, "routes");
        this.tokens = builder.insecure ? null : Objects.requireNonNull(builder.tokens, "tokens (or insecure())");
        this.metrics = builder.metrics;
        this.maxBodyBytes = builder.maxBodyBytes;
        this.shutdownGrace = builder.shutdownGrace;
        this.host = builder.host;
        this.requestedPort = builder.port;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Binds the port and starts serving. */
    public synchronized ApiServer start() {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        if (tokens == null) {
            LOG.warn("*** AUTHENTICATION IS DISABLED (--insecure): every caller is an admin. Never expose this server. ***");
        }
        server = WebServer.builder()
                .host(host)
                .port(requestedPort)
                .shutdownHook(false)
                .shutdownGracePeriod(shutdownGrace)
                // Request headers are validated as they arrive (Helidon's default). Response headers
                // are not re-validated per response: their values are constants, the correlation id
                // (correlationId() admits [A-Za-z0-9-_.:] only) and what Reply checked when it was built.
                .addProtocol(Http1Config.builder().validateResponseHeaders(false).build())
                .routing(routing -> routing.any(this::dispatch))
                .build()
                .start();
        LOG.info("listening on http://{}:{} ({} routes)", host, server.port(), routes.routes().size());
        return this;
    }

    /** The bound port (useful after binding port 0). */
    public int port() {
        WebServer running = server;
        if (running == null) {
            throw new IllegalStateException("not started");
        }
        return running.port();
    }

    public RouteTable routes() {
        return routes;
    }

    public boolean isInsecure() {
        return tokens == null;
    }

    /** Stops accepting, lets in-flight requests finish (bounded by the grace period), then stops. */
    public synchronized void stop() {
        WebServer running = server;
        if (running == null) {
            return;
        }
        draining.set(true);
        long deadline = System.nanoTime() + shutdownGrace.toNanos();
        synchronized (inFlightLock) {
            while (inFlight > 0) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    LOG.warn("stopping with {} requests still in flight after {} ms", inFlight, shutdownGrace.toMillis());
                    break;
                }
                try {
                    inFlightLock.wait(Math.max(1, remaining / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        running.stop();
        server = null;
        LOG.info("stopped");
    }

    @Override
    public void close() {
        stop();
    }

    private void dispatch(ServerRequest request, ServerResponse response) {
        long start = System.nanoTime();
        String method = request.prologue().method().text().toUpperCase(Locale.ROOT);
        String rawPath = request.path().rawPath();
        String correlationId = correlationId(request.headers().first(CORRELATION).orElse(null));
        response.header(CORRELATION, correlationId);
        response.header(NOSNIFF);
        response.header(NO_STORE);
        if (tokens == null) {
            response.header(INSECURE);
        }
        String routeName = "unmatched";
        String callerName = "-";
        int status;
        boolean counted = false;
        try {
            if (draining.get()) {
                status = send(response, ApiError.of(503, "shutting_down", "the server is shutting down").reply()
                        .withHeader("Connection", "close"));
                return;
            }
            synchronized (inFlightLock) {
                inFlight++;
                counted = true;
            }
            List<String> segments = decodeSegments(rawPath);
            if (segments == null) {
                status = send(response, ApiError.badRequest("malformed_path", "the path is not valid").reply());
                return;
            }
            RouteTable.Lookup lookup = routes.find(method, segments);
            boolean isPublic = lookup instanceof RouteTable.Lookup.Matched m && m.route().required() == Role.PUBLIC;
            Caller caller;
            if (isPublic) {
                caller = new Caller(Role.PUBLIC, "anonymous");
            } else if (tokens == null) {
                caller = new Caller(Role.ADMIN, "insecure");
            } else {
                String authorization = request.headers().first(HeaderNames.AUTHORIZATION).orElse(null);
                switch (tokens.authenticate(authorization)) {
                    case Tokens.Authentication.Missing missing -> {
                        status = send(response, ApiError.of(401, "unauthenticated",
                                "this endpoint needs an Authorization: Bearer token").reply()
                                .withHeader("WWW-Authenticate", "Bearer"));
                        return;
                    }
                    case Tokens.Authentication.Invalid invalid -> {
                        status = send(response, ApiError.of(401, "invalid_token", "the bearer token is not valid").reply()
                                .withHeader("WWW-Authenticate", "Bearer error=\"invalid_token\""));
                        return;
                    }
                    case Tokens.Authentication.Authenticated authenticated -> caller = authenticated.caller();
                }
            }
            callerName = caller.name();
            RouteTable.Lookup.Matched matched;
            switch (lookup) {
                case RouteTable.Lookup.NotFound notFound -> {
                    status = send(response, ApiError.notFound("no such resource").reply());
                    return;
                }
                case RouteTable.Lookup.MethodNotAllowed notAllowed -> {
                    status = send(response, ApiError.of(405, "method_not_allowed", "method " + method
                            + " is not allowed here").reply().withHeader("Allow", String.join(", ", notAllowed.allowed())));
                    return;
                }
                case RouteTable.Lookup.Matched m -> matched = m;
            }
            Route route = matched.route();
            routeName = route.pattern();
            if (!caller.role().allows(route.required())) {
                status = send(response, new ApiError(403, "forbidden", "this endpoint needs the "
                        + route.required().wireName() + " role", Map.of("required", route.required().wireName())).reply());
                return;
            }
            byte[] body;
            long declaredLength = request.headers().contentLength().orElse(-1);
            if (declaredLength > maxBodyBytes) {
                status = send(response, tooLarge().withHeader("Connection", "close"));
                return;
            }
            boolean mayHaveBody = declaredLength > 0 || request.headers().contains(HeaderNames.TRANSFER_ENCODING);
            if (mayHaveBody) {
                String contentType = request.headers().first(HeaderNames.CONTENT_TYPE).orElse(null);
                if (!isJson(contentType)) {
                    status = send(response, ApiError.of(415, "unsupported_media_type",
                            "request bodies must be application/json").reply().withHeader("Connection", "close"));
                    return;
                }
                body = readBounded(request.content().inputStream(), declaredLength);
                if (body == null) {
                    status = send(response, tooLarge().withHeader("Connection", "close"));
                    return;
                }
            } else {
                body = new byte[0];
            }
            Call call = new Call(method, rawPath, matched.parameters(), queryOf(request), headersOf(request), body,
                    caller, correlationId);
            Reply reply = route.handler().handle(call);
            if (reply instanceof Reply.EventStream stream) {
                synchronized (inFlightLock) {
                    // a stream may live for hours: it must not hold a graceful shutdown back
                    inFlight--;
                    counted = false;
                    inFlightLock.notifyAll();
                }
                status = 200;
                stream(response, stream);
                return;
            }
            status = send(response, reply);
        } catch (ServerConnectionException | UncheckedIOException e) {
            // the client went away while we were reading its body or writing the answer: not a server fault
            LOG.debug("connection lost in {} {} (correlation id {})", method, rawPath, correlationId, e);
            status = CLIENT_CLOSED;
        } catch (RuntimeException e) {
            LOG.error("unhandled exception in {} {} (correlation id {})", method, rawPath, correlationId, e);
            status = 500;
            if (!response.isSent()) {
                send(response, new ApiError(500, "internal_error", "internal error",
                        Map.of("correlationId", correlationId)).reply());
            }
        } finally {
            if (counted) {
                synchronized (inFlightLock) {
                    inFlight--;
                    inFlightLock.notifyAll();
                }
            }
        }
        long nanos = System.nanoTime() - start;
        metrics.recordRequest(method, routeName, status, nanos);
        if (ACCESS.isInfoEnabled()) {
            ACCESS.info(accessLine(method, rawPath, status, nanos, correlationId, callerName));
        }
    }

    private Reply tooLarge() {
        return new ApiError(413, "payload_too_large", "request bodies are limited to " + maxBodyBytes + " bytes",
                Map.of("maxBytes", maxBodyBytes)).reply();
    }

    private int send(ServerResponse response, Reply reply) {
        response.status(Status.create(reply.status()));
        for (var header : reply.headers().entrySet()) {
            response.header(header.getKey(), header.getValue());
        }
        switch (reply) {
            case Reply.Json json -> {
                if (json.body() == null) {
                    response.send();
                } else {
                    response.header(JSON);
                    response.send(Json.write(json.body()));
                }
            }
            case Reply.Text text -> {
                response.header(HeaderNames.CONTENT_TYPE, text.contentType());
                response.send(text.body().getBytes(StandardCharsets.UTF_8));
            }
            case Reply.EventStream stream -> throw new IllegalStateException("streams are sent by stream()");
        }
        return reply.status();
    }

    private void stream(ServerResponse response, Reply.EventStream stream) {
        for (var header : stream.headers().entrySet()) {
            response.header(header.getKey(), header.getValue());
        }
        SseSink sink = response.sink(SseSink.TYPE);
        var events = new HelidonEventSink(sink, draining);
        try {
            stream.source().run(events);
        } finally {
            try {
                sink.close();
            } catch (RuntimeException e) {
                LOG.debug("closing an event stream whose client is gone", e);
            }
        }
    }

    /** Writes SSE events to Helidon, noticing a departed client or a stopping server. */
    private static final class HelidonEventSink implements Reply.EventSink {
        private final SseSink sink;
        private final AtomicBoolean draining;
        private volatile boolean gone;
        private long lastWriteNanos = System.nanoTime();

        HelidonEventSink(SseSink sink, AtomicBoolean draining) {
            this.sink = sink;
            this.draining = draining;
        }

        @Override
        public boolean send(String id, String eventName, String data) {
            return emit(SseEvent.builder().id(id).name(eventName).data(data).build());
        }

        @Override
        public boolean heartbeat() {
            if (System.nanoTime() - lastWriteNanos < HEARTBEAT.toNanos()) {
                return !isClosed();
            }
            return emit(SseEvent.builder().comment("keep-alive").build());
        }

        private boolean emit(SseEvent event) {
            if (isClosed()) {
                return false;
            }
            try {
                sink.emit(event);
                lastWriteNanos = System.nanoTime();
                return true;
            } catch (RuntimeException e) {
                gone = true;
                return false;
            }
        }

        @Override
        public boolean isClosed() {
            return gone || draining.get();
        }
    }

    /**
     * The body, or null when it is over the limit. With a Content-Length (already checked against the
     * limit) exactly that many bytes are asked for, in one array; without one (chunked) up to the
     * limit + 1, in 8 KiB steps, and one byte too many means too large.
     */
    private byte @Nullable [] readBounded(InputStream in, long declaredLength) {
        try (in) {
            if (declaredLength >= 0 && declaredLength <= maxBodyBytes) {
                return in.readNBytes((int) declaredLength);
            }
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            return bytes.length > maxBodyBytes ? null : bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean isJson(@Nullable String contentType) {
        if (contentType == null) {
            return false;
        }
        String[] parts = contentType.split(";");
        if (!parts[0].strip().equalsIgnoreCase("application/json")) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip().toLowerCase(Locale.ROOT);
            if (parameter.startsWith("charset=") && !parameter.equals("charset=utf-8") && !parameter.equals("charset=\"utf-8\"")) {
                return false;
            }
        }
        return true;
    }

    static String correlationId(@Nullable String given) {
        if (given != null && !given.isEmpty() && given.length() <= 128) {
            boolean sane = true;
            for (int i = 0; i < given.length() && sane; i++) {
                char c = given.charAt(i);
                sane = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || c == '-' || c == '_' || c == '.' || c == ':';
            }
            if (sane) {
                return given;
            }
        }
        return randomUuid().toString();
    }

    /**
     * A random (version 4) UUID from ThreadLocalRandom: correlation ids must be unique, not
     * unguessable, and UUID.randomUUID() draws from one shared SecureRandom on every request.
     */
    static UUID randomUuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }

    /**
     * The access log line, built here in one StringBuilder: the same text the parameterised
     * {@code "method={} path={} ..."} call wrote, without an argument array and without Logback's
     * placeholder scan when the async appender prepares the event (4% of a request thread's CPU).
     */
    static String accessLine(String method, String rawPath, int status, long nanos, String correlationId,
                             String callerName) {
        return new StringBuilder(96 + rawPath.length() + correlationId.length())
                .append("method=").append(method)
                .append(" path=").append(rawPath)
                .append(" status=").append(status)
                .append(" durationMs=").append(durationMillis(nanos))
                .append(" correlationId=").append(correlationId)
                .append(" caller=").append(callerName)
                .toString();
    }

    /** Nanoseconds as milliseconds with two decimals, rounded half up ({@code 1.25}), without String.format. */
    static String durationMillis(long nanos) {
        long hundredths = (Math.max(0, nanos) + 5_000) / 10_000;
        long fraction = hundredths % 100;
        return (hundredths / 100) + (fraction < 10 ? ".0" : ".") + fraction;
    }

    /** The raw path's segments, each percent-decoded; null when the path is malformed. */
    static @Nullable List<String> decodeSegments(String rawPath) {
        if (!rawPath.startsWith("/")) {
            return null;
        }
        List<String> segments = new ArrayList<>();
        for (String raw : Route.segments(rawPath)) {
            if (raw.indexOf('%') < 0) {
                segments.add(raw);
                continue;
            }
            try {
                segments.add(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return segments;
    }

    private static Map<String, List<String>> queryOf(ServerRequest request) {
        Map<String, List<String>> query = new HashMap<>();
        for (String name : request.query().names()) {
            query.put(name, request.query().all(name));
        }
        return query;
    }

    /** The request's headers by lower-case name, looked up when a handler asks; never Authorization. */
    private static Function<String, @Nullable String> headersOf(ServerRequest request) {
        var headers = request.headers();
        return name -> {
            HeaderName header = HeaderNames.createFromLowercase(name);  // Call.header lower-cases it
            if (header.equals(HeaderNames.AUTHORIZATION)) {
                return null;  // handlers never see credentials
            }
            return headers.contains(header) ? headers.get(header).values() : null;
        };
    }

    /** Configures an {@link ApiServer}. */
    public static final class Builder {
        private @Nullable RouteTable routes;
        private @Nullable Tokens tokens;
        private boolean insecure;
        private ServerMetrics metrics = new ServerMetrics();
        private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private Duration shutdownGrace = Duration.ofSeconds(10);
        private String host = "0.0.0.0";
        private int port = 8080;

        private Builder() {
        }

        public Builder routes(RouteTable value) {
            this.routes = value;
            return this;
        }

        public Builder tokens(Tokens value) {
            this.tokens = value;
            return this;
        }

        /** Turns authentication off: every caller is an admin. Logged loudly and flagged on every response. */
        public Builder insecure(boolean value) {
            this.insecure = value;
            return this;
        }

        public Builder metrics(ServerMetrics value) {
            this.metrics = value;
            return this;
        }

        public Builder maxBodyBytes(long value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxBodyBytes must be >= 1");
            }
            this.maxBodyBytes = value;
            return this;
        }

        public Builder shutdownGrace(Duration value) {
            this.shutdownGrace = value;
            return this;
        }

        public Builder host(String value) {
            this.host = value;
            return this;
        }

        /** 0 binds a free port. */
        public Builder port(int value) {
            this.port = value;
            return this;
        }

        public ApiServer build() {
            return new ApiServer(this);
        }
    }
}
