// SPDX-License-Identifier: Apache-2.0
package dev.annals.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsoInstantsTest {
    private static final ObjectMapper FAST = JsonMappers.create();
    /** The jsr310 module alone, with the same date settings: what the fast path must agree with. */
    private static final ObjectMapper STANDARD = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .build();

    record Stamped(Instant at) {
    }

    record Formatted(@JsonFormat(shape = JsonFormat.Shape.NUMBER) Instant at) {
    }

    @Test
    void writesAndReadsExactlyWhatTheJavaTimeModuleDoesOverRandomInstants() throws Exception {
        var random = new SplittableRandom(20261201);
        for (int i = 0; i < 20_000; i++) {
            long second = random.nextLong(-62_167_219_200L, 253_402_300_800L);  // years 0000..9999
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(second, nanos);

            String fastJson = FAST.writeValueAsString(new Stamped(instant));
            assertThat(fastJson).isEqualTo(STANDARD.writeValueAsString(new Stamped(instant)));
            assertThat(FAST.readValue(fastJson, Stamped.class).at()).isEqualTo(instant);
        }
    }

    @Test
    void readsEveryFractionLengthLikeTheStandardParser() throws Exception {
        for (String text : List.of("2025-03-01T10:15:30Z", "2025-03-01T10:15:30.1Z", "2025-03-01T10:15:30.12Z",
                "2025-03-01T10:15:30.123Z", "2025-03-01T10:15:30.1234Z", "2025-03-01T10:15:30.12345Z",
                "2025-03-01T10:15:30.123456Z", "2025-03-01T10:15:30.1234567Z", "2025-03-01T10:15:30.12345678Z",
                "2025-03-01T10:15:30.123456789Z", "2024-02-29T23:59:59.999999999Z", "0000-01-01T00:00:00Z",
                "9999-12-31T23:59:59Z", "1970-01-01T00:00:00Z")) {
            assertThat(read(FAST, text)).as(text).isEqualTo(read(STANDARD, text)).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void leavesOtherShapesToTheStandardParserWithTheSameResult() throws Exception {
        for (String text : List.of("2025-03-01T10:15:30+02:00", "+10000-01-01T00:00:00Z", "2025-03-01T10:15:30.Z",
                "2025-03-01T23:59:60Z", "2025-03-01t10:15:30z", "",
                "2025-03-01T24:00:00Z")) {
            assertThat(outcome(FAST, text)).as(text).isEqualTo(outcome(STANDARD, text));
        }
    }

    @Test
    void rejectsImpossibleDatesAndNonsenseAsTheStandardParserDoes() {
        for (String text : List.of("2025-02-29T10:15:30Z", "2025-13-01T10:15:30Z", "2025-03-01T10:60:30Z", "2025-0a-01T10:15:30Z", "2025-03-01 10:15:30Z", "2025-03-01T10:15:30.1234567890Z",
                "not a time")) {
            assertThatThrownBy(() -> read(FAST, text)).as(text).isInstanceOf(JsonProcessingException.class);
            assertThatThrownBy(() -> read(STANDARD, text)).as(text).isInstanceOf(JsonProcessingException.class);
        }
        assertThatThrownBy(() -> read(FAST, "2025-02-29T10:15:30Z")).isInstanceOf(InvalidFormatException.class);
        assertThatThrownBy(() -> FAST.readValue("{\"at\":true}", Stamped.class))
                .isInstanceOf(MismatchedInputException.class);
    }

    @Test
    void aPropertyWithItsOwnFormatKeepsTheStandardSerializer() throws Exception {
        var formatted = new Formatted(Instant.ofEpochSecond(1_700_000_000L, 5_000_000));

        String json = FAST.writeValueAsString(formatted);

        assertThat(json).isEqualTo(STANDARD.writeValueAsString(formatted)).doesNotContain("Z");
        assertThat(FAST.readValue(json, Formatted.class)).isEqualTo(formatted);
    }

    @Test
    void aPlainInstantPropertyIsWrittenByTheFastWriterAndAFormattedOneIsNot() throws Exception {
        var provider = FAST.getSerializerProviderInstance();

        assertThat(propertyWriter(provider, Stamped.class).getClass().getEnclosingClass()).isEqualTo(IsoInstants.class);
        assertThat(propertyWriter(provider, Formatted.class).getClass().getEnclosingClass()).isNotEqualTo(IsoInstants.class);
    }

    /** The serializer the bean serializer of {@code type} resolved for its one property. */
    private static Object propertyWriter(com.fasterxml.jackson.databind.SerializerProvider provider, Class<?> type)
            throws Exception {
        var bean = (com.fasterxml.jackson.databind.ser.std.BeanSerializerBase) provider.findValueSerializer(type);
        var property = (com.fasterxml.jackson.databind.ser.BeanPropertyWriter) bean.properties().next();
        return property.getSerializer();
    }

    private static Instant read(ObjectMapper mapper, String text) throws JsonProcessingException {
        return mapper.readValue("{\"at\":\"" + text + "\"}", Stamped.class).at();
    }

    private static String outcome(ObjectMapper mapper, String text) {
        try {
            return "ok " + read(mapper, text);
        } catch (JsonProcessingException e) {
            return "error " + e.getClass().getSimpleName();
        }
    }
}
