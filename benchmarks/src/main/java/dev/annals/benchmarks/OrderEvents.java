// SPDX-License-Identifier: Apache-2.0
package dev.annals.benchmarks;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.annals.core.decider.StateCodec;
import dev.annals.core.event.EventData;
import dev.annals.core.event.EventIds;
import dev.annals.core.event.Metadata;
import dev.annals.core.store.StreamId;
import dev.annals.core.store.StreamVersion;
import dev.annals.core.view.ViewStore;
import dev.annals.example.orders.order.CustomerId;
import dev.annals.example.orders.order.Money;
import dev.annals.example.orders.order.OrderEvent;
import dev.annals.example.orders.order.OrderId;
import dev.annals.example.orders.order.OrderLine;
import dev.annals.example.orders.order.ProductId;
import dev.annals.example.orders.views.summary.OrderSummary;
import dev.annals.example.orders.views.summary.OrderSummaryView;
import dev.annals.json.EventTypes;
import dev.annals.json.JacksonEventCodec;
import dev.annals.json.JsonMappers;
import dev.annals.projections.Projection;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/*
 * Order events for the view benchmarks
 * ------------------------------------
 * The order domain's events, encoded as the order service stores them: the same versioned wire names
 * (orders.OrderCreated v1, ...) and the same JSON shapes (ids as strings, money as a decimal string).
 * The order service's own registry (OrderCodecs) is not used because that module is not a library
 * the benchmarks can depend on; this copy must stay in step with it.
 *
 * Every order has the same life of EVENTS_PER_ORDER events: created with one line, two items added,
 * one removed, confirmed, paid, ready to ship, shipped. Its summary then says SHIPPED, 2 items,
 * version 7, so a replay can be checked for completeness.
 */

/** The order domain's events as the benchmarks write them, and the order-summary projection over them. */
final class OrderEvents {
    static final int EVENTS_PER_ORDER = 8;
    static final String CATEGORY = "Order";
    static final ObjectMapper MAPPER = JsonMappers.create(new ValuesModule());
    static final EventTypes<OrderEvent> TYPES = EventTypes.builder(OrderEvent.class)
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
    static final JacksonEventCodec<OrderEvent> CODEC = JacksonEventCodec.of(TYPES, MAPPER);
    static final StateCodec<Optional<OrderSummary>> SUMMARY_CODEC = new SummaryCodec();

    private static final Money PRICE_A = Money.of("19.99");
    private static final Money PRICE_B = Money.of("5.00");
    private static final Money PRICE_C = Money.of("120.50");

    private OrderEvents() {
    }

    static OrderId orderId(String prefix, int order) {
        return OrderId.of(prefix + "o" + order);
    }

    static StreamId stream(OrderId id) {
        return StreamId.of(CATEGORY, id.value());
    }

    /** Event {@code k} (0..7) of an order's life. */
    static OrderEvent event(OrderId order, int k, Instant at) {
        CustomerId customer = CustomerId.of("c" + Math.floorMod(order.value().hashCode(), 1000));
        OrderLine a = new OrderLine(ProductId.of("p-a"), 1, PRICE_A);
        OrderLine b = new OrderLine(ProductId.of("p-b"), 2, PRICE_B);
        OrderLine c = new OrderLine(ProductId.of("p-c"), 1, PRICE_C);
        Money ab = PRICE_A.plus(PRICE_B.times(2));
        return switch (k) {
            case 0 -> new OrderEvent.OrderCreated(order, customer, List.of(a), PRICE_A, at);
            case 1 -> new OrderEvent.ItemAdded(order, customer, b, ab, at);
            case 2 -> new OrderEvent.ItemAdded(order, customer, c, ab.plus(PRICE_C), at);
            case 3 -> new OrderEvent.ItemRemoved(order, customer, c, ab, at);
            case 4 -> new OrderEvent.OrderConfirmed(order, customer, List.of(a, b), ab, at);
            case 5 -> new OrderEvent.OrderPaid(order, customer, "pay-" + order.value(), ab, at);
            case 6 -> new OrderEvent.OrderReadyToShip(order, customer, at);
            case 7 -> new OrderEvent.OrderShipped(order, customer, "track-" + order.value(), "bench-carrier", at);
            default -> throw new IllegalArgumentException("an order has " + EVENTS_PER_ORDER + " events: " + k);
        };
    }

    static EventData encode(EventIds ids, OrderEvent event) {
        return EventData.of(ids.get(), CODEC.encode(event), Metadata.EMPTY);
    }

    /** The order-summary read model as the order service wires it, writing to {@code store}. */
    static Projection<Optional<OrderSummary>, OrderEvent> summaryProjection(String name, ViewStore<Optional<OrderSummary>> store) {
        return Projection.of(name, new OrderSummaryView(), CODEC, OrderSummaryView::keyOf, store);
    }

    /**
     * Checks a finished replay: one summary per order, and the versions add up to the events written
     * (a complete order is SHIPPED at version 7).
     */
    static void verifySummaries(List<Optional<OrderSummary>> summaries, int orders, int events) {
        long applied = 0;
        int present = 0;
        for (Optional<OrderSummary> summary : summaries) {
            if (summary.isPresent()) {
                present++;
                applied += summary.get().version().value() + 1;
            }
        }
        if (present != orders || applied != events) {
            throw new IllegalStateException("the order-summary view holds " + present + " orders covering " + applied
                    + " events; expected " + orders + " orders and " + events + " events");
        }
    }

    /** Ids as strings, money as a decimal string: the order service's wire shapes. */
    private static final class ValuesModule extends SimpleModule {
        private static final long serialVersionUID = 1L;

        ValuesModule() {
            super("bench-order-values");
            text(OrderId.class, OrderId::value, OrderId::of);
            text(CustomerId.class, CustomerId::value, CustomerId::of);
            text(ProductId.class, ProductId::value, ProductId::of);
            text(Money.class, Money::toString, Money::of);
            addSerializer(StreamVersion.class, new JsonSerializer<>() {
                @Override
                public void serialize(StreamVersion value, JsonGenerator generator, SerializerProvider provider) throws IOException {
                    generator.writeNumber(value.value());
                }
            });
            addDeserializer(StreamVersion.class, new JsonDeserializer<>() {
                @Override
                public StreamVersion deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                    return StreamVersion.of(parser.getLongValue());
                }
            });
        }

        private <T> void text(Class<T> type, Function<T, String> write, Function<String, T> read) {
            addSerializer(type, new JsonSerializer<>() {
                @Override
                public void serialize(T value, JsonGenerator generator, SerializerProvider provider) throws IOException {
                    generator.writeString(write.apply(value));
                }
            });
            addDeserializer(type, new JsonDeserializer<>() {
                @Override
                public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                    return read.apply(parser.getText());
                }
            });
        }
    }

    /** A summary as its JSON; an empty state as zero bytes (as the order service stores it). */
    private static final class SummaryCodec implements StateCodec<Optional<OrderSummary>> {
        @Override
        public int schemaVersion() {
            return 1;
        }

        @Override
        public byte[] encode(Optional<OrderSummary> state) {
            if (state.isEmpty()) {
                return new byte[0];
            }
            try {
                return MAPPER.writeValueAsBytes(state.get());
            } catch (IOException e) {
                throw new IllegalStateException("cannot write an order summary as JSON", e);
            }
        }

        @Override
        public Optional<Optional<OrderSummary>> decode(byte[] bytes) {
            if (bytes.length == 0) {
                return Optional.of(Optional.empty());
            }
            try {
                return Optional.of(Optional.of(MAPPER.readValue(bytes, OrderSummary.class)));
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }
    }
}
