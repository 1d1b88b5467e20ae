// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.fulfillment;

import dev.annals.core.process.ProcessManager;
import dev.annals.example.orders.fulfillment.FulfillmentCommand.ToInventory;
import dev.annals.example.orders.fulfillment.FulfillmentCommand.ToOrder;
import dev.annals.example.orders.fulfillment.FulfillmentMessage.OrderCancelled;
import dev.annals.example.orders.fulfillment.FulfillmentMessage.OrderConfirmed;
import dev.annals.example.orders.fulfillment.FulfillmentMessage.OrderPaid;
import dev.annals.example.orders.fulfillment.FulfillmentMessage.OrderShipped;
import dev.annals.example.orders.fulfillment.FulfillmentMessage.ReservationRejected;
import dev.annals.example.orders.fulfillment.FulfillmentMessage.StockReleased;
import dev.annals.example.orders.fulfillment.FulfillmentMessage.StockReserved;
import dev.annals.example.orders.fulfillment.FulfillmentState.Phase;
import dev.annals.example.orders.inventory.InventoryCommand.ReleaseStock;
import dev.annals.example.orders.inventory.InventoryCommand.ReserveStock;
import dev.annals.example.orders.order.OrderCommand.CancelOrder;
import dev.annals.example.orders.order.OrderCommand.MarkReadyToShip;
import dev.annals.example.orders.order.OrderCommand.RefundOrder;
import dev.annals.example.orders.order.OrderId;
import dev.annals.example.orders.order.OrderLine;
import dev.annals.example.orders.order.ProductId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/*
 * Workflow
 * --------
 * OrderConfirmed          -> ReserveStock for every line                         (RESERVING)
 * StockReserved, all in   -> MarkReadyToShip                                     (READY_TO_SHIP)
 * ReservationRejected     -> ReleaseStock for each reserved product, CancelOrder
 *                            with the rejection code as reason                    (COMPENSATING)
 * StockReserved late      -> when COMPENSATING or CANCELLED, release it at once
 * OrderCancelled          -> release everything reserved and not yet released;
 *                            RefundOrder when the order was paid                  (CANCELLED)
 * OrderShipped            -> done                                                 (SHIPPED)
 *
 * Exactly once per situation: evolve decides the commands and records them as sent in the same
 * state (releaseSent, isRefundSent, the phase), and react returns state.toSend(). A repeated
 * message finds the situation already handled and decides nothing, so a runner that redelivers
 * after a crash between "state saved" and "commands sent" must send the saved toSend itself.
 *
 * Time: every command carries the at of the message that provoked it.
 */

/** The OrderFulfillment process manager, one instance per order. Pure. */
public final class OrderFulfillment implements ProcessManager<FulfillmentState, FulfillmentMessage, FulfillmentCommand> {
    /** The cancellation reason when stock ran out, and the code the inventory rejects with. */
    public static final String INSUFFICIENT_STOCK = "insufficient_stock";

    @Override
    public FulfillmentState initialState() {
        return FulfillmentState.INITIAL;
    }

    @Override
    public String instanceId(FulfillmentMessage message) {
        return message.orderId().value();
    }

    @Override
    public FulfillmentState evolve(FulfillmentState state, FulfillmentMessage message) {
        FulfillmentState quiet = state.with(state.phase(), List.of());
        return switch (message) {
            case OrderConfirmed m -> onConfirmed(quiet, m);
            case StockReserved m -> onReserved(quiet, m);
            case ReservationRejected m -> onRejected(quiet, m);
            case StockReleased m -> quiet.withReleased(m.productId());
            case OrderPaid m -> onPaid(quiet, m);
            case OrderCancelled m -> onCancelled(quiet, m);
            case OrderShipped m -> quiet.with(Phase.SHIPPED, List.of());
        };
    }

    @Override
    public List<FulfillmentCommand> react(FulfillmentState state, FulfillmentMessage message) {
        return state.toSend();
    }

