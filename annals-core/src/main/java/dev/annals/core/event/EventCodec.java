// SPDX-License-Identifier: Apache-2.0
package dev.annals.core.event;

/**
 * Turns a boundary's events into stored payloads and back. Every event type has a stable wire name
 * and a schema version; decoding runs the upcaster chain first, so old payloads arrive as current
 * events while the stored bytes stay as they were written.
 */
public interface EventCodec<E> {
    SerializedEvent encode(E event);

    DecodeResult<E> decode(SerializedEvent serialized);

    /** Whether this codec knows the type (at any schema version). Views skip types they do not know. */
    boolean knows(String eventType);
}
