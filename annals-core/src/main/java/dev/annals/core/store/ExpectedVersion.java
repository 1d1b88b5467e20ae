// SPDX-License-Identifier: Apache-2.0
package dev.annals.core.store;

import org.jspecify.annotations.Nullable;

/**
 * What the writer believes about a stream when it appends: the optimistic-concurrency check.
 *
 * <ul>
 *   <li>{@link Any}: no check;</li>
 *   <li>{@link NoStream}: the stream must not exist yet;</li>
 *   <li>{@link StreamExists}: the stream must hold at least one event;</li>
 *   <li>{@link Exact}: the stream's last event must be at exactly this version.</li>
 * </ul>
 */
public sealed interface ExpectedVersion {
    ExpectedVersion ANY = new Any();
    ExpectedVersion NO_STREAM = new NoStream();
    ExpectedVersion STREAM_EXISTS = new StreamExists();

    record Any() implements ExpectedVersion {
        @Override public String toString() { return "any"; }
    }

    record NoStream() implements ExpectedVersion {
        @Override public String toString() { return "no_stream"; }
    }

    record StreamExists() implements ExpectedVersion {
        @Override public String toString() { return "stream_exists"; }
    }

    record Exact(StreamVersion version) implements ExpectedVersion {
        @Override public String toString() { return version.toString(); }
    }

    static ExpectedVersion exact(long version) {
        return new Exact(StreamVersion.of(version));
    }

    static ExpectedVersion exact(StreamVersion version) {
        return new Exact(version);
    }

    /** The expectation that a writer who has seen the stream at {@code current} (null: no stream) holds. */
    static ExpectedVersion from(@Nullable StreamVersion current) {
        return current == null ? NO_STREAM : new Exact(current);
    }

    /** Whether a stream whose last version is {@code current} (null: no stream) meets this expectation. */
    default boolean isMetBy(@Nullable StreamVersion current) {
        return switch (this) {
            case Any a -> true;
            case NoStream n -> current == null;
            case StreamExists s -> current != null;
            case Exact e -> current != null && current.equals(e.version());
        };
    }
}
