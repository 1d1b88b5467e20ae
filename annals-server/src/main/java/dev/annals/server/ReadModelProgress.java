// SPDX-License-Identifier: Apache-2.0
package dev.annals.server;

import dev.annals.core.store.GlobalPosition;
import java.time.Duration;

/** How far the read models have applied the log: what read-your-writes queries wait on. */
@FunctionalInterface
public interface ReadModelProgress {
    /** Waits until every read model a query may use has applied {@code position}; whether it did in time. */
    boolean awaitApplied(GlobalPosition position, Duration timeout);
}
