// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.fulfillment;

import dev.annals.example.orders.order.ProductId;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One order's fulfilment: what was asked to be reserved, what the inventory answered, what this
 * process has already sent, and {@code toSend}, the commands decided by the last message (what
 * {@link OrderFulfillment#react} returns). Remembering what was sent is what keeps a repeated
 * message from sending a command twice.
 */
public record FulfillmentState(
        Phase phase,
        Map<ProductId, Integer> requested,
        Set<ProductId> reserved,
        Set<ProductId> rejected,
        Set<ProductId> releaseSent,
        Set<ProductId> released,
        boolean isPaid,
        boolean isRefundSent,
        List<FulfillmentCommand> toSend) {

    public static final FulfillmentState INITIAL = new FulfillmentState(Phase.AWAITING_CONFIRMATION, Map.of(), Set.of(),
            Set.of(), Set.of(), Set.of(), false, false, List.of());

    public FulfillmentState {
        requested = Map.copyOf(requested);
        reserved = Set.copyOf(reserved);
        rejected = Set.copyOf(rejected);
        releaseSent = Set.copyOf(releaseSent);
        released = Set.copyOf(released);
        toSend = List.copyOf(toSend);
    }

    /** Where the workflow stands. */
    public enum Phase {
        /** The order is not confirmed yet: nothing to reserve. */
        AWAITING_CONFIRMATION,
        /** Reservations sent, not all answered. */
        RESERVING,
        /** Every item reserved; MarkReadyToShip sent. */
        READY_TO_SHIP,
        /** A reservation failed; releases and the cancellation sent. */
        COMPENSATING,
        CANCELLED,
        SHIPPED
    }

    /** Reservations sent and not answered yet. */
    public Set<ProductId> outstanding() {
        Set<ProductId> waiting = new HashSet<>(requested.keySet());
        waiting.removeAll(reserved);
        waiting.removeAll(rejected);
        return waiting;
    }

    /** Reserved stock this process has not asked back yet. */
    Set<ProductId> unreleased() {
        Set<ProductId> held = new HashSet<>(reserved);
        held.removeAll(releaseSent);
        return held;
    }

    FulfillmentState with(Phase value, List<FulfillmentCommand> commands) {
        return new FulfillmentState(value, requested, reserved, rejected, releaseSent, released, isPaid, isRefundSent, commands);
    }

    FulfillmentState withRequested(Map<ProductId, Integer> value) {
        return new FulfillmentState(phase, value, reserved, rejected, releaseSent, released, isPaid, isRefundSent, toSend);
    }

    FulfillmentState withReserved(ProductId productId) {
        return new FulfillmentState(phase, requested, plus(reserved, productId), rejected, releaseSent, released, isPaid,
                isRefundSent, toSend);
    }

    FulfillmentState withRejected(ProductId productId) {
        return new FulfillmentState(phase, requested, reserved, plus(rejected, productId), releaseSent, released, isPaid,
                isRefundSent, toSend);
    }

    FulfillmentState withReleaseSent(Set<ProductId> productIds) {
        Set<ProductId> all = new HashSet<>(releaseSent);
        all.addAll(productIds);
        return new FulfillmentState(phase, requested, reserved, rejected, all, released, isPaid, isRefundSent, toSend);
    }

    FulfillmentState withReleased(ProductId productId) {
        return new FulfillmentState(phase, requested, reserved, rejected, releaseSent, plus(released, productId), isPaid,
                isRefundSent, toSend);
    }

    FulfillmentState paid() {
        return new FulfillmentState(phase, requested, reserved, rejected, releaseSent, released, true, isRefundSent, toSend);
    }

    FulfillmentState refundSent() {
        return new FulfillmentState(phase, requested, reserved, rejected, releaseSent, released, isPaid, true, toSend);
    }

    private static Set<ProductId> plus(Set<ProductId> set, ProductId productId) {
        Set<ProductId> copy = new HashSet<>(set);
        copy.add(productId);
        return copy;
    }
}
