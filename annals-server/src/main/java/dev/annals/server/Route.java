// SPDX-License-Identifier: Apache-2.0
package dev.annals.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One entry of the route table: method, path pattern, the role a caller needs, and the handler.
 * Patterns are literal segments and {@code {name}} parameters, one per segment; a literal segment
 * always wins over a parameter at the same place ({@code /api/streams/$all} over
 * {@code /api/streams/{streamId}}).
 */
public record Route(String method, String pattern, Role required, Handler handler) {
    static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

    public Route {
        Objects.requireNonNull(handler, "handler");
        method = method.toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("unsupported method " + method);
        }
        if (!pattern.startsWith("/") || pattern.contains("//") || (pattern.length() > 1 && pattern.endsWith("/"))) {
            throw new IllegalArgumentException("route pattern must be an absolute path without empty segments: " + pattern);
        }
        for (String segment : segments(pattern)) {
            boolean opens = segment.startsWith("{");
            boolean closes = segment.endsWith("}");
            if (opens != closes || (opens && segment.length() < 3)) {
                throw new IllegalArgumentException("bad parameter segment '" + segment + "' in " + pattern);
            }
        }
        if (required == Role.PUBLIC && !pattern.startsWith("/health/")) {
            throw new IllegalArgumentException("only /health/* routes may be public: " + pattern);
        }
    }

    /** The path parameters when {@code path} matches this pattern, else null. */
    @Nullable Map<String, String> match(List<String> pathSegments) {
        List<String> mine = segments(pattern);
        if (mine.size() != pathSegments.size()) {
            return null;
        }
        Map<String, String> parameters = new TreeMap<>();
        for (int i = 0; i < mine.size(); i++) {
            String expected = mine.get(i);
            String actual = pathSegments.get(i);
            if (expected.startsWith("{")) {
                if (actual.isEmpty()) {
                    return null;
                }
                parameters.put(expected.substring(1, expected.length() - 1), actual);
            } else if (!expected.equals(actual)) {
                return null;
            }
        }
        return parameters;
    }

    /** How specific the pattern is: literal segments count, so literals win over parameters. */
    int literalSegments() {
        int count = 0;
        for (String segment : segments(pattern)) {
            if (!segment.startsWith("{")) {
                count++;
            }
        }
        return count;
    }

    static List<String> segments(String path) {
        List<String> segments = new ArrayList<>();
        if (path.equals("/")) {
            return segments;
        }
        int start = 1;
        while (true) {
            int slash = path.indexOf('/', start);
            if (slash < 0) {
                segments.add(path.substring(start));
                return segments;
            }
            segments.add(path.substring(start, slash));
            start = slash + 1;
        }
    }

    @Override
    public String toString() {
        return method + " " + pattern + " (" + required.wireName() + ")";
    }
}
