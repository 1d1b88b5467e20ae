// SPDX-License-Identifier: Apache-2.0
package dev.annals.testing.spec;

import dev.annals.core.event.DecodeResult;
import dev.annals.core.event.EventCodec;
import dev.annals.core.event.SerializedEvent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/*
 * Format
 * ------
 * The payload is a handle, the decimal text of a counter ("17"), and the encoded object stays in a
 * map inside this codec. Decoding looks the handle up, so a decoded event is the very object that
 * was encoded. Every type is written at schema version 1 under the name the caller's function gives.
 *
 * Failure modes: a handle this codec never issued (the store outlived the codec, or another codec
 * wrote it) decodes as Malformed when the type name is one this codec has written, and as
 * UnknownType otherwise. Nothing is ever evicted: meant for tests, not long-running processes.
 *
 * Concurrency: thread-safe (concurrent maps, atomic counter).
 */

/**
 * An {@link EventCodec} for tests that keeps each encoded object in memory and writes only a handle:
 * runs the real command handler on an in-memory store without a JSON mapping.
 */
public final class InMemoryObjectCodec<E> implements EventCodec<E> {
    private static final int SCHEMA_VERSION = 1;

    private final Function<? super E, String> typeName;
    private final Map<String, Entry<E>> byHandle = new ConcurrentHashMap<>();
    private final Set<String> knownTypes = ConcurrentHashMap.newKeySet();
    private final AtomicLong nextHandle = new AtomicLong(1);

    private record Entry<E>(String eventType, E event) {}

    private InMemoryObjectCodec(Function<? super E, String> typeName) {
        this.typeName = Objects.requireNonNull(typeName, "typeName");
    }

    /** A codec naming each event with {@code typeName}, e.g. {@code e -> "orders." + e.getClass().getSimpleName()}. */
    public static <E> InMemoryObjectCodec<E> of(Function<? super E, String> typeName) {
        return new InMemoryObjectCodec<>(typeName);
    }

    @Override
    public SerializedEvent encode(E event) {
        Objects.requireNonNull(event, "event");
        String type = typeName.apply(event);
        String handle = Long.toString(nextHandle.getAndIncrement());
        byHandle.put(handle, new Entry<>(type, event));
        knownTypes.add(type);
        return new SerializedEvent(type, SCHEMA_VERSION, handle.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public DecodeResult<E> decode(SerializedEvent serialized) {
        String type = serialized.eventType();
        if (!knownTypes.contains(type)) {
            return new DecodeResult.UnknownType<>(type, serialized.schemaVersion());
        }
        String handle = new String(serialized.data(), StandardCharsets.US_ASCII);
        Entry<E> entry = byHandle.get(handle);
        if (entry == null || !entry.eventType().equals(type) || serialized.schemaVersion() != SCHEMA_VERSION) {
            return new DecodeResult.Malformed<>(type, serialized.schemaVersion(), "no object under handle '" + handle + "'");
        }
        return new DecodeResult.Decoded<>(entry.event());
    }

    @Override
    public boolean knows(String eventType) {
        return knownTypes.contains(eventType);
    }
}
