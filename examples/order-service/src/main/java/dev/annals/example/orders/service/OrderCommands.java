// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.service;

import dev.annals.core.decider.CommandContext;
import dev.annals.core.decider.CommandHandler;
import dev.annals.core.decider.HandleResult;
import dev.annals.core.decider.TemporalFold;
import dev.annals.core.store.EventStore;
import dev.annals.core.store.StorageFailure;
import dev.annals.core.store.StreamId;
import dev.annals.example.orders.fulfillment.FulfillmentCommand;
import dev.annals.example.orders.fulfillment.FulfillmentMessage;
import dev.annals.example.orders.inventory.InventoryCommand;
import dev.annals.example.orders.inventory.InventoryDecider;
import dev.annals.example.orders.inventory.InventoryError;
import dev.annals.example.orders.inventory.InventoryEvent;
import dev.annals.example.orders.inventory.InventoryState;
import dev.annals.example.orders.order.OrderCommand;
import dev.annals.example.orders.order.OrderDecider;
import dev.annals.example.orders.order.OrderError;
import dev.annals.example.orders.order.OrderEvent;
import dev.annals.example.orders.order.OrderId;
import dev.annals.example.orders.order.OrderState;
import dev.annals.example.orders.order.ProductId;
import dev.annals.example.orders.service.json.OrderCodecs;
import dev.annals.projections.CommandGateway;
import dev.annals.server.HttpOutcomes;
import dev.annals.server.ServerMetrics;
import java.time.Clock;

/**
 * The write side: one command handler per boundary (Order, Inventory), timed into the metrics by
 * command type and outcome, the temporal fold of orders, and the gateway the fulfilment process
 * sends its commands through.
 */
public final class OrderCommands {
    public static final String ORDER_CATEGORY = "Order";
    public static final String INVENTORY_CATEGORY = "Inventory";
    private static final System.Logger LOG = System.getLogger(OrderCommands.class.getName());
    /**
     * Streams whose state each handler keeps between commands (both states are immutable records).
     * A command on a cached stream reads only the events after the cached version.
     */
    static final int CACHED_ORDERS = 16_384;
    static final int CACHED_PRODUCTS = 4_096;

    private final CommandHandler<OrderCommand, OrderState, OrderEvent, OrderError> orders;
    private final CommandHandler<InventoryCommand, InventoryState, InventoryEvent, InventoryError> inventory;
    private final TemporalFold<OrderState, OrderEvent> orderStates;
    private final ServerMetrics metrics;
    private final Clock clock;

    public OrderCommands(EventStore store, OrderCodecs codecs, ServerMetrics metrics, Clock clock) {
        this.orders = CommandHandler.builder(new OrderDecider(), codecs.sharedOrderEvents(), store,
                (OrderCommand c) -> orderStream(c.orderId())).stateCache(CACHED_ORDERS).clock(clock).build();
        this.inventory = CommandHandler.builder(new InventoryDecider(), codecs.sharedInventoryEvents(), store,
                (InventoryCommand c) -> inventoryStream(c.productId())).stateCache(CACHED_PRODUCTS).clock(clock).build();
        this.orderStates = new TemporalFold<>(store, codecs.sharedOrderEvents(), new OrderDecider());
        this.metrics = metrics;
        this.clock = clock;
    }

    public static StreamId orderStream(OrderId orderId) {
        return StreamId.of(ORDER_CATEGORY, orderId.value());
    }

    public static StreamId inventoryStream(ProductId productId) {
        return StreamId.of(INVENTORY_CATEGORY, productId.value());
    }

    public Clock clock() {
        return clock;
    }

    public HandleResult<OrderEvent, OrderError> order(OrderCommand command, CommandContext context) {
        long start = System.nanoTime();
        HandleResult<OrderEvent, OrderError> result = orders.handle(command, context);
        metrics.recordCommand(command.getClass().getSimpleName(), HttpOutcomes.outcomeName(result), System.nanoTime() - start);
        return result;
    }

    public HandleResult<InventoryEvent, InventoryError> inventory(InventoryCommand command, CommandContext context) {
        long start = System.nanoTime();
        HandleResult<InventoryEvent, InventoryError> result = inventory.handle(command, context);
        metrics.recordCommand(command.getClass().getSimpleName(), HttpOutcomes.outcomeName(result), System.nanoTime() - start);
        return result;
    }

    /** An order's state as the decider saw it at a past version or instant. */
    public TemporalFold<OrderState, OrderEvent> orderStates() {
        return orderStates;
    }

    /**
     * Sends one command of the fulfilment process. A rejected reservation becomes the message the
     * process hears ({@code ReservationRejected}); other rejections are expected races (the order
     * moved on meanwhile) and are only logged.
     */
    public CommandGateway.Outcome<FulfillmentMessage> fulfill(FulfillmentCommand command, CommandContext context) {
        return switch (command) {
            case FulfillmentCommand.ToOrder toOrder -> switch (order(toOrder.command(), context)) {
                case HandleResult.Accepted<OrderEvent, OrderError> a -> new CommandGateway.Outcome.Accepted<>();
                case HandleResult.Unchanged<OrderEvent, OrderError> u -> new CommandGateway.Outcome.Accepted<>();
                case HandleResult.Rejected<OrderEvent, OrderError> r -> {
                    LOG.log(System.Logger.Level.INFO, "fulfilment: {0} rejected: {1}", toOrder.command(), r.reason().code());
                    yield new CommandGateway.Outcome.Rejected<>(null);
                }
                case HandleResult.IdempotencyKeyReused<OrderEvent, OrderError> k -> new CommandGateway.Outcome.Accepted<>();
                case HandleResult.WrongExpectedVersion<OrderEvent, OrderError> w ->
                        new CommandGateway.Outcome.Failed<>(StorageFailure.unavailable("unexpected version conflict on " + w.stream()));
                case HandleResult.Conflict<OrderEvent, OrderError> c ->
                        new CommandGateway.Outcome.Failed<>(StorageFailure.unavailable("concurrent writers on " + c.stream()));
                case HandleResult.StorageFailed<OrderEvent, OrderError> f -> new CommandGateway.Outcome.Failed<>(f.failure());
            };
            case FulfillmentCommand.ToInventory toInventory -> switch (inventory(toInventory.command(), context)) {
                case HandleResult.Accepted<InventoryEvent, InventoryError> a -> new CommandGateway.Outcome.Accepted<>();
                case HandleResult.Unchanged<InventoryEvent, InventoryError> u -> new CommandGateway.Outcome.Accepted<>();
                case HandleResult.Rejected<InventoryEvent, InventoryError> r -> new CommandGateway.Outcome.Rejected<>(
                        toInventory.command() instanceof InventoryCommand.ReserveStock reserve
                                ? FulfillmentMessage.reservationRejected(reserve, r.reason())
                                : null);
                case HandleResult.IdempotencyKeyReused<InventoryEvent, InventoryError> k -> new CommandGateway.Outcome.Accepted<>();
                case HandleResult.WrongExpectedVersion<InventoryEvent, InventoryError> w ->
                        new CommandGateway.Outcome.Failed<>(StorageFailure.unavailable("unexpected version conflict on " + w.stream()));
                case HandleResult.Conflict<InventoryEvent, InventoryError> c ->
                        new CommandGateway.Outcome.Failed<>(StorageFailure.unavailable("concurrent writers on " + c.stream()));
                case HandleResult.StorageFailed<InventoryEvent, InventoryError> f -> new CommandGateway.Outcome.Failed<>(f.failure());
            };
        };
    }
}
