// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.service;

import static dev.annals.example.orders.service.TestService.item;
import static dev.annals.example.orders.service.TestService.order;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A clean restart on the same data directory keeps events, read models, idempotency keys and tokens. */
class RestartTest {
    @TempDir
    Path data;

    @Test
    void keepsEverythingAcrossARestart() {
        String body = Api.json(order("o-r1", "c-r", List.of(item("p-r", 2, "3.00"))));
        Api.Response created;
        JsonNode detailsBefore;
        JsonNode statsBefore;
        JsonNode projectionsBefore;
        try (OrderService service = TestService.start(data)) {
            Api writer = new Api(service.port(), TestService.WRITER);
            assertThat(writer.post("/api/products/p-r/stock", Map.of("quantity", 5)).status()).isEqualTo(200);
            created = writer.post("/api/orders", body, "Idempotency-Key", "restart-key");
            assertThat(created.status()).isEqualTo(201);
            writer.post("/api/orders/o-r1/confirm", (String) null);
            detailsBefore = Eventually.await("o-r1 ready", () -> writer.get("/api/orders/o-r1"),
                    r -> r.json().path("status").asText().equals("READY_TO_SHIP")).json();
            Api admin = writer.as(TestService.ADMIN);
            statsBefore = admin.get("/api/admin/stats").json();
            // every runner at the head first: a runner may still be pacing its next commit (live commit delay)
            long head = statsBefore.path("headPosition").asLong();
            projectionsBefore = Eventually.await("every projection at the head", () -> admin.get("/api/admin/projections"),
                    r -> allAt(r.json().path("projections"), head)).json();
        }

        try (OrderService service = TestService.start(data)) {
            Api writer = new Api(service.port(), TestService.WRITER);
            Api admin = writer.as(TestService.ADMIN);
            JsonNode statsAfter = admin.get("/api/admin/stats").json();
            for (String field : List.of("events", "streams", "headPosition")) {
                assertThat(statsAfter.path(field)).as(field).isEqualTo(statsBefore.path(field));
            }
            JsonNode detailsAfter = writer.get("/api/orders/o-r1", "X-Annals-Min-Position",
                    statsBefore.path("headPosition").asText()).json();
            assertThat(detailsAfter).isEqualTo(detailsBefore);
            assertThat(writer.get("/api/products/p-r/inventory").json().path("reserved").asLong()).isEqualTo(2);
            JsonNode projections = admin.get("/api/admin/projections").json().path("projections");
            for (int i = 0; i < projections.size(); i++) {
                assertThat(projections.get(i).path("checkpoint").asLong())
                        .isEqualTo(projectionsBefore.path("projections").get(i).path("checkpoint").asLong());
            }

            Api.Response replay = writer.post("/api/orders", body, "Idempotency-Key", "restart-key");
            assertThat(replay.status()).isEqualTo(201);
            assertThat(replay.body()).isEqualTo(created.body());
            assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
            assertThat(admin.get("/api/admin/stats").json().path("events").asLong())
                    .isEqualTo(statsBefore.path("events").asLong());

            Api.Response paid = writer.post("/api/orders/o-r1/pay", Map.of("paymentId", "pay-r"));
            assertThat(paid.status()).isEqualTo(200);
            assertThat(paid.json().path("version").asLong()).isEqualTo(3);
        }
    }

    private static boolean allAt(JsonNode projections, long head) {
        for (JsonNode projection : projections) {
            if (projection.path("checkpoint").asLong() < head) {
                return false;
            }
        }
        return projections.size() > 0;
    }

    @Test
    void keepsARebuiltReadModelAfterARestart() {
        Api.Response created;
        try (OrderService service = TestService.start(data)) {
            Api admin = new Api(service.port(), TestService.ADMIN);
            created = admin.post("/api/orders", Api.json(order("o-g", "c-g", List.of(item("p-g", 1, "9.00")))));
            assertThat(created.status()).isEqualTo(201);
            assertThat(admin.post("/api/admin/projections/order-summary/rebuild", (String) null).status()).isEqualTo(202);
            Eventually.await("the rebuild to finish", () -> admin.get("/api/admin/projections"),
                    r -> r.json().path("projections").get(1).path("status").asText().equals("live"));
        }
        assertThat(Files.isDirectory(data.resolve("views/order-summary/gen-1"))).isTrue();
        assertThat(Files.exists(data.resolve("views/order-summary/gen-0"))).isFalse();
        try (OrderService service = TestService.start(data)) {
            Api reader = new Api(service.port(), TestService.READER);
            Api.Response listed = reader.get("/api/orders?customerId=c-g", "X-Annals-Min-Position",
                    created.header("X-Annals-Position"));
            assertThat(listed.json().path("total").asLong()).isEqualTo(1);
            assertThat(listed.json().path("items").get(0).path("total").asText()).isEqualTo("9.00");
        }
    }

    @Test
    void generatesAnOwnerOnlyAdminTokenOnceAndReusesIt() throws Exception {
        Map<String, String> noAdmin = Map.of("ANNALS_TOKENS", "reader:" + TestService.READER);
        ServiceOptions options = ServiceOptions.defaults().withPort(0).withHost("127.0.0.1").withDataDirectory(data);
        String token;
        try (OrderService service = OrderService.start(options, noAdmin, Clock.systemUTC())) {
            Path file = service.adminTokenFile();
            assertThat(file).isEqualTo(data.toAbsolutePath().resolve("admin.token"));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            token = Files.readString(file).strip();
            assertThat(new Api(service.port(), token).get("/api/admin/stats").status()).isEqualTo(200);
            assertThat(new Api(service.port(), TestService.READER).get("/api/admin/stats").status()).isEqualTo(403);
        }
        try (OrderService service = OrderService.start(options, noAdmin, Clock.systemUTC())) {
            assertThat(new Api(service.port(), token).get("/api/admin/stats").status()).isEqualTo(200);
        }
    }

    @Test
    void insecureModeLetsEveryoneInAndSaysSoOnEveryAnswer() {
        ServiceOptions options = ServiceOptions.defaults().withPort(0).withHost("127.0.0.1").withDataDirectory(data)
                .withStore("memory").withInsecure(true);
        try (OrderService service = OrderService.start(options, Map.of(), Clock.systemUTC())) {
            Api.Response stats = new Api(service.port(), null).get("/api/admin/stats");
            assertThat(stats.status()).isEqualTo(200);
            assertThat(stats.header("X-Annals-Insecure")).isNotNull();
        }
    }
}
