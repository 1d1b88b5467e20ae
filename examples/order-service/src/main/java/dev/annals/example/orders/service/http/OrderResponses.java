// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.service.http;

import dev.annals.core.store.StreamVersion;
import dev.annals.example.orders.inventory.InventoryError;
import dev.annals.example.orders.order.OrderError;
import dev.annals.example.orders.order.OrderEvent;
import dev.annals.example.orders.order.OrderLine;
import dev.annals.example.orders.order.OrderState;
import dev.annals.example.orders.inventory.InventoryEvent;
import dev.annals.example.orders.views.customers.CustomerStatistics;
import dev.annals.example.orders.views.details.OrderDetails;
import dev.annals.example.orders.views.details.OrderDetailsView;
import dev.annals.example.orders.views.history.OrderHistory;
import dev.annals.example.orders.views.inventory.InventoryLevel;
import dev.annals.example.orders.views.shipping.ShippedOrder;
import dev.annals.example.orders.views.summary.OrderSummary;
import dev.annals.server.ApiError;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Domain outcomes and read models as HTTP answers, in one place. Rejections map exhaustively:
 * {@code order_not_found} is a 404, every other broken rule a 422 with the rule's stable code and
 * the facts of the rejection as details. Money is always a decimal string, times ISO-8601 UTC.
 */
public final class OrderResponses {
    private OrderResponses() {
    }

    public static ApiError rejection(OrderError error) {
        return switch (error) {
            case OrderError.OrderNotFound e -> new ApiError(404, e.code(), "order " + e.orderId() + " does not exist",
                    details("orderId", e.orderId().value()));
            case OrderError.OrderAlreadyExists e -> rule(e.code(), "order " + e.orderId() + " already exists",
                    details("orderId", e.orderId().value()));
            case OrderError.OrderHasNoItems e -> rule(e.code(), "an order needs at least one item",
                    details("orderId", e.orderId().value()));
            case OrderError.TooManyProducts e -> rule(e.code(), "an order holds at most " + e.maximum() + " distinct products",
                    details("maximum", e.maximum(), "requested", e.requested()));
            case OrderError.ProductAlreadyInOrder e -> rule(e.code(), "product " + e.productId() + " is already in the order",
                    details("productId", e.productId().value()));
            case OrderError.InvalidQuantity e -> rule(e.code(), "quantity must be " + OrderLine.MIN_QUANTITY + ".."
                    + OrderLine.MAX_QUANTITY, details("productId", e.productId().value(), "quantity", e.quantity()));
            case OrderError.TotalTooLarge e -> rule(e.code(), "the order's total would be too large",
                    details("orderId", e.orderId().value()));
            case OrderError.OrderNotPending e -> rule(e.code(), "the order is " + e.status() + ", not PENDING",
                    details("orderId", e.orderId().value(), "status", e.status().name()));
            case OrderError.ProductNotInOrder e -> rule(e.code(), "product " + e.productId() + " is not in the order",
                    details("productId", e.productId().value()));
            case OrderError.CannotRemoveLastItem e -> rule(e.code(), "the last item of an order cannot be removed",
                    details("productId", e.productId().value()));
            case OrderError.OrderNotPayable e -> rule(e.code(), "an order is paid only when CONFIRMED or READY_TO_SHIP; it is "
                    + e.status(), details("orderId", e.orderId().value(), "status", e.status().name()));
            case OrderError.PaymentAlreadyRecorded e -> rule(e.code(), "the order is already paid",
                    details("orderId", e.orderId().value(), "paymentId", e.paymentId()));
            case OrderError.OrderNotReadyToShip e -> rule(e.code(), "an order ships only when READY_TO_SHIP; it is " + e.status(),
                    details("orderId", e.orderId().value(), "status", e.status().name()));
            case OrderError.OrderNotPaid e -> rule(e.code(), "the order is not paid", details("orderId", e.orderId().value()));
            case OrderError.OrderAlreadyShipped e -> rule(e.code(), "the order has shipped",
                    details("orderId", e.orderId().value()));
            case OrderError.OrderAlreadyCancelled e -> rule(e.code(), "the order is cancelled",
                    details("orderId", e.orderId().value()));
            case OrderError.OrderNotConfirmed e -> rule(e.code(), "the order is " + e.status() + ", not CONFIRMED",
                    details("orderId", e.orderId().value(), "status", e.status().name()));
            case OrderError.OrderNotCancelled e -> rule(e.code(), "the order is " + e.status() + ", not CANCELLED",
                    details("orderId", e.orderId().value(), "status", e.status().name()));
            case OrderError.RefundAlreadyRecorded e -> rule(e.code(), "the order was refunded already",
                    details("orderId", e.orderId().value()));
            case OrderError.TotalUnchanged e -> rule(e.code(), "the corrected total equals the current total " + e.total(),
                    details("orderId", e.orderId().value(), "total", e.total().toString()));
            case OrderError.ValueRequired e -> rule(e.code(), e.field() + " must not be blank", details("field", e.field()));
        };
    }

