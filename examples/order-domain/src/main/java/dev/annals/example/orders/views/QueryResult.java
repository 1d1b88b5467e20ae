// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.views;

import dev.annals.core.store.StorageFailure;

/** The outcome of one query against a read model. */
public sealed interface QueryResult<T> {
    record Found<T>(T value) implements QueryResult<T> {}

    /** No read model entry answers the query (an unknown id). */
    record NotFound<T>() implements QueryResult<T> {}

    record Failed<T>(StorageFailure failure) implements QueryResult<T> {}
}
