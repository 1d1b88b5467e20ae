// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections;

import dev.annals.core.event.EventCodec;
import dev.annals.core.event.EventEnvelope;
import dev.annals.core.view.View;
import dev.annals.core.view.ViewStore;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A read model as wiring: its name (also the name of its checkpoint, lock and dead letters), the view
 * that folds one event, the codec that decodes the boundary's events, the key each event belongs to
 * (null: the event does not concern this read model) and where the keyed states live.
 */
public record Projection<S, E>(
        String name,
        View<S, EventEnvelope<E>> view,
        EventCodec<E> codec,
        Function<EventEnvelope<E>, @Nullable String> keyOf,
        ViewStore<S> viewStore) {

    public Projection {
        Objects.requireNonNull(view, "view");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(keyOf, "keyOf");
        Objects.requireNonNull(viewStore, "viewStore");
        ConsumerNames.require(name);
    }

    public static <S, E> Projection<S, E> of(String name, View<S, EventEnvelope<E>> view, EventCodec<E> codec,
                                             Function<EventEnvelope<E>, @Nullable String> keyOf, ViewStore<S> viewStore) {
        return new Projection<>(name, view, codec, keyOf, viewStore);
    }

    /** The same projection writing to another store (a rebuild target, a partition). */
    public Projection<S, E> withViewStore(ViewStore<S> store) {
        return new Projection<>(name, view, codec, keyOf, store);
    }

    /** The same projection under another name (a rebuild's version, a partition). */
    public Projection<S, E> withName(String newName) {
        return new Projection<>(newName, view, codec, keyOf, viewStore);
    }
}
