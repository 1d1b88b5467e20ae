// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.order;

import static dev.annals.core.decider.Decision.accept;
import static dev.annals.core.decider.Decision.reject;

import dev.annals.core.decider.Decider;
import dev.annals.core.decider.Decision;
import dev.annals.example.orders.order.OrderCommand.AddItem;
import dev.annals.example.orders.order.OrderCommand.CancelOrder;
import dev.annals.example.orders.order.OrderCommand.ConfirmOrder;
import dev.annals.example.orders.order.OrderCommand.CorrectTotal;
import dev.annals.example.orders.order.OrderCommand.CreateOrder;
import dev.annals.example.orders.order.OrderCommand.MarkReadyToShip;
import dev.annals.example.orders.order.OrderCommand.PayOrder;
import dev.annals.example.orders.order.OrderCommand.RefundOrder;
import dev.annals.example.orders.order.OrderCommand.RemoveItem;
import dev.annals.example.orders.order.OrderCommand.ShipOrder;
import dev.annals.example.orders.order.OrderError.CannotRemoveLastItem;
import dev.annals.example.orders.order.OrderError.InvalidQuantity;
import dev.annals.example.orders.order.OrderError.OrderAlreadyCancelled;
import dev.annals.example.orders.order.OrderError.OrderAlreadyExists;
import dev.annals.example.orders.order.OrderError.OrderAlreadyShipped;
import dev.annals.example.orders.order.OrderError.OrderHasNoItems;
import dev.annals.example.orders.order.OrderError.OrderNotCancelled;
import dev.annals.example.orders.order.OrderError.OrderNotConfirmed;
import dev.annals.example.orders.order.OrderError.OrderNotFound;
import dev.annals.example.orders.order.OrderError.OrderNotPaid;
import dev.annals.example.orders.order.OrderError.OrderNotPayable;
import dev.annals.example.orders.order.OrderError.OrderNotPending;
import dev.annals.example.orders.order.OrderError.OrderNotReadyToShip;
import dev.annals.example.orders.order.OrderError.PaymentAlreadyRecorded;
import dev.annals.example.orders.order.OrderError.ProductAlreadyInOrder;
import dev.annals.example.orders.order.OrderError.ProductNotInOrder;
import dev.annals.example.orders.order.OrderError.RefundAlreadyRecorded;
import dev.annals.example.orders.order.OrderError.TooManyProducts;
import dev.annals.example.orders.order.OrderError.TotalTooLarge;
import dev.annals.example.orders.order.OrderError.TotalUnchanged;
import dev.annals.example.orders.order.OrderError.ValueRequired;
import dev.annals.example.orders.order.OrderEvent.ItemAdded;
import dev.annals.example.orders.order.OrderEvent.ItemRemoved;
import dev.annals.example.orders.order.OrderEvent.OrderCancelled;
import dev.annals.example.orders.order.OrderEvent.OrderConfirmed;
import dev.annals.example.orders.order.OrderEvent.OrderCreated;
import dev.annals.example.orders.order.OrderEvent.OrderPaid;
import dev.annals.example.orders.order.OrderEvent.OrderReadyToShip;
import dev.annals.example.orders.order.OrderEvent.OrderRefunded;
import dev.annals.example.orders.order.OrderEvent.OrderShipped;
import dev.annals.example.orders.order.OrderEvent.OrderTotalCorrected;
import dev.annals.example.orders.order.OrderState.Created;
import dev.annals.example.orders.order.OrderState.NotCreated;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/*
 * Rules
 * -----
 * Created with 1..10 distinct products, quantity 1..1000 (unit prices cannot be negative: Money is
 * not). Items are added or removed only while PENDING; at most 10 distinct products; a product
 * already in the order is not added again; the last item is not removed. Confirm only from PENDING.
 * Pay once, only from CONFIRMED or READY_TO_SHIP; the amount is the total at that moment. Ship only
 * from READY_TO_SHIP and paid. Cancel from any status but SHIPPED and CANCELLED. A correction
 * (any status but CANCELLED) must change the total and give a reason; OrderCreated stays untouched.
 *
 * Totals: adding or removing a line moves the current total by the line's total, so a correction's
 * adjustment survives later item changes; a removal never takes the total below zero.
 *
 * Check order, when several rules are broken at once: existence, then status, then the command's
 * own data. A client learns first what no retry with other data can fix.
 */

