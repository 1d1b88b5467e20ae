// SPDX-License-Identifier: Apache-2.0
package dev.annals.benchmarks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** The one-line JSON result of a scenario: numbers rounded for reading, rates as whole numbers. */
final class JsonLine {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonLine() {
    }

    static String of(Map<String, ?> fields) {
        Map<String, Object> rounded = new LinkedHashMap<>();
        fields.forEach((name, value) -> rounded.put(name, value instanceof Double d ? round(d) : value));
        try {
            return MAPPER.writeValueAsString(rounded);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the result line", e);
        }
    }

    static Number round(double value) {
        if (Math.abs(value) >= 1000) {
            return Math.round(value);
        }
        return Math.round(value * 1000) / 1000.0;
    }
}
