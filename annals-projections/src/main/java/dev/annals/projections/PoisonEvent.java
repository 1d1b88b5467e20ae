// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections;

/** An event that retrying cannot help (its payload cannot be decoded): parked at once. Never escapes the runner. */
final class PoisonEvent extends RuntimeException {
    PoisonEvent(String reason) {
        super(reason, null, false, false);
    }
}