/** The Order boundary: pure decisions over one order's history. */
public final class OrderDecider implements Decider<OrderCommand, OrderState, OrderEvent, OrderError> {
    public static final int MAX_PRODUCTS = 10;

    @Override
    public OrderState initialState() {
        return new NotCreated();
    }

    @Override
    public Decision<OrderEvent, OrderError> decide(OrderCommand command, OrderState state) {
        return switch (command) {
            case CreateOrder c -> create(c, state);
            case AddItem c -> addItem(c, state);
            case RemoveItem c -> removeItem(c, state);
            case ConfirmOrder c -> confirm(c, state);
            case PayOrder c -> pay(c, state);
            case ShipOrder c -> ship(c, state);
            case CancelOrder c -> cancel(c, state);
            case CorrectTotal c -> correctTotal(c, state);
            case MarkReadyToShip c -> markReadyToShip(c, state);
            case RefundOrder c -> refund(c, state);
        };
    }

    @Override
    public OrderState evolve(OrderState state, OrderEvent event) {
        return switch (event) {
            case OrderCreated e -> new Created(e.orderId(), e.customerId(), OrderStatus.PENDING, e.lines(), e.total(),
                    null, null, false);
            case ItemAdded e -> created(state, e).withLines(append(created(state, e).lines(), e.line()), e.total());
            case ItemRemoved e -> created(state, e).withLines(without(created(state, e).lines(), e.line().productId()), e.total());
            case OrderConfirmed e -> created(state, e).withStatus(OrderStatus.CONFIRMED);
            case OrderReadyToShip e -> created(state, e).withStatus(OrderStatus.READY_TO_SHIP);
            case OrderPaid e -> created(state, e).withPayment(e.paymentId(), e.amount());
            case OrderShipped e -> created(state, e).withStatus(OrderStatus.SHIPPED);
            case OrderCancelled e -> created(state, e).withStatus(OrderStatus.CANCELLED);
            case OrderRefunded e -> created(state, e).refunded();
            case OrderTotalCorrected e -> created(state, e).withTotal(e.correctedTotal());
        };
    }

    /** Cancelled with nothing left to refund: no command is accepted any more. */
    @Override
    public boolean isTerminal(OrderState state) {
        return switch (state) {
            case NotCreated s -> false;
            case Created s -> s.status() == OrderStatus.CANCELLED && (!s.isPaid() || s.isRefunded());
        };
    }

    private static Decision<OrderEvent, OrderError> create(CreateOrder c, OrderState state) {
        return switch (state) {
            case Created s -> reject(new OrderAlreadyExists(c.orderId()));
            case NotCreated s -> {
                Optional<OrderError> invalid = checkNewLines(c);
                if (invalid.isPresent()) {
                    yield reject(invalid.get());
                }
                Optional<Money> total = sum(Money.ZERO, c.lines());
                yield total.<Decision<OrderEvent, OrderError>>map(
                                t -> accept(new OrderCreated(c.orderId(), c.customerId(), c.lines(), t, c.at())))
                        .orElseGet(() -> reject(new TotalTooLarge(c.orderId())));
            }
        };
    }

    private static Optional<OrderError> checkNewLines(CreateOrder c) {
        if (c.lines().isEmpty()) {
            return Optional.of(new OrderHasNoItems(c.orderId()));
        }
        Set<ProductId> seen = new HashSet<>();
        for (OrderLine line : c.lines()) {
            if (!seen.add(line.productId())) {
                return Optional.of(new ProductAlreadyInOrder(line.productId()));
            }
        }
        if (seen.size() > MAX_PRODUCTS) {
            return Optional.of(new TooManyProducts(MAX_PRODUCTS, seen.size()));
        }
        for (OrderLine line : c.lines()) {
            if (!line.hasValidQuantity()) {
                return Optional.of(new InvalidQuantity(line.productId(), line.quantity()));
            }
        }
        return Optional.empty();
    }

