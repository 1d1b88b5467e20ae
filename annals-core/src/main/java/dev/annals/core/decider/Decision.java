// SPDX-License-Identifier: Apache-2.0
package dev.annals.core.decider;

import java.util.List;

/** Outcome of one decision: the events to record, or the business rule that said no. */
public sealed interface Decision<E, X> {
    record Accepted<E, X>(List<E> events) implements Decision<E, X> {
        public Accepted {
            events = List.copyOf(events);
        }
    }

    record Rejected<E, X>(X reason) implements Decision<E, X> {}

    static <E, X> Decision<E, X> accept(E event) {
        return new Accepted<>(List.of(event));
    }

    @SafeVarargs
    static <E, X> Decision<E, X> acceptAll(E... events) {
        return new Accepted<>(List.of(events));
    }

    static <E, X> Decision<E, X> acceptAll(List<E> events) {
        return new Accepted<>(events);
    }

    static <E, X> Decision<E, X> reject(X reason) {
        return new Rejected<>(reason);
    }
}
