// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.fulfillment;

import dev.annals.example.orders.inventory.InventoryCommand.ReserveStock;
import dev.annals.example.orders.inventory.InventoryError;
import dev.annals.example.orders.inventory.InventoryEvent;
import dev.annals.example.orders.order.OrderEvent;
import dev.annals.example.orders.order.OrderId;
import dev.annals.example.orders.order.OrderLine;
import dev.annals.example.orders.order.ProductId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What one fulfilment instance hears, keyed by order: the order and inventory events it follows,
 * and {@link ReservationRejected}, which the runner makes from a rejected {@link ReserveStock}
 * (a rejection records no event). {@code at} is when the heard fact happened; commands sent in
 * answer carry it.
 */
public sealed interface FulfillmentMessage {
    OrderId orderId();

    Instant at();

    record OrderConfirmed(OrderId orderId, List<OrderLine> lines, Instant at) implements FulfillmentMessage {
        public OrderConfirmed {
            lines = List.copyOf(lines);
        }
    }

    record OrderPaid(OrderId orderId, Instant at) implements FulfillmentMessage {}

    record OrderShipped(OrderId orderId, Instant at) implements FulfillmentMessage {}

    record OrderCancelled(OrderId orderId, String reason, Instant at) implements FulfillmentMessage {}

    record StockReserved(OrderId orderId, ProductId productId, int quantity, Instant at) implements FulfillmentMessage {}

    record StockReleased(OrderId orderId, ProductId productId, int quantity, Instant at) implements FulfillmentMessage {}

    /** A {@link ReserveStock} for this order was rejected with {@code code} (e.g. {@code insufficient_stock}). */
    record ReservationRejected(OrderId orderId, ProductId productId, String code, Instant at) implements FulfillmentMessage {}

    /** The message an order event means to the process, or empty when it does not care. */
    static Optional<FulfillmentMessage> from(OrderEvent event) {
        return switch (event) {
            case OrderEvent.OrderConfirmed e -> Optional.of(new OrderConfirmed(e.orderId(), e.lines(), e.at()));
            case OrderEvent.OrderPaid e -> Optional.of(new OrderPaid(e.orderId(), e.at()));
            case OrderEvent.OrderShipped e -> Optional.of(new OrderShipped(e.orderId(), e.at()));
            case OrderEvent.OrderCancelled e -> Optional.of(new OrderCancelled(e.orderId(), e.reason(), e.at()));
            case OrderEvent.OrderCreated e -> Optional.empty();
            case OrderEvent.ItemAdded e -> Optional.empty();
            case OrderEvent.ItemRemoved e -> Optional.empty();
            case OrderEvent.OrderReadyToShip e -> Optional.empty();
            case OrderEvent.OrderRefunded e -> Optional.empty();
            case OrderEvent.OrderTotalCorrected e -> Optional.empty();
        };
    }

    /** The message an inventory event means to the process, or empty when it does not care. */
    static Optional<FulfillmentMessage> from(InventoryEvent event) {
        return switch (event) {
            case InventoryEvent.StockReserved e -> Optional.of(new StockReserved(e.orderId(), e.productId(), e.quantity(), e.at()));
            case InventoryEvent.StockReleased e -> Optional.of(new StockReleased(e.orderId(), e.productId(), e.quantity(), e.at()));
            case InventoryEvent.StockAdded e -> Optional.empty();
            case InventoryEvent.StockDepleted e -> Optional.empty();
        };
    }

    /** What the runner hands back when the inventory rejected a reservation this process sent. */
    static ReservationRejected reservationRejected(ReserveStock command, InventoryError error) {
        return new ReservationRejected(command.orderId(), command.productId(), error.code(), command.at());
    }
}