    /** Shipped; or cancelled with no reservation outstanding, all stock asked back and any payment refunded. */
    @Override
    public boolean isFinished(FulfillmentState state) {
        return switch (state.phase()) {
            case SHIPPED -> true;
            case CANCELLED -> state.outstanding().isEmpty() && state.unreleased().isEmpty()
                    && (!state.isPaid() || state.isRefundSent());
            case AWAITING_CONFIRMATION, RESERVING, READY_TO_SHIP, COMPENSATING -> false;
        };
    }

    private static FulfillmentState onConfirmed(FulfillmentState state, OrderConfirmed m) {
        if (state.phase() != Phase.AWAITING_CONFIRMATION) {
            return state;
        }
        Map<ProductId, Integer> requested = new LinkedHashMap<>();
        List<FulfillmentCommand> reserve = new ArrayList<>();
        for (OrderLine line : m.lines()) {
            requested.put(line.productId(), line.quantity());
            reserve.add(new ToInventory(new ReserveStock(line.productId(), m.orderId(), line.quantity(), m.at())));
        }
        return state.withRequested(requested).with(Phase.RESERVING, reserve);
    }

    private static FulfillmentState onReserved(FulfillmentState state, StockReserved m) {
        if (state.reserved().contains(m.productId())) {
            return state;
        }
        FulfillmentState reserved = state.withReserved(m.productId());
        return switch (reserved.phase()) {
            case RESERVING -> reserved.reserved().containsAll(reserved.requested().keySet())
                    ? reserved.with(Phase.READY_TO_SHIP, List.of(new ToOrder(new MarkReadyToShip(m.orderId(), m.at()))))
                    : reserved;
            case COMPENSATING, CANCELLED -> releaseAll(reserved, m.orderId(), m.at(), List.of());
            case AWAITING_CONFIRMATION, READY_TO_SHIP, SHIPPED -> reserved;
        };
    }

    private static FulfillmentState onRejected(FulfillmentState state, ReservationRejected m) {
        FulfillmentState rejected = state.withRejected(m.productId());
        return switch (rejected.phase()) {
            case RESERVING -> releaseAll(rejected.with(Phase.COMPENSATING, List.of()), m.orderId(), m.at(),
                    List.of(new ToOrder(new CancelOrder(m.orderId(), m.code(), m.at()))));
            case AWAITING_CONFIRMATION, READY_TO_SHIP, COMPENSATING, CANCELLED, SHIPPED -> rejected;
        };
    }

    private static FulfillmentState onPaid(FulfillmentState state, OrderPaid m) {
        FulfillmentState paid = state.paid();
        return paid.phase() == Phase.CANCELLED ? refundOnce(paid, m.orderId(), "order_cancelled", m.at()) : paid;
    }

    private static FulfillmentState onCancelled(FulfillmentState state, OrderCancelled m) {
        return switch (state.phase()) {
            case CANCELLED, SHIPPED -> state;
            case AWAITING_CONFIRMATION, RESERVING, READY_TO_SHIP, COMPENSATING -> {
                FulfillmentState released = releaseAll(state.with(Phase.CANCELLED, List.of()), m.orderId(), m.at(), List.of());
                yield refundOnce(released, m.orderId(), m.reason(), m.at());
            }
        };
    }

    /** Adds a ReleaseStock for every reserved product not asked back yet (by product id), then {@code after}. */
    private static FulfillmentState releaseAll(FulfillmentState state, OrderId orderId, Instant at, List<FulfillmentCommand> after) {
        Set<ProductId> toRelease = state.unreleased();
        List<FulfillmentCommand> commands = new ArrayList<>(state.toSend());
        toRelease.stream().sorted().forEach(p -> commands.add(new ToInventory(new ReleaseStock(p, orderId, at))));
        commands.addAll(after);
        return state.withReleaseSent(toRelease).with(state.phase(), commands);
    }

    private static FulfillmentState refundOnce(FulfillmentState state, OrderId orderId, String reason, Instant at) {
        if (!state.isPaid() || state.isRefundSent()) {
            return state;
        }
        List<FulfillmentCommand> commands = new ArrayList<>(state.toSend());
        commands.add(new ToOrder(new RefundOrder(orderId, reason, at)));
        return state.refundSent().with(state.phase(), commands);
    }
}
