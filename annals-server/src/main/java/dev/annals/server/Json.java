// SPDX-License-Identifier: Apache-2.0
package dev.annals.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.annals.json.JsonMappers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The server's one JSON mapper and the strict reading of request bodies.
 *
 * <p>Rules (documented in docs/api.md): unknown fields are refused ({@code unknown_field}); no
 * coercion between strings, numbers and booleans ({@code invalid_type}); nesting depth at most
 * {@value #MAX_NESTING_DEPTH}, strings at most {@value #MAX_STRING_LENGTH} characters, numbers at
 * most {@value #MAX_NUMBER_LENGTH} digits ({@code limit_exceeded}); trailing content after the
 * value is malformed. Every failure is a 400, never a 500.
 */
public final class Json {
    public static final int MAX_NESTING_DEPTH = 32;
    public static final int MAX_STRING_LENGTH = 64 * 1024;
    public static final int MAX_NUMBER_LENGTH = 64;

    private static final ObjectMapper MAPPER = createMapper();
    /** One reader per body type: readValue(byte[], Class) would resolve the type on every call. */
    private static final ClassValue<ObjectReader> READERS = new ClassValue<>() {
        @Override
        protected ObjectReader computeValue(Class<?> type) {
            return MAPPER.readerFor(type);
        }
    };

    private Json() {
    }

    /** The shared, thread-safe, strictly configured mapper. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private static ObjectMapper createMapper() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxStringLength(MAX_STRING_LENGTH)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .build())
                .build();
        JsonMapper mapper = JsonMapper.builder(factory)
                .addModule(new JavaTimeModule())
                .addModule(JsonMappers.instants())  // same text as JavaTimeModule's, without DateTimeFormatter
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
        for (LogicalType type : new LogicalType[] {LogicalType.Textual, LogicalType.Integer, LogicalType.Float,
                LogicalType.Boolean}) {
            var config = mapper.coercionConfigFor(type);
            for (CoercionInputShape shape : new CoercionInputShape[] {CoercionInputShape.Integer,
                    CoercionInputShape.Float, CoercionInputShape.Boolean, CoercionInputShape.String,
                    CoercionInputShape.EmptyString}) {
                config.setCoercion(shape, CoercionAction.Fail);
            }
        }
        return mapper;
    }

    /** Reads a request body into {@code type}, or the 400 it earns. */
    public static <T> Parsed<T> read(byte[] body, Class<T> type) {
        if (body.length == 0) {
            return Parsed.invalid("missing_body", "the request needs a JSON body");
        }
        try {
            T value = READERS.get(type).readValue(body);
            if (value == null) {
                return Parsed.invalid("invalid_type", "the body must be a JSON object, not null");
            }
            return Parsed.ok(value);
        } catch (StreamConstraintsException e) {
            return Parsed.invalid("limit_exceeded", "the body exceeds a JSON limit (nesting depth "
                    + MAX_NESTING_DEPTH + ", string length " + MAX_STRING_LENGTH + ")");
        } catch (UnrecognizedPropertyException e) {
            return Parsed.invalid(new ApiError(400, "unknown_field", "unknown field '" + e.getPropertyName() + "'",
                    Map.of("field", fieldPath(e))));
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return Parsed.invalid(new ApiError(400, "invalid_value", safeMessage(cause), Map.of("field", fieldPath(e))));
        } catch (MismatchedInputException e) {
            String message = e.getMessage();
            if (message != null && (message.contains("end-of-input") || message.contains("Trailing token"))) {
                // the body stopped in the middle of a value, or went on after it: syntax, not a type error
                return Parsed.invalid("malformed_json", "the body is not valid JSON");
            }
            return Parsed.invalid(new ApiError(400, "invalid_type", "a field has the wrong JSON type",
                    Map.of("field", fieldPath(e))));
        } catch (JsonParseException e) {
            return Parsed.invalid("malformed_json", "the body is not valid JSON");
        } catch (JsonMappingException e) {
            return Parsed.invalid(new ApiError(400, "invalid_value", "the body does not have the expected shape",
                    Map.of("field", fieldPath(e))));
        } catch (JsonProcessingException e) {
            return Parsed.invalid("malformed_json", "the body is not valid JSON");
        } catch (IOException e) {
            throw new UncheckedIOException("reading a byte array cannot fail", e);
        }
    }

    /** Reads a body as a JSON tree (for bodies whose shape is free, like raw event data). */
    public static Parsed<JsonNode> readTree(byte[] body) {
        return read(body, JsonNode.class);
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render a response of " + value.getClass().getName(), e);
        }
    }

    private static String fieldPath(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        return path.replace(".[", "[");
    }

    private static String safeMessage(Throwable cause) {
        String message = cause.getMessage();
        if (message == null || message.isBlank()) {
            return "a field has an invalid value";
        }
        // first line only, bounded: never echo large client input or a stack trace
        int newline = message.indexOf('\n');
        String first = newline < 0 ? message : message.substring(0, newline);
        return first.length() > 200 ? first.substring(0, 200) + "…" : first;
    }
}
