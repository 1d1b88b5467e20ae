// SPDX-License-Identifier: Apache-2.0
package dev.annals.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JacksonStateCodecTest {
    private static final ObjectMapper MAPPER = JsonMappers.create();

    record Basket(String basketId, Map<String, Integer> quantities, BigDecimal total) {}

    sealed interface Door {
        record Closed() implements Door {}

        record Open(int degrees) implements Door {}

        record Locked(String keyId) implements Door {}
    }

    private final JacksonStateCodec<Door> doors = JacksonStateCodec.sealed(Door.class, 2, MAPPER)
            .variant(Door.Closed.class, "Closed")
            .variant(Door.Open.class, "Open")
            .variant(Door.Locked.class, "Locked")
            .build();

    @Test
    void roundTripsARecordState() {
        var codec = JacksonStateCodec.of(Basket.class, 1, MAPPER);
        var basket = new Basket("b-1", Map.of("sku-1", 2, "sku-2", 5), new BigDecimal("12.50"));

        assertThat(codec.decode(codec.encode(basket))).contains(basket);
        assertThat(codec.schemaVersion()).isEqualTo(1);
    }

    @Test
    void roundTripsEveryVariantOfASealedState() {
        for (Door door : new Door[] {new Door.Closed(), new Door.Open(90), new Door.Locked("k-7")}) {
            assertThat(doors.decode(doors.encode(door))).contains(door);
        }
        assertThat(new String(doors.encode(new Door.Open(45)), StandardCharsets.UTF_8))
                .isEqualTo("{\"variant\":\"Open\",\"state\":{\"degrees\":45}}");
    }

    @Test
    void decodesUnreadableBytesToEmpty() {
        assertThat(doors.decode("garbage".getBytes(StandardCharsets.UTF_8))).isEqualTo(Optional.empty());
        assertThat(doors.decode("{\"variant\":\"Ajar\",\"state\":{}}".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(doors.decode("{\"variant\":\"Open\",\"state\":{\"degrees\":\"wide\"}}".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(JacksonStateCodec.of(Basket.class, 1, MAPPER).decode("{}".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void refusesASealedStateWithAnUnnamedVariant() {
        var builder = JacksonStateCodec.sealed(Door.class, 1, MAPPER)
                .variant(Door.Closed.class, "Closed")
                .variant(Door.Open.class, "Open");

        assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Locked has no variant name");
    }
}
