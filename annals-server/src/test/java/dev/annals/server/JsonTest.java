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
