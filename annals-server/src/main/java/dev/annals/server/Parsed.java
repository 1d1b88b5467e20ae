// SPDX-License-Identifier: Apache-2.0
package dev.annals.server;

import java.util.function.Function;

/** A request part (body, query parameter, header) read into a value, or the 4xx error it earned. */
public sealed interface Parsed<T> {
    record Ok<T>(T value) implements Parsed<T> {}

    record Invalid<T>(ApiError error) implements Parsed<T> {}

    static <T> Parsed<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Parsed<T> invalid(ApiError error) {
        return new Invalid<>(error);
    }

    static <T> Parsed<T> invalid(String code, String message) {
        return new Invalid<>(ApiError.badRequest(code, message));
    }

    /** Continues with the value, or answers the error. */
    default Reply then(Function<T, Reply> next) {
        return switch (this) {
            case Ok<T> ok -> next.apply(ok.value());
            case Invalid<T> invalid -> invalid.error().reply();
        };
    }

    default <U> Parsed<U> map(Function<T, Parsed<U>> next) {
        return switch (this) {
            case Ok<T> ok -> next.apply(ok.value());
            case Invalid<T> invalid -> new Invalid<>(invalid.error());
        };
    }
}
