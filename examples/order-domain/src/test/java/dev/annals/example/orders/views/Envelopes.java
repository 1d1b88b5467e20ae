// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.views;

import dev.annals.core.event.EventEnvelope;
import dev.annals.core.event.Metadata;
import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.StreamId;
import dev.annals.core.store.StreamVersion;
import dev.annals.example.orders.inventory.InventoryEvent;
import dev.annals.example.orders.order.OrderEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Wraps events the way the store would record them, for view tests: one stream, versions from 0,
 * global positions from {@code firstPosition}, recorded {@link #recordedAt} one second apart.
 */
public final class Envelopes {
    public static final Instant RECORDED = Instant.parse("2026-03-01T12:00:00Z");

    private Envelopes() {
    }

    /** When the store recorded the event at {@code position}. */
    public static Instant recordedAt(long position) {
        return RECORDED.plusSeconds(position);
    }

    public static <E> EventEnvelope<E> envelope(StreamId stream, long version, long position, E event) {
        return new EventEnvelope<>(stream, StreamVersion.of(version), GlobalPosition.of(position), recordedAt(position),
                new UUID(position, version), event.getClass().getSimpleName(), Metadata.EMPTY, event);
    }

    /** One order's events as its stream {@code Order-<id>} holds them, the first at {@code firstPosition}. */
    public static List<EventEnvelope<OrderEvent>> orderStream(long firstPosition, OrderEvent... events) {
        List<EventEnvelope<OrderEvent>> envelopes = new ArrayList<>();
        for (int i = 0; i < events.length; i++) {
            OrderEvent event = events[i];
            envelopes.add(envelope(StreamId.of("Order", event.orderId().value()), i, firstPosition + i, event));
        }
        return envelopes;
    }

    public static List<EventEnvelope<OrderEvent>> orderStream(OrderEvent... events) {
        return orderStream(1, events);
    }

    public static List<EventEnvelope<InventoryEvent>> inventoryStream(InventoryEvent... events) {
        List<EventEnvelope<InventoryEvent>> envelopes = new ArrayList<>();
        for (int i = 0; i < events.length; i++) {
            InventoryEvent event = events[i];
            envelopes.add(envelope(StreamId.of("Inventory", event.productId().value()), i, 1 + i, event));
        }
        return envelopes;
    }

    /** The envelopes of {@code first}, then those of {@code second}, as one delivery order. */
    @SafeVarargs
    public static <E> List<EventEnvelope<E>> concat(List<EventEnvelope<E>>... lists) {
        List<EventEnvelope<E>> all = new ArrayList<>();
        for (List<EventEnvelope<E>> list : lists) {
            all.addAll(list);
        }
        return all;
    }
}
