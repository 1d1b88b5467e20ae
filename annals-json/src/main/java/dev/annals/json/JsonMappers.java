// SPDX-License-Identifier: Apache-2.0
package dev.annals.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;

/**
 * The one Jackson configuration Annals payloads are written and read with. Create one mapper per
 * process (or per boundary) and share it: mappers are thread-safe and expensive to build, and the
 * codecs derive cached readers and writers from it.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>{@link java.time.Instant} and the other java.time types are ISO-8601 strings.</li>
 *   <li><b>Unknown fields are ignored</b> on decode (tolerant reader): a writer may add an optional
 *       field without a new schema version and older readers keep working. Removing, renaming or
 *       re-meaning a field needs a new schema version and an upcaster.</li>
 *   <li><b>Missing fields are malformed</b>: every record component must be present in the payload
 *       (an explicit {@code null} is allowed and is what the encoder writes for a null component),
 *       so an old payload that lacks a field is never half-read with a silent default; an upcaster
 *       must add it. A {@code null} for a primitive and trailing content after the value are
 *       malformed too.</li>
 *   <li>Decimal numbers read as {@link java.math.BigDecimal} where the target is untyped, and
 *       {@code BigDecimal} is written plainly ({@code 1000}, never {@code 1E+3}).</li>
 *   <li>A record is written as its components only: derived accessors such as {@code isEmpty()} or
 *       {@code getTotal()} are not part of the payload.</li>
 * </ul>
 */
public final class JsonMappers {
    private JsonMappers() {
    }

    /**
     * Instants as ISO-8601 text, read and written without {@code DateTimeFormatter} (the text
     * {@code Instant.toString()} writes; other shapes go to jackson-datatype-jsr310). For a mapper
     * built elsewhere: register it after {@code JavaTimeModule}, with dates not written as timestamps.
     */
    public static Module instants() {
        return IsoInstants.module();
    }

    /** A new mapper with the Annals rules plus the given modules (for example a domain's value types). */
    public static ObjectMapper create(Module... domainModules) {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(IsoInstants.module())  // after JavaTimeModule: the later module's (de)serializers win
                .addModule(new BlackbirdModule())
                .addModule(RecordComponentsOnly.module())
                .addModules(domainModules)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
                .build();
    }
}
