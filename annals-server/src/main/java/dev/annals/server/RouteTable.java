// SPDX-License-Identifier: Apache-2.0
package dev.annals.server;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Every route of a server in one table: the single place where a route declares the role it needs
 * (deny by default: a path that is not in the table is a 404 to everyone, and there is no way to
 * add a route without a role). Immutable; made with {@link #builder()}.
 */
public final class RouteTable {
    private final List<Route> routes;
    /** The routes' patterns split once, in the same order as {@link #routes} (matching runs on every request). */
    private final Pattern[] patterns;

    /** A route's pattern as segments; {@code names[i]} is the parameter name of segment i, null for a literal. */
    private record Pattern(Route route, String[] segments, @Nullable String[] names) {
        static Pattern of(Route route) {
            List<String> split = Route.segments(route.pattern());
            String[] segments = split.toArray(String[]::new);
            String[] names = new String[segments.length];
            for (int i = 0; i < segments.length; i++) {
                if (segments[i].startsWith("{")) {
                    names[i] = segments[i].substring(1, segments[i].length() - 1);
                }
            }
            return new Pattern(route, segments, names);
        }

        /** The same answer as {@link Route#match}, without splitting the pattern again. */
        @Nullable Map<String, String> match(List<String> path) {
            if (segments.length != path.size()) {
                return null;
            }
            for (int i = 0; i < segments.length; i++) {
                String actual = path.get(i);
                if (names[i] == null ? !segments[i].equals(actual) : actual.isEmpty()) {
                    return null;
                }
            }
            Map<String, String> parameters = new TreeMap<>();
            for (int i = 0; i < segments.length; i++) {
                if (names[i] != null) {
                    parameters.put(names[i], path.get(i));
                }
            }
            return parameters;
        }
    }

    private RouteTable(List<Route> routes) {
        List<Route> sorted = new ArrayList<>(routes);
        // most literal segments first, so /api/streams/$all wins over /api/streams/{streamId}
        sorted.sort(Comparator.comparingInt(Route::literalSegments).reversed());
        this.routes = List.copyOf(sorted);
        this.patterns = this.routes.stream().map(Pattern::of).toArray(Pattern[]::new);
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<Route> routes() {
        return routes;
    }

    /** The outcome of looking a request up. */
    sealed interface Lookup {
        record Matched(Route route, Map<String, String> parameters) implements Lookup {}

        /** The path exists, but not for this method. */
        record MethodNotAllowed(Set<String> allowed, Role required) implements Lookup {}

        record NotFound() implements Lookup {}
    }

    Lookup find(String method, List<String> pathSegments) {
        Set<String> allowed = null;
        Role strictest = null;
        for (Pattern pattern : patterns) {
            Route route = pattern.route();
            Map<String, String> parameters = pattern.match(pathSegments);
            if (parameters == null) {
                continue;
            }
            if (route.method().equals(method)) {
                return new Lookup.Matched(route, parameters);
            }
            if (allowed == null) {
                allowed = new TreeSet<>();
            }
            allowed.add(route.method());
            if (strictest == null || route.required().ordinal() < strictest.ordinal()) {
                strictest = route.required();
            }
        }
        return allowed == null ? new Lookup.NotFound() : new Lookup.MethodNotAllowed(allowed, strictest);
    }

    /** Collects routes; two routes with the same method and pattern are a programming error. */
    public static final class Builder {
        private final List<Route> routes = new ArrayList<>();

        private Builder() {
        }

        public Builder add(Route route) {
            for (Route existing : routes) {
                if (existing.method().equals(route.method()) && existing.pattern().equals(route.pattern())) {
                    throw new IllegalArgumentException("duplicate route " + route);
                }
            }
            routes.add(route);
            return this;
        }

        public Builder get(String pattern, Role required, Handler handler) {
            return add(new Route("GET", pattern, required, handler));
        }

        public Builder post(String pattern, Role required, Handler handler) {
            return add(new Route("POST", pattern, required, handler));
        }

        public Builder delete(String pattern, Role required, Handler handler) {
            return add(new Route("DELETE", pattern, required, handler));
        }

        public Builder addAll(RouteTable other) {
            other.routes.forEach(this::add);
            return this;
        }

        public RouteTable build() {
            return new RouteTable(routes);
        }
    }
}
