// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which server settings would let PostgreSQL acknowledge a commit it can later lose: {@code fsync}
 * off, {@code synchronous_commit} off, {@code full_page_writes} off (torn pages after a power loss).
 * {@code synchronous_commit} values {@code local}, {@code remote_write} and {@code remote_apply} all
 * flush the local WAL before acknowledging and count as durable.
 */
final class DurabilityCheck {
    static final List<String> SETTINGS = List.of("fsync", "synchronous_commit", "full_page_writes");

    private DurabilityCheck() {}

    /** The unsafe settings as {@code name=value}, empty when the server is durable. */
    static List<String> unsafeSettings(Map<String, String> settings) {
        List<String> unsafe = new ArrayList<>();
        for (String name : SETTINGS) {
            String value = settings.getOrDefault(name, "");
            if (!isOn(value)) {
                unsafe.add(name + "=" + value);
            }
        }
        return unsafe;
    }

    private static boolean isOn(String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "on", "true", "yes", "1", "local", "remote_write", "remote_apply" -> true;
            default -> false;
        };
    }

    static String refusal(List<String> unsafe) {
        return "PostgreSQL server can lose acknowledged commits: " + String.join(", ", unsafe)
                + " (durable mode needs fsync=on, synchronous_commit=on, full_page_writes=on; fix the server or role "
                + "settings, or open with Durability.UNSAFE_ALLOW_NON_DURABLE_SERVER)";
    }
}
