// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections;

import dev.annals.core.event.DecodeResult;
import dev.annals.core.event.EventEnvelope;
import dev.annals.core.event.RecordedEvent;

/** Folds one event into the state of the key it belongs to. Types the codec does not know are skipped. */
final class ProjectionFolder<S, E> implements Folder<S> {
    private final Projection<S, E> projection;

    ProjectionFolder(Projection<S, E> projection) {
        this.projection = projection;
    }

    @Override
    public void apply(RecordedEvent recorded, Batch<S> batch) {
        if (!projection.codec().knows(recorded.eventType())) {
            return;
        }
        switch (projection.codec().decode(recorded.serialized())) {
            case DecodeResult.UnknownType<E> unknown -> { }
            case DecodeResult.Malformed<E> malformed -> throw new PoisonEvent(
                    "cannot decode " + malformed.eventType() + ".v" + malformed.schemaVersion() + ": " + malformed.reason());
            case DecodeResult.Decoded<E> decoded -> {
                EventEnvelope<E> envelope = EventEnvelope.of(recorded, decoded.event());
                String key = projection.keyOf().apply(envelope);
                if (key == null || batch.isApplied(key, recorded.position())) {
                    return;
                }
                S state = batch.state(key, projection.view().initialState());
                batch.put(key, projection.view().evolve(state, envelope), recorded.position());
            }
        }
    }
}
