// SPDX-License-Identifier: Apache-2.0
package dev.annals.server;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error answer: an HTTP status and the body {@code {"error":{"code","message","details"}}}.
 * Codes are stable snake_case words clients may switch on; messages are for humans and never
 * contain stack traces, tokens or request bodies.
 */
public record ApiError(int status, String code, String message, Map<String, Object> details) {
    public ApiError {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an error status is 4xx or 5xx: " + status);
        }
        details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public static ApiError of(int status, String code, String message) {
        return new ApiError(status, code, message, Map.of());
    }

    public static ApiError badRequest(String code, String message) {
        return of(400, code, message);
    }

    public static ApiError notFound(String message) {
        return of(404, "not_found", message);
    }

    /** A business rule said no (422), with the domain error's stable code. */
    public static ApiError rejected(String code, String message, Map<String, Object> details) {
        return new ApiError(422, code, message, details);
    }

    public ApiError withDetail(String name, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(details);
        copy.put(name, value);
        return new ApiError(status, code, message, copy);
    }

    public Reply reply() {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.put("details", details);
        return Reply.json(status, Map.of("error", error));
    }
}
