// SPDX-License-Identifier: Apache-2.0
package dev.annals.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.annals.core.event.DecodeResult;
import dev.annals.core.event.EventCodec;
import dev.annals.core.event.SerializedEvent;
import dev.annals.core.event.UpcasterChain;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/*
 * Decoding
 * --------
 * 1. The stored type name is looked up in the registry. Not registered: UnknownType (another
 *    boundary's event, which views skip).
 * 2. A stored schema version above the registered one was written by a newer writer: UnknownType,
 *    so an old reader skips it instead of misreading it.
 * 3. An older version runs through the upcaster chain (on a copy: stored bytes never change). If the
 *    chain cannot reach the registered version, or an upcaster throws (an unreadable old payload), the
 *    event is Malformed.
 * 4. The payload is read into the registered record with the shared mapper's rules (JsonMappers:
 *    unknown fields ignored, missing fields malformed). Any failure is Malformed with a short reason,
 *    never an exception.
 *
 * Speed: one ObjectWriter per class and one ObjectReader per type name, made once at construction
 * and looked up in immutable hash maps; the mapper (with Blackbird) generates accessors once.
 *
 * Concurrency: immutable after construction; readers and writers are thread-safe.
 */

/**
 * The Jackson {@link EventCodec}: events are JSON objects (UTF-8) under the wire names of an
 * {@link EventTypes} registry, upcast through an {@link UpcasterChain} before they are read.
 */
public final class JacksonEventCodec<E> implements EventCodec<E> {
    private static final int MAX_REASON_LENGTH = 300;

    private final EventTypes<E> types;
    private final UpcasterChain upcasters;
    private final Map<Class<?>, Writer> writers;
    private final Map<String, Reader<? extends E>> readers;

    private record Writer(String name, int version, ObjectWriter writer) {}

    private record Reader<T>(int version, ObjectReader reader, Class<T> javaType) {}

    private JacksonEventCodec(EventTypes<E> types, ObjectMapper mapper, UpcasterChain upcasters) {
        this.types = types;
        this.upcasters = upcasters;
        Map<Class<?>, Writer> w = new HashMap<>();
        Map<String, Reader<? extends E>> r = new HashMap<>();
        for (EventTypes.EventType<? extends E> type : types.all()) {
            w.put(type.javaType(), new Writer(type.name(), type.version(), mapper.writerFor(type.javaType())));
            r.put(type.name(), reader(type, mapper));
        }
        this.writers = Map.copyOf(w);
        this.readers = Map.copyOf(r);
    }

    private static <T> Reader<T> reader(EventTypes.EventType<T> type, ObjectMapper mapper) {
        return new Reader<>(type.version(), mapper.readerFor(type.javaType()), type.javaType());
    }

    /** A codec for the registered types, with no upcasters. */
    public static <E> JacksonEventCodec<E> of(EventTypes<E> types, ObjectMapper mapper) {
        return new JacksonEventCodec<>(types, mapper, UpcasterChain.empty());
    }

    /** A codec for the registered types that upcasts older payloads through {@code upcasters}. */
    public static <E> JacksonEventCodec<E> of(EventTypes<E> types, ObjectMapper mapper, UpcasterChain upcasters) {
        return new JacksonEventCodec<>(types, mapper, upcasters);
    }

    public EventTypes<E> types() {
        return types;
    }

    /** Encodes a registered event; an unregistered class or an unwritable value is a programming error. */
    @Override
    public SerializedEvent encode(E event) {
        Writer writer = writers.get(event.getClass());
        if (writer == null) {
            throw new IllegalArgumentException(event.getClass().getName() + " has no wire name in the "
                    + types.baseType().getSimpleName() + " event types");
        }
        try {
            return new SerializedEvent(writer.name(), writer.version(), writer.writer().writeValueAsBytes(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + writer.name() + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public DecodeResult<E> decode(SerializedEvent serialized) {
        Reader<? extends E> reader = readers.get(serialized.eventType());
        if (reader == null || serialized.schemaVersion() > reader.version()) {
            return new DecodeResult.UnknownType<>(serialized.eventType(), serialized.schemaVersion());
        }
        SerializedEvent current = serialized;
        if (serialized.schemaVersion() < reader.version()) {
            try {
                current = upcasters.upcast(serialized);
            } catch (RuntimeException e) {
                return malformed(serialized, "upcasting failed: " + e.getMessage());
            }
            if (current.schemaVersion() != reader.version()) {
                return malformed(serialized, "no upcaster takes " + current.wireName() + " to version " + reader.version());
            }
        }
        return read(reader, serialized, current.data());
    }

    private DecodeResult<E> read(Reader<? extends E> reader, SerializedEvent serialized, byte[] data) {
        try {
            E event = reader.reader().readValue(data);
            if (event == null) {
                return malformed(serialized, "payload is JSON null");
            }
            return new DecodeResult.Decoded<>(event);
        } catch (JsonProcessingException e) {
            return malformed(serialized, e.getOriginalMessage());
        } catch (IOException | RuntimeException e) {
            return malformed(serialized, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static <E> DecodeResult<E> malformed(SerializedEvent serialized, String reason) {
        String shortReason = reason.length() > MAX_REASON_LENGTH ? reason.substring(0, MAX_REASON_LENGTH) + "…" : reason;
        return new DecodeResult.Malformed<>(serialized.eventType(), serialized.schemaVersion(), shortReason);
    }

    @Override
    public boolean knows(String eventType) {
        return types.knows(eventType);
    }
}
