// SPDX-License-Identifier: Apache-2.0
package dev.annals.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.annals.core.event.SerializedEvent;
import dev.annals.core.event.Upcaster;
import java.io.IOException;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * An {@link Upcaster} written as a change to the JSON object: {@code JsonUpcaster.of(mapper,
 * "orders.OrderCreated", 1, json -> json.put("currency", "EUR"))} turns a v1 payload into v2. The
 * function gets a fresh tree parsed from a copy of the payload, so it may change it in place.
 *
 * <p>A payload that is not a JSON object throws {@link IllegalArgumentException}; the
 * {@link JacksonEventCodec} reports that as a malformed event.
 */
public final class JsonUpcaster implements Upcaster {
    private final ObjectMapper mapper;
    private final String eventType;
    private final int fromVersion;
    private final UnaryOperator<ObjectNode> change;

    private JsonUpcaster(ObjectMapper mapper, String eventType, int fromVersion, UnaryOperator<ObjectNode> change) {
        this.mapper = Objects.requireNonNull(mapper);
        this.eventType = Objects.requireNonNull(eventType);
        this.fromVersion = fromVersion;
        this.change = Objects.requireNonNull(change);
        if (fromVersion < 1) {
            throw new IllegalArgumentException("fromVersion must be >= 1: " + fromVersion);
        }
    }

    public static JsonUpcaster of(ObjectMapper mapper, String eventType, int fromVersion, UnaryOperator<ObjectNode> change) {
        return new JsonUpcaster(mapper, eventType, fromVersion, change);
    }

    @Override
    public String eventType() {
        return eventType;
    }

    @Override
    public int fromVersion() {
        return fromVersion;
    }

    @Override
    public SerializedEvent upcast(SerializedEvent old) {
        JsonNode tree;
        try {
            tree = mapper.readTree(old.data());
        } catch (IOException e) {
            throw new IllegalArgumentException(old.wireName() + " payload is not JSON: " + shortMessage(e), e);
        }
        if (!(tree instanceof ObjectNode object)) {
            throw new IllegalArgumentException(old.wireName() + " payload is not a JSON object");
        }
        ObjectNode changed = Objects.requireNonNull(change.apply(object), "upcaster returned null");
        try {
            return new SerializedEvent(eventType, fromVersion + 1, mapper.writeValueAsBytes(changed));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write upcast " + eventType + " payload", e);
        }
    }

    private static String shortMessage(IOException e) {
        return e instanceof JsonProcessingException j ? j.getOriginalMessage() : String.valueOf(e.getMessage());
    }
}
