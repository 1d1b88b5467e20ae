// SPDX-License-Identifier: Apache-2.0
package dev.annals.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.core.event.DecodeResult;
import dev.annals.core.event.SerializedEvent;
import dev.annals.example.orders.inventory.InventoryEvent;
import dev.annals.example.orders.order.CustomerId;
import dev.annals.example.orders.order.Money;
import dev.annals.example.orders.order.OrderEvent;
import dev.annals.example.orders.order.OrderId;
import dev.annals.example.orders.order.OrderLine;
import dev.annals.example.orders.order.OrderStatus;
import dev.annals.example.orders.order.ProductId;
import dev.annals.example.orders.service.json.OrderCodecs;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The demo stores what the order service stores (it uses the service's {@link OrderCodecs}): every
 * event type survives the trip under its versioned wire name, ids and money are written as strings.
 */
class DemoWireFormatTest {
    private static final OrderId ORDER = OrderId.of("1001");
    private static final CustomerId CUSTOMER = CustomerId.of("alice");
    private static final ProductId APPLE = ProductId.of("apple");
    private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");
    private static final List<OrderLine> LINES = List.of(new OrderLine(APPLE, 2, Money.of("1.50")));

    private final OrderCodecs codecs = new OrderCodecs();

    @Test
    void writesAndReadsEveryOrderEvent() {
        List<OrderEvent> events = List.of(
                new OrderEvent.OrderCreated(ORDER, CUSTOMER, LINES, Money.of("3.00"), AT),
                new OrderEvent.ItemAdded(ORDER, CUSTOMER, LINES.getFirst(), Money.of("3.00"), AT),
                new OrderEvent.ItemRemoved(ORDER, CUSTOMER, LINES.getFirst(), Money.of("0.00"), AT),
                new OrderEvent.OrderConfirmed(ORDER, CUSTOMER, LINES, Money.of("3.00"), AT),
                new OrderEvent.OrderReadyToShip(ORDER, CUSTOMER, AT),
                new OrderEvent.OrderPaid(ORDER, CUSTOMER, "pay-1", Money.of("3.00"), AT),
                new OrderEvent.OrderShipped(ORDER, CUSTOMER, "T-1", "DHL", AT),
                new OrderEvent.OrderCancelled(ORDER, CUSTOMER, "why", OrderStatus.CONFIRMED, AT),
                new OrderEvent.OrderRefunded(ORDER, CUSTOMER, Money.of("3.00"), "why", AT),
                new OrderEvent.OrderTotalCorrected(ORDER, CUSTOMER, Money.of("3.00"), Money.of("2.99"), "why", AT));
        assertThat(events).hasSize(OrderEvent.class.getPermittedSubclasses().length);
        for (OrderEvent event : events) {
            SerializedEvent written = codecs.orderEvents().encode(event);
            assertThat(written.wireName()).isEqualTo("orders." + event.getClass().getSimpleName() + ".v1");
            assertThat(codecs.orderEvents().decode(written)).isEqualTo(new DecodeResult.Decoded<>(event));
        }
    }

    @Test
    void writesAndReadsEveryInventoryEvent() {
        List<InventoryEvent> events = List.of(
                new InventoryEvent.StockAdded(APPLE, 5, AT), new InventoryEvent.StockReserved(APPLE, ORDER, 2, AT),
                new InventoryEvent.StockReleased(APPLE, ORDER, 2, AT), new InventoryEvent.StockDepleted(APPLE, AT));
        assertThat(events).hasSize(InventoryEvent.class.getPermittedSubclasses().length);
        for (InventoryEvent event : events) {
            SerializedEvent written = codecs.inventoryEvents().encode(event);
            assertThat(written.wireName()).isEqualTo("inventory." + event.getClass().getSimpleName() + ".v1");
            assertThat(codecs.inventoryEvents().decode(written)).isEqualTo(new DecodeResult.Decoded<>(event));
        }
    }

    @Test
    void writesIdsAndMoneyAsStrings() {
        String json = new String(codecs.orderEvents().encode(new OrderEvent.OrderPaid(ORDER, CUSTOMER, "pay-1", Money.of("19.90"), AT))
                .data(), StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("{\"orderId\":\"1001\",\"customerId\":\"alice\",\"paymentId\":\"pay-1\",\"amount\":\"19.90\","
                + "\"at\":\"2026-03-01T10:00:00Z\"}");
    }

    @Test
    void refusesMoneyWithThreeFractionDigits() {
        byte[] data = ("{\"orderId\":\"1001\",\"customerId\":\"alice\",\"paymentId\":\"pay-1\",\"amount\":\"19.999\","
                + "\"at\":\"2026-03-01T10:00:00Z\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(codecs.orderEvents().decode(new SerializedEvent("orders.OrderPaid", 1, data)))
                .isInstanceOf(DecodeResult.Malformed.class);
    }
}
