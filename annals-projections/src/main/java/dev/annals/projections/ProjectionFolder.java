// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections;

import dev.annals.core.event.DecodeResult;
import dev.annals.core.event.EventEnvelope;
import dev.annals.core.event.RecordedEvent;
import org.jspecify.annotations.Nullable;

/** Folds one event into the state of the key it belongs to. Types the codec does not know are skipped. */
final class ProjectionFolder<S, E> implements Folder<S> {
    private final Projection<S, E> projection;

    ProjectionFolder(Projection<S, E> projection) {
        this.projection = projection;
    }

    @Override
    public void apply(RecordedEvent recorded, Batch<S> batch) {
        apply(recorded, null, batch);
    }

    @Override
    public boolean prepares() {
        return true;
    }

    @Override
    public DecodeResult<E> prepare(RecordedEvent recorded) {
        if (!projection.codec().knows(recorded.eventType())) {
            return new DecodeResult.UnknownType<>(recorded.eventType(), recorded.serialized().schemaVersion());
        }
        return projection.codec().decode(recorded.serialized());
    }

    @Override
    @SuppressWarnings("unchecked")  // prepared comes from this folder's prepare()
    public @Nullable String keyOf(RecordedEvent recorded, @Nullable Object prepared) {
        if (prepared instanceof DecodeResult.Decoded<?> decoded) {
            try {
                return projection.keyOf().apply(EventEnvelope.of(recorded, (E) decoded.event()));
            } catch (RuntimeException e) {
                return null;  // the fold meets it again, where failures are handled
            }
        }
        return null;
    }

    @Override
    @SuppressWarnings("unchecked")  // prepared comes from this folder's prepare()
    public void apply(RecordedEvent recorded, @Nullable Object prepared, Batch<S> batch) {
        DecodeResult<E> result = prepared instanceof DecodeResult<?> ready ? (DecodeResult<E>) ready : prepare(recorded);
        switch (result) {
            case DecodeResult.UnknownType<E> unknown -> { }
            case DecodeResult.Malformed<E> malformed -> throw new PoisonEvent(
                    "cannot decode " + malformed.eventType() + ".v" + malformed.schemaVersion() + ": " + malformed.reason());
            case DecodeResult.Decoded<E> decoded -> {
                EventEnvelope<E> envelope = EventEnvelope.of(recorded, decoded.event());
                String key = projection.keyOf().apply(envelope);
                if (key == null) {
                    return;
                }
                Batch.Entry<S> entry = batch.entry(key);  // one lookup for the check, the state and the put
                if (batch.isApplied(entry, recorded.position())) {
                    return;
                }
                S state = batch.state(entry, projection.view().initialState());
                batch.put(entry, projection.view().evolve(state, envelope), recorded.position());
            }
        }
    }
}
