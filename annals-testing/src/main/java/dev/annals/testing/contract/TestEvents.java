// SPDX-License-Identifier: Apache-2.0
package dev.annals.testing.contract;

import dev.annals.core.event.EventData;
import dev.annals.core.event.EventIds;
import dev.annals.core.event.Metadata;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Events for contract tests: small JSON payloads with a recognisable body, and full metadata. */
public final class TestEvents {
    private TestEvents() {
    }

    public static EventData event(String type, String body) {
        byte[] data = ("{\"body\":\"" + body + "\"}").getBytes(StandardCharsets.UTF_8);
        return new EventData(EventIds.newId(), type, 1, data, metadata());
    }

    public static EventData event(String body) {
        return event("test.Happened", body);
    }

    public static List<EventData> events(String prefix, int count) {
        List<EventData> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(event(prefix + "-" + i));
        }
        return events;
    }

    public static EventData withData(byte[] data) {
        return new EventData(EventIds.newId(), "test.Raw", 1, data, Metadata.EMPTY);
    }

    public static Metadata metadata() {
        return new Metadata("corr-1", "cause-1", "user-1", "tenant-1", Map.of("origin", "contract", "note", "héllo ✓"));
    }

    public static String body(EventData event) {
        String json = new String(event.data(), StandardCharsets.UTF_8);
        return json.substring("{\"body\":\"".length(), json.length() - 2);
    }
}
