// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections;

import dev.annals.core.event.EventCodec;
import dev.annals.core.event.EventEnvelope;
import java.util.Optional;
import java.util.function.Function;

/** One boundary a process manager listens to: its codec, and what each of its events means to the process. */
public record MessageInput<E, M>(EventCodec<E> codec, Function<EventEnvelope<E>, Optional<M>> toMessage) {
    public static <E, M> MessageInput<E, M> of(EventCodec<E> codec, Function<EventEnvelope<E>, Optional<M>> toMessage) {
        return new MessageInput<>(codec, toMessage);
    }
}
