// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.order;

import org.jspecify.annotations.Nullable;

/** The one rule every identifier of this domain follows. */
final class Identifiers {
    static final int MAX_LENGTH = 64;
    static final String RULE = "1.." + MAX_LENGTH + " characters of [A-Za-z0-9_-]";

    private Identifiers() {
    }

    static boolean isValid(@Nullable String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
