// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.service.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.annals.core.decider.StateCodec;
import dev.annals.core.event.EventCodec;
import dev.annals.example.orders.fulfillment.FulfillmentState;
import dev.annals.example.orders.inventory.InventoryEvent;
import dev.annals.example.orders.order.OrderEvent;
import dev.annals.json.EventTypes;
import dev.annals.json.JacksonEventCodec;
import dev.annals.json.JsonMappers;
import java.io.IOException;
import java.util.Optional;

/**
 * The order service's codecs. Wire names are explicit and versioned ({@code orders.OrderCreated.v1},
 * {@code inventory.StockAdded.v1}); renaming a Java class never changes what is stored. Building
 * the registries fails at start when an event type has no wire name.
 */
public final class OrderCodecs {
    /** Bump when a read-model state's JSON shape changes: the file view stores then rebuild. */
    public static final int VIEW_STATE_SCHEMA = 1;

    private final ObjectMapper mapper;
    private final JacksonEventCodec<OrderEvent> orderEvents;
    private final JacksonEventCodec<InventoryEvent> inventoryEvents;
    private final SharedDecodes<OrderEvent> sharedOrderEvents;
    private final SharedDecodes<InventoryEvent> sharedInventoryEvents;

    public OrderCodecs() {
        this.mapper = JsonMappers.create(new DomainValuesModule());
        this.orderEvents = JacksonEventCodec.of(orderTypes(), mapper);
        this.inventoryEvents = JacksonEventCodec.of(inventoryTypes(), mapper);
        this.sharedOrderEvents = SharedDecodes.of(orderEvents);
        this.sharedInventoryEvents = SharedDecodes.of(inventoryEvents);
    }

    public static EventTypes<OrderEvent> orderTypes() {
        return EventTypes.builder(OrderEvent.class)
                .register(OrderEvent.OrderCreated.class, "orders.OrderCreated", 1)
                .register(OrderEvent.ItemAdded.class, "orders.ItemAdded", 1)
                .register(OrderEvent.ItemRemoved.class, "orders.ItemRemoved", 1)
                .register(OrderEvent.OrderConfirmed.class, "orders.OrderConfirmed", 1)
                .register(OrderEvent.OrderReadyToShip.class, "orders.OrderReadyToShip", 1)
                .register(OrderEvent.OrderPaid.class, "orders.OrderPaid", 1)
                .register(OrderEvent.OrderShipped.class, "orders.OrderShipped", 1)
                .register(OrderEvent.OrderCancelled.class, "orders.OrderCancelled", 1)
                .register(OrderEvent.OrderRefunded.class, "orders.OrderRefunded", 1)
                .register(OrderEvent.OrderTotalCorrected.class, "orders.OrderTotalCorrected", 1)
                .build();
    }

    public static EventTypes<InventoryEvent> inventoryTypes() {
        return EventTypes.builder(InventoryEvent.class)
                .register(InventoryEvent.StockAdded.class, "inventory.StockAdded", 1)
                .register(InventoryEvent.StockReserved.class, "inventory.StockReserved", 1)
                .register(InventoryEvent.StockReleased.class, "inventory.StockReleased", 1)
                .register(InventoryEvent.StockDepleted.class, "inventory.StockDepleted", 1)
                .build();
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** The order events' codec: every decode parses (what a lone reader, like a benchmark, wants). */
    public JacksonEventCodec<OrderEvent> orderEvents() {
        return orderEvents;
    }

    public JacksonEventCodec<InventoryEvent> inventoryEvents() {
        return inventoryEvents;
    }

    /**
     * The same codec for the many readers of one service (its runners and command handlers): a
     * payload one of them decoded is not parsed again by the others (see {@link SharedDecodes}).
     */
    public EventCodec<OrderEvent> sharedOrderEvents() {
        return sharedOrderEvents;
    }

    public EventCodec<InventoryEvent> sharedInventoryEvents() {
        return sharedInventoryEvents;
    }

    /** A read model's keyed state: empty (nothing yet) is written as zero bytes, a value as its JSON. */
    public <T> StateCodec<Optional<T>> viewState(Class<T> type) {
        // a writer and reader bound to the type once: no serializer lookup per state (a read model encodes every commit)
        ObjectWriter writer = mapper.writerFor(type);
        ObjectReader reader = mapper.readerFor(type);
        return new StateCodec<>() {
            @Override
            public int schemaVersion() {
                return VIEW_STATE_SCHEMA;
            }

            @Override
            public byte[] encode(Optional<T> state) {
                if (state.isEmpty()) {
                    return new byte[0];
                }
                try {
                    return writer.writeValueAsBytes(state.get());
                } catch (IOException e) {
                    throw new IllegalStateException("cannot write " + type.getSimpleName() + " as JSON", e);
                }
            }

            @Override
            public Optional<Optional<T>> decode(byte[] bytes) {
                if (bytes.length == 0) {
                    return Optional.of(Optional.empty());
                }
                try {
                    return Optional.of(Optional.of(type.cast(reader.readValue(bytes))));
                } catch (IOException | RuntimeException e) {
                    return Optional.empty();
                }
            }
        };
    }

    /** The fulfilment process state without {@code toSend}: those commands were sent before the state was saved. */
    public StateCodec<FulfillmentState> fulfillmentState() {
        return new StateCodec<>() {
            @Override
            public int schemaVersion() {
                return VIEW_STATE_SCHEMA;
            }

            @Override
            public byte[] encode(FulfillmentState state) {
                try {
                    return mapper.writeValueAsBytes(StoredFulfillment.from(state));
                } catch (IOException e) {
                    throw new IllegalStateException("cannot write the fulfilment state as JSON", e);
                }
            }

            @Override
            public Optional<FulfillmentState> decode(byte[] bytes) {
                try {
                    return Optional.of(mapper.readValue(bytes, StoredFulfillment.class).toState());
                } catch (IOException | RuntimeException e) {
                    return Optional.empty();
                }
            }
        };
    }
}
