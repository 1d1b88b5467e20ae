// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections;

import dev.annals.core.checkpoint.CheckpointStore;

/** Consumer names follow checkpoint names: they name files, locks and metrics tags. */
final class ConsumerNames {
    private ConsumerNames() {
    }

    static String require(String name) {
        return CheckpointStore.requireValidName(name);
    }
}