    public static ApiError rejection(InventoryError error) {
        return switch (error) {
            case InventoryError.InvalidQuantity e -> rule(e.code(), "invalid quantity " + e.quantity(),
                    details("productId", e.productId().value(), "quantity", e.quantity()));
            case InventoryError.InsufficientStock e -> rule(e.code(), "only " + e.available() + " available",
                    details("productId", e.productId().value(), "requested", e.requested(), "available", e.available()));
            case InventoryError.AlreadyReservedForOrder e -> rule(e.code(), "the order already holds " + e.reserved(),
                    details("productId", e.productId().value(), "orderId", e.orderId().value(), "reserved", e.reserved()));
            case InventoryError.StockLimitExceeded e -> rule(e.code(), "on-hand stock would exceed " + e.limit(),
                    details("productId", e.productId().value(), "limit", e.limit()));
        };
    }

    /** The event's name in command answers ({@code "OrderCreated"}). */
    public static String typeOf(OrderEvent event) {
        return OrderDetailsView.typeOf(event);
    }

    public static String typeOf(InventoryEvent event) {
        return switch (event) {
            case InventoryEvent.StockAdded e -> "StockAdded";
            case InventoryEvent.StockReserved e -> "StockReserved";
            case InventoryEvent.StockReleased e -> "StockReleased";
            case InventoryEvent.StockDepleted e -> "StockDepleted";
        };
    }

    /**
     * GET /api/orders/{id}. A record per JSON object (field order is the components' order, nulls are
     * written): Jackson binds a writer per field once, where a Map answer looks up a serializer per
     * value and allocates a map per object; times go through the mapper's ISO instant writer.
     */
    public static Object details(OrderDetails d) {
        return new DetailsBody(d.orderId().value(), d.customerId().value(), d.status().name(),
                d.items().stream().map(i -> new ItemBody(i.productId().value(), i.quantity(), i.unitPrice().toString(),
                        i.lineTotal().toString())).toList(),
                d.total().toString(), d.isPaid(),
                d.payment() == null ? null : new PaymentBody(d.payment().paymentId(), d.payment().amount().toString(),
                        d.payment().paidAt()),
                d.shipping() == null ? null : new ShippingBody(d.shipping().trackingNumber(), d.shipping().carrier(),
                        d.shipping().shippedAt()),
                d.cancellation() == null ? null : new CancellationBody(d.cancellation().reason(),
                        d.cancellation().cancelledAt()),
                d.refund() == null ? null : new RefundBody(d.refund().amount().toString(), d.refund().reason(),
                        d.refund().refundedAt()),
                d.timeline().stream().map(t -> new TimelineBody(t.type(), t.version().value(), t.position().value(),
                        t.timestamp(), t.description())).toList(),
                d.createdAt(), d.updatedAt(), d.version().value());
    }