    private static Decision<OrderEvent, OrderError> addItem(AddItem c, OrderState state) {
        return switch (state) {
            case NotCreated s -> reject(new OrderNotFound(c.orderId()));
            case Created s when s.status() != OrderStatus.PENDING -> reject(new OrderNotPending(c.orderId(), s.status()));
            case Created s when s.line(c.line().productId()).isPresent() -> reject(new ProductAlreadyInOrder(c.line().productId()));
            case Created s when s.lines().size() >= MAX_PRODUCTS -> reject(new TooManyProducts(MAX_PRODUCTS, s.lines().size() + 1));
            case Created s when !c.line().hasValidQuantity() -> reject(new InvalidQuantity(c.line().productId(), c.line().quantity()));
            case Created s -> sum(s.total(), List.of(c.line()))
                    .<Decision<OrderEvent, OrderError>>map(t -> accept(new ItemAdded(s.orderId(), s.customerId(), c.line(), t, c.at())))
                    .orElseGet(() -> reject(new TotalTooLarge(c.orderId())));
        };
    }

    private static Decision<OrderEvent, OrderError> removeItem(RemoveItem c, OrderState state) {
        return switch (state) {
            case NotCreated s -> reject(new OrderNotFound(c.orderId()));
            case Created s when s.status() != OrderStatus.PENDING -> reject(new OrderNotPending(c.orderId(), s.status()));
            case Created s -> {
                Optional<OrderLine> line = s.line(c.productId());
                if (line.isEmpty()) {
                    yield reject(new ProductNotInOrder(c.productId()));
                }
                if (s.lines().size() == 1) {
                    yield reject(new CannotRemoveLastItem(c.productId()));
                }
                long cents = Math.max(0, s.total().cents() - line.get().lineTotal().cents());
                yield accept(new ItemRemoved(s.orderId(), s.customerId(), line.get(), Money.ofCents(cents), c.at()));
            }
        };
    }

    private static Decision<OrderEvent, OrderError> confirm(ConfirmOrder c, OrderState state) {
        return switch (state) {
            case NotCreated s -> reject(new OrderNotFound(c.orderId()));
            case Created s -> switch (s.status()) {
                case PENDING -> accept(new OrderConfirmed(s.orderId(), s.customerId(), s.lines(), s.total(), c.at()));
                case CONFIRMED, READY_TO_SHIP, SHIPPED, CANCELLED -> reject(new OrderNotPending(c.orderId(), s.status()));
            };
        };
    }

    private static Decision<OrderEvent, OrderError> pay(PayOrder c, OrderState state) {
        return switch (state) {
            case NotCreated s -> reject(new OrderNotFound(c.orderId()));
            case Created s -> switch (s.status()) {
                case PENDING -> reject(new OrderNotPayable(c.orderId(), s.status()));
                case CANCELLED -> reject(new OrderAlreadyCancelled(c.orderId()));
                case CONFIRMED, READY_TO_SHIP, SHIPPED -> {
                    if (s.paymentId() != null) {
                        yield reject(new PaymentAlreadyRecorded(c.orderId(), s.paymentId()));
                    }
                    if (s.status() == OrderStatus.SHIPPED) {
                        yield reject(new OrderNotPayable(c.orderId(), s.status()));
                    }
                    if (c.paymentId().isBlank()) {
                        yield reject(new ValueRequired("paymentId"));
                    }
                    yield accept(new OrderPaid(s.orderId(), s.customerId(), c.paymentId(), s.total(), c.at()));
                }
            };
        };
    }

    private static Decision<OrderEvent, OrderError> ship(ShipOrder c, OrderState state) {
        return switch (state) {
            case NotCreated s -> reject(new OrderNotFound(c.orderId()));
            case Created s -> switch (s.status()) {
                case PENDING, CONFIRMED -> reject(new OrderNotReadyToShip(c.orderId(), s.status()));
                case SHIPPED -> reject(new OrderAlreadyShipped(c.orderId()));
                case CANCELLED -> reject(new OrderAlreadyCancelled(c.orderId()));
                case READY_TO_SHIP -> {
                    if (!s.isPaid()) {
                        yield reject(new OrderNotPaid(c.orderId()));
                    }
                    if (c.trackingNumber().isBlank()) {
                        yield reject(new ValueRequired("trackingNumber"));
                    }
                    if (c.carrier().isBlank()) {
                        yield reject(new ValueRequired("carrier"));
                    }
                    yield accept(new OrderShipped(s.orderId(), s.customerId(), c.trackingNumber(), c.carrier(), c.at()));
                }
            };
        };
    }

