// SPDX-License-Identifier: Apache-2.0
package dev.annals.core.event;

/** The outcome of decoding one stored payload. */
public sealed interface DecodeResult<E> {
    record Decoded<E>(E event) implements DecodeResult<E> {}

    /** The type belongs to another boundary, or to a newer writer; callers usually skip it. */
    record UnknownType<E>(String eventType, int schemaVersion) implements DecodeResult<E> {}

    /** The type is known but the payload cannot be read: a poison event. */
    record Malformed<E>(String eventType, int schemaVersion, String reason) implements DecodeResult<E> {}
}
