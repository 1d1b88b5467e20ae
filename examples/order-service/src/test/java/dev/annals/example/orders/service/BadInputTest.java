// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input is a typed 4xx, never a 500, and writes nothing. */
class BadInputTest {
    @TempDir
    static Path data;
    static OrderService service;
    static Api writer;
    static Api admin;

    @BeforeAll
    static void start() {
        service = TestService.start(data);
        admin = new Api(service.port(), TestService.ADMIN);
        writer = admin.as(TestService.WRITER);
        Api.Response seed = writer.post("/api/orders",
                "{\"orderId\":\"seed\",\"customerId\":\"c\",\"items\":[{\"productId\":\"p\",\"quantity\":1,\"unitPrice\":\"1.00\"}]}");
        assertThat(seed.status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static long events() {
        return admin.get("/api/admin/stats").json().path("events").asLong();
    }

    private static void refused(Api.Response response, int status, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.errorCode()).as(response.toString()).isEqualTo(code);
        assertThat(response.json().path("error").path("message").asText()).isNotEmpty();
    }

    @Test
    void refusesMalformedAndMistypedBodiesWithoutWritingAnything() {
        long before = events();
        refused(writer.post("/api/orders", "{\"customerId\": "), 400, "malformed_json");
        refused(writer.post("/api/orders", "{\"customerId\":\"c\"} trailing"), 400, "malformed_json");
        refused(writer.post("/api/orders", "null"), 400, "invalid_type");
        refused(writer.post("/api/orders", "[]"), 400, "invalid_type");
        refused(writer.post("/api/orders", "{\"customerId\":\"c\",\"items\":[{\"productId\":\"p\",\"quantity\":\"2\",\"unitPrice\":\"1.00\"}]}"),
                400, "invalid_type");
        refused(writer.post("/api/orders", "{\"customerId\":\"c\",\"items\":[{\"productId\":\"p\",\"quantity\":1.5,\"unitPrice\":\"1.00\"}]}"),
                400, "invalid_type");
        refused(writer.post("/api/orders", "{\"customerId\":\"c\",\"items\":[{\"productId\":\"p\",\"quantity\":1,\"unitPrice\":19.99}]}"),
                400, "invalid_type");
        refused(writer.post("/api/orders", "{\"customerId\":42,\"items\":[]}"), 400, "invalid_type");
        refused(writer.post("/api/orders", "{\"customerId\":\"c\",\"items\":{}}"), 400, "invalid_type");
        refused(writer.post("/api/orders", "{\"customerId\":\"c\",\"items\":[],\"discount\":\"5\"}"), 400, "unknown_field");
        refused(writer.post("/api/orders", "{\"items\":[]}"), 400, "missing_field");
        refused(writer.post("/api/orders", "{\"customerId\":\"c\",\"items\":[{\"productId\":\"p\",\"quantity\":1,\"unitPrice\":\"1.234\"}]}"),
                400, "invalid_value");
        refused(writer.post("/api/orders", "{\"customerId\":\"c\",\"items\":[{\"productId\":\"p\",\"quantity\":1,\"unitPrice\":\"-1\"}]}"),
                400, "invalid_value");
        refused(writer.post("/api/orders", "{\"customerId\":\"c d\",\"items\":[]}"), 400, "invalid_value");
        refused(writer.post("/api/orders", "{\"orderId\":\"has space\",\"customerId\":\"c\",\"items\":[]}"), 400, "invalid_value");
        refused(writer.post("/api/orders/seed/pay", (String) null), 400, "missing_body");
        refused(writer.post("/api/orders/seed/cancel", "{\"reason\":\"" + "x".repeat(1001) + "\"}"), 400, "invalid_value");
        refused(writer.post("/api/products/p/stock", "{\"quantity\":99999999999}"), 400, "invalid_value");
        refused(writer.post("/api/orders/seed/correct-total", "{\"correctedTotal\":\"1e3\",\"reason\":\"r\"}"), 400, "invalid_value");
        refused(admin.post("/api/streams/Raw-1", "{\"events\":[]}"), 400, "invalid_value");
        refused(admin.post("/api/streams/Raw-1", "{\"events\":[{\"eventType\":\"x\",\"data\":1,\"metadata\":{\"$idempotencyKey\":\"k\"}}]}"),
                400, "invalid_value");
        refused(admin.post("/api/streams/Raw-1", "{\"expectedVersion\":-1,\"events\":[{\"eventType\":\"x\",\"data\":1}]}"),
                400, "invalid_value");
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void refusesDeepNestingOversizeBodiesAndOtherContentTypes() {
        long before = events();
        String deep = "[".repeat(200) + "]".repeat(200);
        Api.Response typed = writer.post("/api/orders", "{\"customerId\":\"c\",\"items\":[" + deep + "]}");
        assertThat(typed.status()).isEqualTo(400);
        refused(admin.post("/api/streams/Raw-deep", "{\"events\":[{\"eventType\":\"x\",\"data\":" + deep + "}]}"),
                400, "limit_exceeded");
        String longString = "{\"events\":[{\"eventType\":\"x\",\"data\":\"" + "s".repeat(70_000) + "\"}]}";
        refused(admin.post("/api/streams/Raw-long", longString), 400, "limit_exceeded");

        byte[] big = new byte[1024 * 1024 + 1];
        Arrays.fill(big, (byte) ' ');
        big[0] = '{';
        big[big.length - 1] = '}';
        Api.Response tooLarge = writer.send("POST", "/api/orders", big, "Content-Type", "application/json");
        assertThat(tooLarge.status()).isEqualTo(413);

        Api.Response text = writer.send("POST", "/api/orders", "customerId=c".getBytes(StandardCharsets.UTF_8),
                "Content-Type", "text/plain");
        refused(text, 415, "unsupported_media_type");
        Api.Response none = writer.send("POST", "/api/orders", "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(none.status()).isEqualTo(415);
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void refusesInvalidPathsQueriesAndHeaders() {
        Api reader = admin.as(TestService.READER);
        refused(reader.get("/api/orders/has%20space"), 400, "invalid_id");
        refused(reader.get("/api/products/" + "p".repeat(65) + "/inventory"), 400, "invalid_id");
        refused(reader.get("/api/orders?page=0"), 400, "invalid_parameter");
        refused(reader.get("/api/orders?size=101"), 400, "invalid_parameter");
        refused(reader.get("/api/orders?size=ten"), 400, "invalid_parameter");
        refused(reader.get("/api/orders?status=LOST"), 400, "invalid_parameter");
        refused(reader.get("/api/orders?minTotal=1.234"), 400, "invalid_parameter");
        refused(reader.get("/api/orders?createdFrom=yesterday"), 400, "invalid_parameter");
        refused(reader.get("/api/orders/seed/state?asOf=soon"), 400, "invalid_parameter");
        refused(reader.get("/api/orders/seed/state?version=-1"), 400, "invalid_parameter");
        refused(reader.get("/api/streams/has$dollar"), 400, "invalid_stream_id");
        refused(reader.get("/api/streams/Order-seed?direction=sideways"), 400, "invalid_parameter");
        refused(reader.get("/api/streams/$all?limit=100000"), 400, "invalid_parameter");
        refused(reader.get("/api/orders/seed", "X-Annals-Min-Position", "abc"), 400, "invalid_header");
        refused(reader.get("/api/orders/seed", "X-Annals-Min-Position", "1", "X-Annals-Wait-Ms", "999999"), 400, "invalid_header");
        refused(reader.get("/api/streams/$all/live", "Last-Event-ID", "nope"), 400, "invalid_header");
        long before = events();
        refused(writer.post("/api/orders/seed/confirm", (String) null, "Idempotency-Key", "k".repeat(201)), 400, "invalid_header");
        refused(writer.post("/api/orders/seed/confirm", (String) null, "If-Match", "\"-1\""), 400, "invalid_header");
        assertThat(events()).isEqualTo(before);
    }
}