    record DetailsBody(String orderId, String customerId, String status, List<ItemBody> items, String total, boolean paid,
                       @Nullable PaymentBody payment, @Nullable ShippingBody shipping,
                       @Nullable CancellationBody cancellation, @Nullable RefundBody refund, List<TimelineBody> timeline,
                       Instant createdAt, Instant updatedAt, long version) {}

    record ItemBody(String productId, int quantity, String unitPrice, String lineTotal) {}

    record PaymentBody(String paymentId, String amount, Instant paidAt) {}

    record ShippingBody(String trackingNumber, String carrier, Instant shippedAt) {}

    record CancellationBody(String reason, Instant cancelledAt) {}

    record RefundBody(String amount, String reason, Instant refundedAt) {}

    record TimelineBody(String type, long version, long position, Instant timestamp, String description) {}

    public static Map<String, Object> summary(OrderSummary s) {
        return object("orderId", s.orderId().value(), "customerId", s.customerId().value(), "status", s.status().name(),
                "itemCount", s.itemCount(), "total", s.total().toString(), "createdAt", time(s.createdAt()),
                "updatedAt", time(s.updatedAt()), "version", s.version().value());
    }

    public static List<Map<String, Object>> history(OrderHistory history) {
        return history.changes().stream().map(c -> object("status", c.status().name(), "version", c.version().value(),
                "timestamp", time(c.timestamp()))).toList();
    }

    public static Map<String, Object> statistics(CustomerStatistics s) {
        Map<String, Object> byStatus = new LinkedHashMap<>();
        s.byStatus().forEach((status, count) -> byStatus.put(status.name(), count));
        return object("customerId", s.customerId().value(), "orderCount", s.orderCount(), "byStatus", byStatus,
                "totalSpent", s.totalSpent().toString(), "averageOrderValue", s.averageOrderValue().toString(),
                "lastOrderAt", s.lastOrderAt() == null ? null : time(s.lastOrderAt()));
    }

    public static Map<String, Object> shipped(ShippedOrder s) {
        return object("orderId", s.orderId().value(), "customerId", s.customerId().value(), "itemCount", s.itemCount(),
                "total", s.total().toString(), "trackingNumber", s.trackingNumber(), "carrier", s.carrier(),
                "shippedAt", s.shippedAt() == null ? null : time(s.shippedAt()), "version", s.version().value());
    }

    public static Map<String, Object> inventory(InventoryLevel level) {
        return object("productId", level.productId().value(), "onHand", level.onHand(), "reserved", level.reserved(),
                "available", level.available(), "version", level.version().value());
    }

    /** A folded order state (temporal queries): what the decider knew, at the version it was folded to. */
    public static Map<String, Object> state(OrderState.Created s, StreamVersion version, Instant recordedAt) {
        Map<String, Object> state = object("status", s.status().name(), "customerId", s.customerId().value(),
                "items", s.lines().stream().map(l -> object("productId", l.productId().value(), "quantity", l.quantity(),
                        "unitPrice", l.unitPrice().toString(), "lineTotal", l.lineTotal().toString())).toList(),
                "total", s.total().toString(), "paid", s.isPaid(), "paymentId", s.paymentId(),
                "paidAmount", s.paidAmount() == null ? null : s.paidAmount().toString(), "refunded", s.isRefunded());
        return object("orderId", s.orderId().value(), "version", version.value(), "recordedAt", time(recordedAt),
                "state", state);
    }

    private static ApiError rule(String code, String message, Map<String, Object> details) {
        return ApiError.rejected(code, message, details);
    }

    private static String time(Instant instant) {
        return instant.toString();
    }

    /** Key-value pairs in order; null values are kept (written as JSON null). */
    static Map<String, Object> object(@Nullable Object... keysAndValues) {
        Map<String, Object> json = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            json.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return json;
    }

    private static Map<String, Object> details(@Nullable Object... keysAndValues) {
        return object(keysAndValues);
    }
}
