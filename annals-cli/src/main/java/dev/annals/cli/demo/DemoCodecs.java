// SPDX-License-Identifier: Apache-2.0
package dev.annals.cli.demo;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.annals.example.orders.inventory.InventoryEvent;
import dev.annals.example.orders.order.CustomerId;
import dev.annals.example.orders.order.Money;
import dev.annals.example.orders.order.OrderEvent;
import dev.annals.example.orders.order.OrderId;
import dev.annals.example.orders.order.ProductId;
import dev.annals.json.EventTypes;
import dev.annals.json.JacksonEventCodec;
import dev.annals.json.JsonMappers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * The demo's JSON codecs: the same wire names as the order service ({@code orders.OrderCreated.v1},
 * {@code inventory.StockAdded.v1}), ids written as strings and money as a decimal string
 * ({@code "19.99"}). Kept here so the demo needs no service module.
 */
final class DemoCodecs {
    final ObjectMapper mapper = JsonMappers.create(valuesModule());
    final JacksonEventCodec<OrderEvent> orderEvents = JacksonEventCodec.of(orderTypes(), mapper);
    final JacksonEventCodec<InventoryEvent> inventoryEvents = JacksonEventCodec.of(inventoryTypes(), mapper);

    static EventTypes<OrderEvent> orderTypes() {
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

    static EventTypes<InventoryEvent> inventoryTypes() {
        return EventTypes.builder(InventoryEvent.class)
                .register(InventoryEvent.StockAdded.class, "inventory.StockAdded", 1)
                .register(InventoryEvent.StockReserved.class, "inventory.StockReserved", 1)
                .register(InventoryEvent.StockReleased.class, "inventory.StockReleased", 1)
                .register(InventoryEvent.StockDepleted.class, "inventory.StockDepleted", 1)
                .build();
    }

    /** The payload bytes as one line of JSON text (the codec writes UTF-8 JSON). */
    static String text(byte[] data) {
        return new String(data, StandardCharsets.UTF_8);
    }

    private static SimpleModule valuesModule() {
        SimpleModule module = new SimpleModule("annals-demo-values");
        text(module, OrderId.class, OrderId::value, OrderId::of);
        text(module, CustomerId.class, CustomerId::value, CustomerId::of);
        text(module, ProductId.class, ProductId::value, ProductId::of);
        text(module, Money.class, Money::toString, Money::of);
        return module;
    }

    private static <T> void text(SimpleModule module, Class<T> type, Function<T, String> write, Function<String, T> read) {
        module.addSerializer(type, new JsonSerializer<T>() {
            @Override
            public void serialize(T value, JsonGenerator generator, SerializerProvider provider) throws IOException {
                generator.writeString(write.apply(value));
            }
        });
        module.addDeserializer(type, new JsonDeserializer<T>() {
            @Override
            public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                String text = parser.getValueAsString();
                if (text == null) {
                    return type.cast(context.handleUnexpectedToken(type, parser));
                }
                try {
                    return read.apply(text);
                } catch (IllegalArgumentException e) {
                    return type.cast(context.handleWeirdStringValue(type, text, e.getMessage()));
                }
            }
        });
    }
}
