// SPDX-License-Identifier: Apache-2.0
package dev.annals.core.decider;

import org.jspecify.annotations.Nullable;

/**
 * A client's idempotency key and a hash of the request it came with. A repeat with the same key and
 * hash replays the first outcome; the same key with another hash is refused as reused.
 */
public record IdempotencyKey(String value, @Nullable String requestHash) {
    public static final int MAX_LENGTH = 200;

    public IdempotencyKey {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("idempotency key must be 1.." + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new IllegalArgumentException("idempotency key must be printable ASCII without spaces");
            }
        }
    }
}
