// SPDX-License-Identifier: Apache-2.0
package dev.annals.core.event;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies upcasters one step at a time until no upcaster takes the payload further. Registering two
 * upcasters for the same type and version is a programming error and fails at construction.
 */
public final class UpcasterChain {
    private static final UpcasterChain EMPTY = new UpcasterChain(List.of());
    private final Map<String, Upcaster> byTypeAndVersion = new HashMap<>();

    private UpcasterChain(List<Upcaster> upcasters) {
        for (Upcaster upcaster : upcasters) {
            String key = upcaster.eventType() + "#" + upcaster.fromVersion();
            if (byTypeAndVersion.putIfAbsent(key, upcaster) != null) {
                throw new IllegalArgumentException("two upcasters for " + upcaster.eventType()
                        + " from version " + upcaster.fromVersion());
            }
        }
    }

    public static UpcasterChain of(List<Upcaster> upcasters) {
        return upcasters.isEmpty() ? EMPTY : new UpcasterChain(upcasters);
    }

    public static UpcasterChain empty() {
        return EMPTY;
    }

    public SerializedEvent upcast(SerializedEvent event) {
        SerializedEvent current = event;
        Upcaster next;
        while ((next = byTypeAndVersion.get(current.eventType() + "#" + current.schemaVersion())) != null) {
            SerializedEvent upcasted = next.upcast(current);
            if (upcasted.schemaVersion() != current.schemaVersion() + 1
                    || !upcasted.eventType().equals(current.eventType())) {
                throw new IllegalStateException("upcaster for " + current.wireName()
                        + " must produce the same type at version " + (current.schemaVersion() + 1)
                        + ", produced " + upcasted.wireName());
            }
            current = upcasted;
        }
        return current;
    }
}
