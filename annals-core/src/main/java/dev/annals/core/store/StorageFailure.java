// SPDX-License-Identifier: Apache-2.0
package dev.annals.core.store;

/**
 * Why storage could not do its job. Adapters log the underlying cause; callers get a kind they can
 * act on and a human-readable detail that never contains secrets.
 */
public record StorageFailure(Kind kind, String detail) {
    public enum Kind {
        /** The store cannot serve now (failed-stop after an I/O error, connection lost, closed). */
        UNAVAILABLE,
        /** The operation did not finish in time; it may or may not have taken effect. */
        TIMED_OUT,
        /** Stored bytes failed their checksum or could not be decoded. */
        CORRUPTED,
        /** The disk or database is full. */
        CAPACITY_EXHAUSTED,
        /** The request exceeds a limit of the store (event size, batch size). */
        REJECTED
    }

    public static StorageFailure unavailable(String detail) {
        return new StorageFailure(Kind.UNAVAILABLE, detail);
    }

    public static StorageFailure corrupted(String detail) {
        return new StorageFailure(Kind.CORRUPTED, detail);
    }
}
