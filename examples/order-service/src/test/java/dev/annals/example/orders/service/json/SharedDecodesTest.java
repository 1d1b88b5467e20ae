// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.service.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.core.event.DecodeResult;
import dev.annals.core.event.SerializedEvent;
import dev.annals.example.orders.order.CustomerId;
import dev.annals.example.orders.order.Money;
import dev.annals.example.orders.order.OrderEvent;
import dev.annals.example.orders.order.OrderId;
import dev.annals.example.orders.order.OrderLine;
import dev.annals.example.orders.order.ProductId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SharedDecodesTest {
    private static final OrderCodecs CODECS = new OrderCodecs();

    private static OrderEvent created(String id) {
        return new OrderEvent.OrderCreated(OrderId.of(id), CustomerId.of("c-1"),
                List.of(new OrderLine(ProductId.of("p-1"), 2, Money.of("9.99"))), Money.of("19.98"),
                Instant.parse("2026-12-01T04:42:23.995Z"));
    }

    private static OrderEvent decoded(DecodeResult<OrderEvent> result) {
        assertThat(result).isInstanceOf(DecodeResult.Decoded.class);
        return ((DecodeResult.Decoded<OrderEvent>) result).event();
    }

    @Test
    void equalPayloadsReadByDifferentReadersAreDecodedOnceAndShared() {
        SharedDecodes<OrderEvent> shared = SharedDecodes.of(CODECS.orderEvents());
        SerializedEvent written = CODECS.orderEvents().encode(created("o-1"));
        // two readers, two copies of the stored bytes (as two runners reading the log get)
        SerializedEvent first = new SerializedEvent(written.eventType(), written.schemaVersion(), written.data().clone());
        SerializedEvent second = new SerializedEvent(written.eventType(), written.schemaVersion(), written.data().clone());
        OrderEvent a = decoded(shared.decode(first));
        OrderEvent b = decoded(shared.decode(second));
        assertThat(a).isEqualTo(created("o-1")).isSameAs(b);
    }

    @Test
    void aPayloadInTheSameSlotWithOtherBytesIsDecodedItselfNeverAnsweredWithTheCachedEvent() {
        SharedDecodes<OrderEvent> oneSlot = SharedDecodes.of(CODECS.orderEvents(), 1);
        SerializedEvent one = CODECS.orderEvents().encode(created("o-1"));
        SerializedEvent two = CODECS.orderEvents().encode(created("o-2"));
        assertThat(decoded(oneSlot.decode(one))).isEqualTo(created("o-1"));
        assertThat(decoded(oneSlot.decode(two))).isEqualTo(created("o-2"));
        assertThat(decoded(oneSlot.decode(one))).isEqualTo(created("o-1"));
        SerializedEvent otherVersion = new SerializedEvent(one.eventType(), one.schemaVersion() + 1, one.data());
        assertThat(oneSlot.decode(otherVersion)).isEqualTo(CODECS.orderEvents().decode(otherVersion));
    }

    @Test
    void theStoresArrayIsNotRetainedSoChangingItLaterCannotChangeWhatIsAnswered() {
        SharedDecodes<OrderEvent> shared = SharedDecodes.of(CODECS.orderEvents());
        SerializedEvent written = CODECS.orderEvents().encode(created("o-1"));
        byte[] reused = written.data().clone();
        assertThat(decoded(shared.decode(new SerializedEvent(written.eventType(), 1, reused)))).isEqualTo(created("o-1"));
        byte[] other = CODECS.orderEvents().encode(created("o-2")).data();
        System.arraycopy(other, 0, reused, 0, Math.min(other.length, reused.length));
        assertThat(decoded(shared.decode(new SerializedEvent(written.eventType(), 1, written.data().clone()))))
                .isEqualTo(created("o-1"));
    }

    @Test
    void unknownTypesAndMalformedPayloadsAreAnsweredAsTheCodecAnswersThem() {
        SharedDecodes<OrderEvent> shared = SharedDecodes.of(CODECS.orderEvents());
        SerializedEvent unknown = new SerializedEvent("orders.Unheard", 1, "{}".getBytes(StandardCharsets.UTF_8));
        SerializedEvent malformed = new SerializedEvent("orders.OrderCreated", 1, "{\"orderId\":".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 2; i++) {
            assertThat(shared.decode(unknown)).isInstanceOf(DecodeResult.UnknownType.class);
            assertThat(shared.decode(malformed)).isInstanceOf(DecodeResult.Malformed.class);
        }
        assertThat(shared.knows("orders.OrderCreated")).isTrue();
        assertThat(shared.knows("orders.Unheard")).isFalse();
    }
}
