// SPDX-License-Identifier: Apache-2.0
package dev.annals.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annals.core.event.DecodeResult;
import dev.annals.core.event.SerializedEvent;
import dev.annals.core.event.UpcasterChain;
import dev.annals.json.ShopEvent.BasketOpened;
import dev.annals.json.ShopEvent.ItemBought;
import dev.annals.json.ShopEvent.ItemReturned;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JacksonEventCodecTest {
    private static final ObjectMapper MAPPER = JsonMappers.create();
    private static final EventTypes<ShopEvent> TYPES = EventTypes.builder(ShopEvent.class)
            .register(BasketOpened.class, "shop.BasketOpened", 1)
            .register(ItemBought.class, "shop.ItemBought", 1)
            .register(ItemReturned.class, "shop.ItemReturned", 2)
            .build();

    /** v1 of ItemReturned had no reason; v2 requires one. */
    private static final UpcasterChain UPCASTERS = UpcasterChain.of(List.of(
            JsonUpcaster.of(MAPPER, "shop.ItemReturned", 1, json -> json.put("reason", "unspecified"))));

    private final JacksonEventCodec<ShopEvent> codec = JacksonEventCodec.of(TYPES, MAPPER, UPCASTERS);

    @Test
    void roundTripsEveryRegisteredEventType() {
        List<ShopEvent> events = List.of(
                new BasketOpened("b-1", Instant.parse("2025-03-01T10:15:30.123456Z")),
                new ItemBought("b-1", "sku-9", 2, new BigDecimal("19.90"), List.of("gift", "sale")),
                new ItemReturned("b-1", "sku-9", "damaged", null),
                new ItemReturned("b-1", "sku-9", "damaged", "box was wet"));

        for (ShopEvent event : events) {
            SerializedEvent serialized = codec.encode(event);

            assertThat(codec.decode(serialized)).isEqualTo(new DecodeResult.Decoded<>(event));
        }
    }

    @Test
    void writesTheWireNameVersionAndIsoInstants() {
        SerializedEvent serialized = codec.encode(new BasketOpened("b-1", Instant.parse("2025-03-01T10:15:30Z")));

        assertThat(serialized.eventType()).isEqualTo("shop.BasketOpened");
        assertThat(serialized.schemaVersion()).isEqualTo(1);
        assertThat(json(serialized)).isEqualTo("{\"basketId\":\"b-1\",\"openedAt\":\"2025-03-01T10:15:30Z\"}");
    }

    @Test
    void writesOnlyRecordComponentsAndDecimalsPlainly() {
        SerializedEvent serialized = codec.encode(new ItemBought("b-1", "s", 200, new BigDecimal("1E+3"), List.of()));

        assertThat(json(serialized)).isEqualTo(
                "{\"basketId\":\"b-1\",\"sku\":\"s\",\"quantity\":200,\"price\":1000,\"tags\":[]}");
    }

    @Test
    void upcastsAnOldPayloadAndLeavesTheStoredBytesUnchanged() {
        byte[] stored = "{\"basketId\":\"b-1\",\"sku\":\"sku-9\",\"note\":null}".getBytes(StandardCharsets.UTF_8);
        byte[] copy = stored.clone();
        var old = new SerializedEvent("shop.ItemReturned", 1, stored);

        DecodeResult<ShopEvent> decoded = codec.decode(old);

        assertThat(decoded).isEqualTo(new DecodeResult.Decoded<>(new ItemReturned("b-1", "sku-9", "unspecified", null)));
        assertThat(stored).isEqualTo(copy);
        assertThat(old.schemaVersion()).isEqualTo(1);
    }

    @Test
    void answersUnknownTypeForATypeItDoesNotRegister() {
        var foreign = new SerializedEvent("billing.InvoiceSent", 1, "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(codec.decode(foreign)).isEqualTo(new DecodeResult.UnknownType<>("billing.InvoiceSent", 1));
        assertThat(codec.knows("billing.InvoiceSent")).isFalse();
        assertThat(codec.knows("shop.ItemBought")).isTrue();
    }

    @Test
    void answersUnknownTypeForAVersionFromANewerWriter() {
        var newer = new SerializedEvent("shop.BasketOpened", 2, "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(codec.decode(newer)).isEqualTo(new DecodeResult.UnknownType<>("shop.BasketOpened", 2));
    }

    @Test
    void answersMalformedForPayloadsItCannotRead() {
        assertMalformed("shop.BasketOpened", 1, "{\"basketId\":\"b-1\",");
        assertMalformed("shop.BasketOpened", 1, "not json");
        assertMalformed("shop.BasketOpened", 1, "null");
        assertMalformed("shop.BasketOpened", 1, "[1,2]");
        assertMalformed("shop.BasketOpened", 1, "{\"basketId\":\"b-1\",\"openedAt\":\"yesterday\"}");
        assertMalformed("shop.BasketOpened", 1, "{\"basketId\":\"b-1\",\"openedAt\":\"2025-03-01T10:15:30Z\"} {}");
        assertMalformed("shop.ItemBought", 1, "{\"basketId\":\"b\",\"sku\":\"s\",\"quantity\":\"many\",\"price\":1,\"tags\":[]}");
        // the record's own invariant (quantity >= 1) refuses the value
        assertMalformed("shop.ItemBought", 1, "{\"basketId\":\"b\",\"sku\":\"s\",\"quantity\":0,\"price\":1,\"tags\":[]}");
        assertMalformed("shop.ItemBought", 1, "{\"basketId\":\"b\",\"sku\":\"s\",\"quantity\":null,\"price\":1,\"tags\":[]}");
    }

    @Test
    void answersMalformedWhenAFieldIsMissing() {
        DecodeResult<ShopEvent> decoded = codec.decode(new SerializedEvent("shop.BasketOpened", 1,
                "{\"basketId\":\"b-1\"}".getBytes(StandardCharsets.UTF_8)));

        assertThat(decoded).isInstanceOfSatisfying(DecodeResult.Malformed.class,
                m -> assertThat(m.reason()).contains("openedAt"));
    }

    @Test
    void ignoresFieldsItDoesNotKnow() {
        var withExtra = new SerializedEvent("shop.BasketOpened", 1,
                "{\"basketId\":\"b-1\",\"openedAt\":\"2025-03-01T10:15:30Z\",\"channel\":\"web\"}"
                        .getBytes(StandardCharsets.UTF_8));

        assertThat(codec.decode(withExtra)).isEqualTo(new DecodeResult.Decoded<>(
                new BasketOpened("b-1", Instant.parse("2025-03-01T10:15:30Z"))));
    }

    @Test
    void answersMalformedWhenAnOldPayloadCannotBeUpcast() {
        assertMalformed("shop.ItemReturned", 1, "[\"not an object\"]");
        assertMalformed("shop.ItemReturned", 1, "{{{");
    }

    @Test
    void answersMalformedWhenNoUpcasterReachesTheCurrentVersion() {
        var withoutUpcasters = JacksonEventCodec.of(TYPES, MAPPER);

        DecodeResult<ShopEvent> decoded = withoutUpcasters.decode(new SerializedEvent("shop.ItemReturned", 1,
                "{\"basketId\":\"b-1\",\"sku\":\"s\",\"note\":null}".getBytes(StandardCharsets.UTF_8)));

        assertThat(decoded).isInstanceOfSatisfying(DecodeResult.Malformed.class,
                m -> assertThat(m.reason()).contains("no upcaster takes shop.ItemReturned.v1 to version 2"));
    }

    @Test
    void treatsEncodingAnUnregisteredClassAsAProgrammingError() {
        var partial = EventTypes.builder(Object.class).register(BasketOpened.class, "shop.BasketOpened", 1).build();
        var objects = JacksonEventCodec.of(partial, MAPPER);

        assertThatThrownBy(() -> objects.encode("a string")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.String has no wire name");
    }

    private void assertMalformed(String type, int version, String payload) {
        DecodeResult<ShopEvent> decoded = codec.decode(new SerializedEvent(type, version, payload.getBytes(StandardCharsets.UTF_8)));
        assertThat(decoded).as(payload).isInstanceOfSatisfying(DecodeResult.Malformed.class, m -> {
            assertThat(m.eventType()).isEqualTo(type);
            assertThat(m.schemaVersion()).isEqualTo(version);
            assertThat(m.reason()).isNotBlank();
        });
    }

    private static String json(SerializedEvent serialized) {
        return new String(serialized.data(), StandardCharsets.UTF_8);
    }
}
