// SPDX-License-Identifier: Apache-2.0
package dev.annals.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonTest {
    record Line(String productId, Integer quantity) {}

    private static String code(String body) {
        Parsed<Line> parsed = Json.read(body.getBytes(StandardCharsets.UTF_8), Line.class);
        return parsed instanceof Parsed.Invalid<Line> invalid ? invalid.error().code() : "ok";
    }

    record Stamped(java.time.Instant at, java.util.List<java.time.Instant> more) {}

    @Test
    void writesInstantsAsInstantToStringDoesInPropertiesAndLists() throws Exception {
        var instants = java.util.List.of(java.time.Instant.parse("2026-12-01T04:42:24Z"),
                java.time.Instant.parse("2026-12-01T04:42:24.123456789Z"), java.time.Instant.ofEpochSecond(0, 1_000_000),
                java.time.Instant.parse("+12026-01-01T00:00:00Z"));
        var value = new Stamped(java.time.Instant.parse("2026-12-01T04:42:23.995Z"), instants);

        String json = Json.mapper().writeValueAsString(value);

        assertThat(json).isEqualTo("{\"at\":\"2026-12-01T04:42:23.995Z\",\"more\":[\"2026-12-01T04:42:24Z\","
                + "\"2026-12-01T04:42:24.123456789Z\",\"1970-01-01T00:00:00.001Z\",\"+12026-01-01T00:00:00Z\"]}");
        assertThat(Json.mapper().readValue(json, Stamped.class)).isEqualTo(value);
    }

    @Test
    void readsAWellFormedBody() {
        assertThat(code("{\"productId\":\"p\",\"quantity\":2}")).isEqualTo("ok");
    }

    @Test
    void refusesCoercionsUnknownFieldsTrailingContentAndDeepNesting() {
        assertThat(code("{\"productId\":\"p\",\"quantity\":\"2\"}")).isEqualTo("invalid_type");
        assertThat(code("{\"productId\":3,\"quantity\":2}")).isEqualTo("invalid_type");
        assertThat(code("{\"productId\":\"p\",\"quantity\":2.5}")).isEqualTo("invalid_type");
        assertThat(code("{\"productId\":\"p\",\"extra\":1}")).isEqualTo("unknown_field");
        assertThat(code("{\"productId\":\"p\"} {}")).isEqualTo("malformed_json");
        assertThat(code("{\"productId\":")).isEqualTo("malformed_json");
        assertThat(code("")).isEqualTo("missing_body");
        assertThat(code("null")).isEqualTo("invalid_type");
        String deep = "[".repeat(100) + "]".repeat(100);
        Parsed<com.fasterxml.jackson.databind.JsonNode> tree = Json.readTree(deep.getBytes(StandardCharsets.UTF_8));
        assertThat(tree).isInstanceOfSatisfying(Parsed.Invalid.class,
                i -> assertThat(((Parsed.Invalid<?>) i).error().code()).isEqualTo("limit_exceeded"));
    }
}
