// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.server.Role;
import dev.annals.server.Route;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route of the route table x no token / bad token / reader / writer / admin. The expected
 * roles are written out here, route by route: a route added to the server without a line in this
 * table fails the test, and so does a route whose role differs.
 */
class AuthMatrixTest {
    private static final Map<String, Role> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("POST /api/orders", Role.WRITER);
        EXPECTED.put("POST /api/orders/{id}/items", Role.WRITER);
        EXPECTED.put("DELETE /api/orders/{id}/items/{productId}", Role.WRITER);
        EXPECTED.put("POST /api/orders/{id}/confirm", Role.WRITER);
        EXPECTED.put("POST /api/orders/{id}/pay", Role.WRITER);
        EXPECTED.put("POST /api/orders/{id}/ship", Role.WRITER);
        EXPECTED.put("POST /api/orders/{id}/cancel", Role.WRITER);
        EXPECTED.put("POST /api/orders/{id}/correct-total", Role.WRITER);
        EXPECTED.put("POST /api/products/{productId}/stock", Role.WRITER);
        EXPECTED.put("GET /api/orders/{id}", Role.READER);
        EXPECTED.put("GET /api/orders", Role.READER);
        EXPECTED.put("GET /api/orders/{id}/history", Role.READER);
        EXPECTED.put("GET /api/customers/{customerId}/statistics", Role.READER);
        EXPECTED.put("GET /api/shipped-orders/{id}", Role.READER);
        EXPECTED.put("GET /api/products/{productId}/inventory", Role.READER);
        EXPECTED.put("GET /api/orders/{id}/state", Role.READER);
        EXPECTED.put("GET /api/streams/{streamId}", Role.READER);
        EXPECTED.put("GET /api/streams/$all", Role.READER);
        EXPECTED.put("GET /api/streams/$all/live", Role.READER);
        EXPECTED.put("POST /api/streams/{streamId}", Role.ADMIN);
        EXPECTED.put("GET /health/live", Role.PUBLIC);
        EXPECTED.put("GET /health/ready", Role.PUBLIC);
        EXPECTED.put("GET /metrics", Role.READER);
        EXPECTED.put("GET /openapi.yaml", Role.READER);
        EXPECTED.put("GET /api/admin/projections", Role.ADMIN);
        EXPECTED.put("POST /api/admin/projections/{name}/rebuild", Role.ADMIN);
        EXPECTED.put("GET /api/admin/dead-letters", Role.ADMIN);
        EXPECTED.put("POST /api/admin/dead-letters/{id}/retry", Role.ADMIN);
        EXPECTED.put("POST /api/admin/dead-letters/{id}/skip", Role.ADMIN);
        EXPECTED.put("GET /api/admin/stats", Role.ADMIN);
    }

    private static final Map<String, String> TOKENS = new LinkedHashMap<>();

    static {
        TOKENS.put("none", null);
        TOKENS.put("bad", "not-a-token-of-this-server");
        TOKENS.put("reader", TestService.READER);
        TOKENS.put("writer", TestService.WRITER);
        TOKENS.put("admin", TestService.ADMIN);
    }

    @TempDir
    static Path data;
    static OrderService service;

    @BeforeAll
    static void start() {
        service = TestService.start(data);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void everyRouteOfTheServerIsInTheMatrixWithItsRole() {
        Map<String, Role> actual = service.routes().routes().stream()
                .collect(Collectors.toMap(r -> r.method() + " " + r.pattern(), Route::required));
        assertThat(actual).isEqualTo(EXPECTED);
    }

    @Test
    void deniesByDefaultAndLetsEachRoleReachExactlyItsRoutes() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        List<String> failures = new ArrayList<>();
        for (Route route : service.routes().routes()) {
            Role required = EXPECTED.get(route.method() + " " + route.pattern());
            assertThat(required).as("route %s is missing from the matrix", route).isNotNull();
            for (var caller : TOKENS.entrySet()) {
                int status = call(client, route, caller.getValue());
                String expected = expectation(required, caller.getKey());
                boolean ok = switch (expected) {
                    case "401" -> status == 401;
                    case "403" -> status == 403;
                    default -> status != 401 && status != 403 && status != 405 && status < 500;
                };
                if (!ok) {
                    failures.add(route + " as " + caller.getKey() + ": expected " + expected + ", got " + status);
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void answersUnknownPathsWith401WithoutATokenAnd404WithOne() throws Exception {
        Api anonymous = new Api(service.port(), null);
        assertThat(anonymous.get("/api/secret-things").status()).isEqualTo(401);
        assertThat(anonymous.as(TestService.READER).get("/api/secret-things").status()).isEqualTo(404);
        Api.Response wrongMethod = anonymous.as(TestService.READER).send("PUT", "/api/orders", null);
        assertThat(wrongMethod.status()).isEqualTo(405);
        Api.Response missing = anonymous.get("/api/orders");
        assertThat(missing.errorCode()).isEqualTo("unauthenticated");
        assertThat(missing.header("WWW-Authenticate")).startsWith("Bearer");
    }

    /** "401", "403" or "allowed". */
    private static String expectation(Role required, String caller) {
        if (required == Role.PUBLIC) {
            return "allowed";
        }
        return switch (caller) {
            case "none", "bad" -> "401";
            case "reader" -> Role.READER.allows(required) ? "allowed" : "403";
            case "writer" -> Role.WRITER.allows(required) ? "allowed" : "403";
            default -> "allowed";
        };
    }

    private static int call(HttpClient client, Route route, String token) throws IOException, InterruptedException {
        String path = route.pattern()
                .replace("{id}", "auth-o")
                .replace("{productId}", "auth-p")
                .replace("{customerId}", "auth-c")
                .replace("{streamId}", "Auth-s")
                .replace("{name}", "no-such-projection");
        Api api = new Api(service.port(), token);
        HttpRequest.Builder request = api.request(path);
        if (route.method().equals("POST")) {
            request.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}", StandardCharsets.UTF_8));
        } else {
            request.method(route.method(), HttpRequest.BodyPublishers.noBody());
        }
        // streamed, so that the live SSE route answers its status without being read to the end
        HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        response.body().close();
        return response.statusCode();
    }

    static Set<String> expectedRoutes() {
        return new TreeSet<>(EXPECTED.keySet());
    }
}
