// SPDX-License-Identifier: Apache-2.0
package dev.annals.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventModelTest {
    @Test
    void eventIdsAreVersionSevenAndStrictlyIncreasingFromOneGenerator() {
        var ids = new EventIds(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
        List<UUID> generated = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            generated.add(ids.get());
        }

        assertThat(generated).allSatisfy(id -> assertThat(EventIds.isVersion7(id)).isTrue());
        for (int i = 1; i < generated.size(); i++) {
            assertThat(generated.get(i).toString()).isGreaterThan(generated.get(i - 1).toString());
        }
        assertThat(generated.getFirst().getMostSignificantBits() >>> 16).isEqualTo(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
    }

    @Test
    void eventDataIsImmutableAndComparedByValue() {
        byte[] bytes = "{}".getBytes(StandardCharsets.UTF_8);
        UUID id = EventIds.newId();
        var event = new EventData(id, "t.Happened", 1, bytes, Metadata.EMPTY);
        bytes[0] = 'X';
        event.data()[0] = 'Y';

        assertThat(event.data()).isEqualTo("{}".getBytes(StandardCharsets.UTF_8));
        assertThat(event).isEqualTo(new EventData(id, "t.Happened", 1, "{}".getBytes(StandardCharsets.UTF_8), Metadata.EMPTY));
    }

    @Test
    void refusesAnEventWithoutTypeOrWithSchemaVersionZero() {
        assertThatThrownBy(() -> new EventData(EventIds.newId(), " ", 1, new byte[0], Metadata.EMPTY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EventData(EventIds.newId(), "t", 0, new byte[0], Metadata.EMPTY))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void metadataKeepsEntriesSortedAndImmutable() {
        var metadata = Metadata.EMPTY.withEntry("b", "2").withEntry("a", "1").withCorrelationId("c");

        assertThat(metadata.entries().keySet()).containsExactly("a", "b");
        assertThat(metadata.correlationId()).isEqualTo("c");
        assertThatThrownBy(() -> metadata.entries().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(new Metadata(null, null, null, null, Map.of("k", "v")).entry("k")).isEqualTo("v");
    }

    @Test
    void upcastsStepByStepToTheCurrentVersionWithoutTouchingTheOriginal() {
        Upcaster v1to2 = upcaster("t.Renamed", 1, "v2");
        Upcaster v2to3 = upcaster("t.Renamed", 2, "v3");
        var chain = UpcasterChain.of(List.of(v2to3, v1to2));
        byte[] stored = "v1".getBytes(StandardCharsets.UTF_8);
        var original = new SerializedEvent("t.Renamed", 1, stored);

        var current = chain.upcast(original);

        assertThat(current).isEqualTo(new SerializedEvent("t.Renamed", 3, "v3".getBytes(StandardCharsets.UTF_8)));
        assertThat(stored).isEqualTo("v1".getBytes(StandardCharsets.UTF_8));
        assertThat(chain.upcast(new SerializedEvent("t.Other", 1, stored)).schemaVersion()).isEqualTo(1);
        assertThat(current.wireName()).isEqualTo("t.Renamed.v3");
    }

    @Test
    void refusesTwoUpcastersForOneTypeAndVersion() {
        assertThatThrownBy(() -> UpcasterChain.of(List.of(upcaster("t", 1, "a"), upcaster("t", 1, "b"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAnUpcasterThatSkipsAVersion() {
        Upcaster skipping = new Upcaster() {
            @Override public String eventType() { return "t"; }
            @Override public int fromVersion() { return 1; }
            @Override public SerializedEvent upcast(SerializedEvent old) { return new SerializedEvent("t", 3, old.data()); }
        };

        assertThatThrownBy(() -> UpcasterChain.of(List.of(skipping)).upcast(new SerializedEvent("t", 1, new byte[0])))
                .isInstanceOf(IllegalStateException.class);
    }

    private static Upcaster upcaster(String type, int from, String newBody) {
        return new Upcaster() {
            @Override public String eventType() { return type; }
            @Override public int fromVersion() { return from; }
            @Override public SerializedEvent upcast(SerializedEvent old) {
                return new SerializedEvent(type, from + 1, newBody.getBytes(StandardCharsets.UTF_8));
            }
        };
    }
}
