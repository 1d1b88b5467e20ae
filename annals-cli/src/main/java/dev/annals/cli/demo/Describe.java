// SPDX-License-Identifier: Apache-2.0
package dev.annals.cli.demo;

import dev.annals.core.decider.HandleResult;
import dev.annals.example.orders.inventory.InventoryCommand;
import dev.annals.example.orders.order.OrderCommand;
import dev.annals.example.orders.order.OrderLine;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/** One-line, human-readable texts for the demo's commands and their outcomes. */
final class Describe {
    private Describe() {
    }

    static String command(OrderCommand command) {
        return switch (command) {
            case OrderCommand.CreateOrder c -> "CreateOrder " + c.orderId() + " for " + c.customerId() + ": " + lines(c.lines());
            case OrderCommand.AddItem c -> "AddItem " + line(c.line()) + " to " + c.orderId();
            case OrderCommand.RemoveItem c -> "RemoveItem " + c.productId() + " from " + c.orderId();
            case OrderCommand.ConfirmOrder c -> "ConfirmOrder " + c.orderId();
            case OrderCommand.PayOrder c -> "PayOrder " + c.orderId() + " (payment " + c.paymentId() + ")";
            case OrderCommand.ShipOrder c -> "ShipOrder " + c.orderId() + " with " + c.carrier() + ", tracking " + c.trackingNumber();
            case OrderCommand.CancelOrder c -> "CancelOrder " + c.orderId() + " (reason: " + c.reason() + ")";
            case OrderCommand.CorrectTotal c -> "CorrectTotal of " + c.orderId() + " to " + c.correctedTotal() + " (" + c.reason() + ")";
            case OrderCommand.MarkReadyToShip c -> "MarkReadyToShip " + c.orderId();
            case OrderCommand.RefundOrder c -> "RefundOrder " + c.orderId() + " (reason: " + c.reason() + ")";
        };
    }

    static String command(InventoryCommand command) {
        return switch (command) {
            case InventoryCommand.AddStock c -> "AddStock " + c.quantity() + " x " + c.productId();
            case InventoryCommand.ReserveStock c -> "ReserveStock " + c.quantity() + " x " + c.productId() + " for " + c.orderId();
            case InventoryCommand.ReleaseStock c -> "ReleaseStock " + c.productId() + " held by " + c.orderId();
        };
    }

    /** The outcome of one command; {@code codeOf} gives a rejection's stable code. */
    static <E, X> String outcome(HandleResult<E, X> result, Function<X, String> codeOf) {
        return switch (result) {
            case HandleResult.Accepted<E, X> a -> "accepted: " + a.stream() + " v" + a.version() + " @" + a.position() + " "
                    + a.events().stream().map(e -> e.getClass().getSimpleName()).toList();
            case HandleResult.Unchanged<E, X> u -> "accepted, nothing new to record (" + u.stream() + ")";
            case HandleResult.Rejected<E, X> r -> "REJECTED " + codeOf.apply(r.reason()) + ": " + r.reason();
            case HandleResult.WrongExpectedVersion<E, X> w -> "wrong expected version on " + w.stream() + ": expected "
                    + w.expected() + ", actual " + w.actual();
            case HandleResult.Conflict<E, X> c -> "conflict on " + c.stream() + " after " + c.attempts() + " attempts";
            case HandleResult.IdempotencyKeyReused<E, X> k -> "idempotency key reused: " + k.key();
            case HandleResult.StorageFailed<E, X> f -> "storage failed (" + f.failure().kind() + "): " + f.failure().detail();
        };
    }

    static String lines(List<OrderLine> lines) {
        return lines.stream().map(Describe::line).collect(Collectors.joining(", "));
    }

    static String line(OrderLine line) {
        return line.quantity() + " x " + line.productId() + " at " + line.unitPrice();
    }
}
