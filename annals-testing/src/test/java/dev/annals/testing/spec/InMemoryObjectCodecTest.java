// SPDX-License-Identifier: Apache-2.0
package dev.annals.testing.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.core.event.DecodeResult;
import dev.annals.core.event.SerializedEvent;
import dev.annals.testing.spec.Counter.Event;
import dev.annals.testing.spec.Counter.Event.Incremented;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InMemoryObjectCodecTest {
    private final InMemoryObjectCodec<Event> codec = InMemoryObjectCodec.of(e -> "counter." + e.getClass().getSimpleName());

    @Test
    void decodesTheObjectThatWasEncoded() {
        var event = new Incremented(7);
        SerializedEvent serialized = codec.encode(event);

        assertThat(serialized.eventType()).isEqualTo("counter.Incremented");
        assertThat(serialized.schemaVersion()).isEqualTo(1);
        assertThat(codec.knows("counter.Incremented")).isTrue();
        assertThat(codec.decode(serialized)).isEqualTo(new DecodeResult.Decoded<>(event));
    }

    @Test
    void reportsTypesItNeverWroteAsUnknown() {
        var foreign = new SerializedEvent("other.Thing", 1, "1".getBytes(StandardCharsets.US_ASCII));

        assertThat(codec.knows("other.Thing")).isFalse();
        assertThat(codec.decode(foreign)).isInstanceOf(DecodeResult.UnknownType.class);
    }

    @Test
    void reportsAHandleItNeverIssuedAsMalformed() {
        codec.encode(new Incremented(1));
        var stray = new SerializedEvent("counter.Incremented", 1, "999".getBytes(StandardCharsets.US_ASCII));

        assertThat(codec.decode(stray)).isInstanceOf(DecodeResult.Malformed.class);
    }
}
