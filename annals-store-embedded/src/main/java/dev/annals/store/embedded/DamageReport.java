// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.embedded;

import java.nio.file.Path;

/** Where acknowledged data is damaged: the segment file, the byte offset inside it, and why. */
public record DamageReport(Path segment, long offset, String reason) {
    @Override
    public String toString() {
        return "damage in " + segment + " at offset " + offset + ": " + reason;
    }
}
