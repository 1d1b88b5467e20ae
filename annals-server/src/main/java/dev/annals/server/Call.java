// SPDX-License-Identifier: Apache-2.0
package dev.annals.server;

import dev.annals.core.store.GlobalPosition;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One authenticated, routed request as handlers see it: path parameters, query, headers (names
 * lower-case), the body (already bounded by the server's limit) and the caller.
 */
public final class Call {
    public static final String MIN_POSITION = "x-annals-min-position";
    public static final String WAIT_MS = "x-annals-wait-ms";
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(5);
    public static final Duration MAX_WAIT = Duration.ofSeconds(30);

    private final String method;
    private final String path;
    private final Map<String, String> parameters;
    private final Map<String, List<String>> query;
    private final Function<String, @Nullable String> headers;
    private final byte[] body;
    private final Caller caller;
    private final String correlationId;

    /** {@code headers} answers a header's value (several joined by commas) by its lower-case name, or null. */
    Call(String method, String path, Map<String, String> parameters, Map<String, List<String>> query,
         Function<String, @Nullable String> headers, byte[] body, Caller caller, String correlationId) {
        this.method = method;
        this.path = path;
        this.parameters = Map.copyOf(parameters);
        this.query = Map.copyOf(query);
        this.headers = headers;
        this.body = body;
        this.caller = caller;
        this.correlationId = correlationId;
    }

    public String method() {
        return method;
    }

    /** The request path as sent (raw, without the query). */
    public String path() {
        return path;
    }

    /** A path parameter of the matched route (URL-decoded). */
    public String parameter(String name) {
        String value = parameters.get(name);
        if (value == null) {
            throw new IllegalArgumentException("route has no parameter '" + name + "'");
        }
        return value;
    }

    public Optional<String> query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    /** The query parameter as a long within bounds, the default when absent, or a 400. */
    public Parsed<Long> queryLong(String name, long defaultValue, long min, long max) {
        Optional<String> raw = query(name);
        if (raw.isEmpty()) {
            return Parsed.ok(defaultValue);
        }
        try {
            long value = Long.parseLong(raw.get());
            if (value < min || value > max) {
                return Parsed.invalid(new ApiError(400, "invalid_parameter", "query parameter '" + name
                        + "' must be between " + min + " and " + max, Map.of("parameter", name)));
            }
            return Parsed.ok(value);
        } catch (NumberFormatException e) {
            return Parsed.invalid(new ApiError(400, "invalid_parameter", "query parameter '" + name
                    + "' must be an integer", Map.of("parameter", name)));
        }
    }

    public @Nullable String header(String name) {
        return headers.apply(name.toLowerCase(Locale.ROOT));
    }

    public byte[] body() {
        return body.clone();
    }

    public boolean hasBody() {
        return body.length > 0;
    }

    /** The body read strictly as {@code type} (see {@link Json}). */
    public <T> Parsed<T> bodyAs(Class<T> type) {
        return Json.read(body, type);
    }

    public Caller caller() {
        return caller;
    }

    public String correlationId() {
        return correlationId;
    }

    /**
     * SHA-256 (hex) of method, path and body: what an idempotency key is bound to. A repeat with
     * the same key must hash the same; a different request under the same key is refused.
     */
    public String requestHash() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(method.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) '\n');
            digest.update(path.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) '\n');
            digest.update(body);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /**
     * Read-your-writes: with {@code X-Annals-Min-Position: P}, waits until the read models applied
     * P (at most {@code X-Annals-Wait-Ms}, default 5000, capped at 30000) and answers 504 when they
     * did not; without the header, answers {@code next} at once.
     */
    public Reply afterReadModel(ReadModelProgress progress, Supplier<Reply> next) {
        String rawPosition = header(MIN_POSITION);
        if (rawPosition == null) {
            return next.get();
        }
        long position;
        try {
            position = Long.parseLong(rawPosition.trim());
        } catch (NumberFormatException e) {
            return ApiError.badRequest("invalid_header", "X-Annals-Min-Position must be a non-negative integer").reply();
        }
        if (position < 0) {
            return ApiError.badRequest("invalid_header", "X-Annals-Min-Position must be a non-negative integer").reply();
        }
        Duration wait = DEFAULT_WAIT;
        String rawWait = header(WAIT_MS);
        if (rawWait != null) {
            try {
                long millis = Long.parseLong(rawWait.trim());
                if (millis < 0 || millis > MAX_WAIT.toMillis()) {
                    return ApiError.badRequest("invalid_header", "X-Annals-Wait-Ms must be 0.." + MAX_WAIT.toMillis()).reply();
                }
                wait = Duration.ofMillis(millis);
            } catch (NumberFormatException e) {
                return ApiError.badRequest("invalid_header", "X-Annals-Wait-Ms must be an integer").reply();
            }
        }
        if (!progress.awaitApplied(GlobalPosition.of(position), wait)) {
            return new ApiError(504, "read_model_behind", "the read model did not reach position " + position
                    + " within " + wait.toMillis() + " ms", Map.of("minPosition", position)).reply();
        }
        return next.get();
    }
}