    private static Decision<OrderEvent, OrderError> cancel(CancelOrder c, OrderState state) {
        return switch (state) {
            case NotCreated s -> reject(new OrderNotFound(c.orderId()));
            case Created s -> switch (s.status()) {
                case SHIPPED -> reject(new OrderAlreadyShipped(c.orderId()));
                case CANCELLED -> reject(new OrderAlreadyCancelled(c.orderId()));
                case PENDING, CONFIRMED, READY_TO_SHIP -> c.reason().isBlank()
                        ? reject(new ValueRequired("reason"))
                        : accept(new OrderCancelled(s.orderId(), s.customerId(), c.reason(), s.status(), c.at()));
            };
        };
    }

    private static Decision<OrderEvent, OrderError> correctTotal(CorrectTotal c, OrderState state) {
        return switch (state) {
            case NotCreated s -> reject(new OrderNotFound(c.orderId()));
            case Created s when s.status() == OrderStatus.CANCELLED -> reject(new OrderAlreadyCancelled(c.orderId()));
            case Created s when s.total().equals(c.correctedTotal()) -> reject(new TotalUnchanged(c.orderId(), s.total()));
            case Created s when c.reason().isBlank() -> reject(new ValueRequired("reason"));
            case Created s -> accept(new OrderTotalCorrected(s.orderId(), s.customerId(), s.total(), c.correctedTotal(),
                    c.reason(), c.at()));
        };
    }

    private static Decision<OrderEvent, OrderError> markReadyToShip(MarkReadyToShip c, OrderState state) {
        return switch (state) {
            case NotCreated s -> reject(new OrderNotFound(c.orderId()));
            case Created s -> switch (s.status()) {
                case CONFIRMED -> accept(new OrderReadyToShip(s.orderId(), s.customerId(), c.at()));
                case CANCELLED -> reject(new OrderAlreadyCancelled(c.orderId()));
                case PENDING, READY_TO_SHIP, SHIPPED -> reject(new OrderNotConfirmed(c.orderId(), s.status()));
            };
        };
    }

    private static Decision<OrderEvent, OrderError> refund(RefundOrder c, OrderState state) {
        return switch (state) {
            case NotCreated s -> reject(new OrderNotFound(c.orderId()));
            case Created s -> switch (s.status()) {
                case PENDING, CONFIRMED, READY_TO_SHIP, SHIPPED -> reject(new OrderNotCancelled(c.orderId(), s.status()));
                case CANCELLED -> {
                    Money paid = s.paidAmount();
                    if (paid == null) {
                        yield reject(new OrderNotPaid(c.orderId()));
                    }
                    if (s.isRefunded()) {
                        yield reject(new RefundAlreadyRecorded(c.orderId()));
                    }
                    yield accept(new OrderRefunded(s.orderId(), s.customerId(), paid, c.reason(), c.at()));
                }
            };
        };
    }

    /** {@code start} plus every line's total, or empty when that exceeds {@link Money#MAX}. */
    private static Optional<Money> sum(Money start, List<OrderLine> lines) {
        // quantity <= 1000 and price <= MAX_CENTS (1e13) keep every product and sum far inside a long
        long cents = start.cents();
        for (OrderLine line : lines) {
            cents += line.unitPrice().cents() * line.quantity();
            if (cents > Money.MAX_CENTS) {
                return Optional.empty();
            }
        }
        return Optional.of(Money.ofCents(cents));
    }

    /** Events after OrderCreated only ever follow it: anything else is a corrupt stream, a bug. */
    private static Created created(OrderState state, OrderEvent event) {
        return switch (state) {
            case Created s -> s;
            case NotCreated s -> throw new IllegalStateException(event.getClass().getSimpleName()
                    + " before OrderCreated for order " + event.orderId());
        };
    }

    private static List<OrderLine> append(List<OrderLine> lines, OrderLine line) {
        List<OrderLine> copy = new ArrayList<>(lines);
        copy.add(line);
        return copy;
    }

    private static List<OrderLine> without(List<OrderLine> lines, ProductId productId) {
        return lines.stream().filter(l -> !l.productId().equals(productId)).toList();
    }
}
