// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections;

import java.time.Instant;

/** A named timer of one process-manager instance: when it is due, the instance hears a message. */
public record Deadline(String consumer, String instanceId, String name, Instant dueAt) {
    /** Identifies the deadline: one per consumer, instance and name. */
    public String key() {
        return consumer + "/" + instanceId + "/" + name;
    }
}
