// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections;

import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.Subscription;

/** A real subscription that a test wraps to change or watch its polls; position and close pass through. */
abstract class ForwardingSubscription implements Subscription {
    protected final Subscription inner;

    ForwardingSubscription(Subscription inner) {
        this.inner = inner;
    }

    @Override
    public GlobalPosition position() {
        return inner.position();
    }

    @Override
    public void close() {
        inner.close();
    }
}
