// SPDX-License-Identifier: Apache-2.0
package dev.annals.cli.demo;

import dev.annals.core.decider.CommandContext;
import dev.annals.core.decider.CommandHandler;
import dev.annals.core.decider.HandleResult;
import dev.annals.core.event.DecodeResult;
import dev.annals.core.event.RecordedEvent;
import dev.annals.core.store.EventStore;
import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.ReadAllResult;
import dev.annals.example.orders.fulfillment.FulfillmentCommand;
import dev.annals.example.orders.fulfillment.FulfillmentMessage;
import dev.annals.example.orders.fulfillment.FulfillmentState;
import dev.annals.example.orders.fulfillment.OrderFulfillment;
import dev.annals.example.orders.inventory.InventoryCommand;
import dev.annals.example.orders.inventory.InventoryError;
import dev.annals.example.orders.inventory.InventoryEvent;
import dev.annals.example.orders.inventory.InventoryState;
import dev.annals.example.orders.order.OrderCommand;
import dev.annals.example.orders.order.OrderError;
import dev.annals.example.orders.order.OrderEvent;
import dev.annals.example.orders.order.OrderState;
import dev.annals.example.orders.service.json.OrderCodecs;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/*
 * How the demo runs the process manager
 * -------------------------------------
 * The service runs OrderFulfillment on a subscription in the background. The demo runs it in the
 * caller's thread, so its output is the same on every run: catchUp() reads $all after its
 * checkpoint, hands every event the process follows to the instance of its order (evolve, then
 * react), and sends the commands that come back with causation = that event and the event's
 * correlation id. A rejected ReserveStock records nothing the log could deliver, so it becomes a
 * ReservationRejected message at once. The loop ends when the log holds nothing new.
 *
 * Instances live in a map; the demo never restarts, so nothing is saved. A finished instance
 * hears nothing more.
 */

/** Runs {@link OrderFulfillment} over the demo's store, one event at a time, in the caller's thread. */
final class FulfillmentDriver {
    private static final int PAGE = 256;

    private final EventStore store;
    private final OrderCodecs codecs;
    private final CommandHandler<OrderCommand, OrderState, OrderEvent, OrderError> orders;
    private final CommandHandler<InventoryCommand, InventoryState, InventoryEvent, InventoryError> inventory;
    private final PrintWriter out;
    private final OrderFulfillment process = new OrderFulfillment();
    private final Map<String, FulfillmentState> instances = new HashMap<>();
    private GlobalPosition checkpoint = GlobalPosition.START;

    FulfillmentDriver(EventStore store, OrderCodecs codecs,
                      CommandHandler<OrderCommand, OrderState, OrderEvent, OrderError> orders,
                      CommandHandler<InventoryCommand, InventoryState, InventoryEvent, InventoryError> inventory,
                      PrintWriter out) {
        this.store = store;
        this.codecs = codecs;
        this.orders = orders;
        this.inventory = inventory;
        this.out = out;
    }

    /** Lets the process hear everything recorded since the last call, and whatever its own commands record. */
    void catchUp() {
        while (true) {
            switch (store.readAll(checkpoint, PAGE)) {
                case ReadAllResult.Failed failed -> {
                    out.println("  [fulfilment] cannot read $all: " + failed.failure());
                    return;
                }
                case ReadAllResult.Page page -> {
                    if (page.events().isEmpty()) {
                        return;
                    }
                    for (RecordedEvent recorded : page.events()) {
                        checkpoint = recorded.position();
                        messageOf(recorded).ifPresent(message -> hear(message, recorded));
                    }
                }
            }
        }
    }

    private Optional<FulfillmentMessage> messageOf(RecordedEvent recorded) {
        return switch (recorded.streamId().category()) {
            case "Order" -> codecs.orderEvents().decode(recorded.serialized()) instanceof DecodeResult.Decoded<OrderEvent> d
                    ? FulfillmentMessage.from(d.event())
                    : Optional.empty();
            case "Inventory" -> codecs.inventoryEvents().decode(recorded.serialized()) instanceof DecodeResult.Decoded<InventoryEvent> d
                    ? FulfillmentMessage.from(d.event())
                    : Optional.empty();
            default -> Optional.empty(); // other boundaries' streams mean nothing to the fulfilment
        };
    }

    private void hear(FulfillmentMessage message, RecordedEvent cause) {
        String id = process.instanceId(message);
        FulfillmentState state = instances.getOrDefault(id, process.initialState());
        if (process.isFinished(state)) {
            return;
        }
        state = process.evolve(state, message);
        instances.put(id, state);
        for (FulfillmentCommand command : process.react(state, message)) {
            send(command, cause);
        }
    }

    private void send(FulfillmentCommand command, RecordedEvent cause) {
        CommandContext context = CommandContext.create()
                .withCorrelationId(cause.metadata().correlationId())
                .withCausationId(cause.eventId().toString());
        switch (command) {
            case FulfillmentCommand.ToOrder(OrderCommand c) -> {
                var result = orders.handle(c, context);
                out.println("  [fulfilment] " + Describe.command(c) + " -> " + Describe.outcome(result, OrderError::code));
            }
            case FulfillmentCommand.ToInventory(InventoryCommand c) -> {
                var result = inventory.handle(c, context);
                out.println("  [fulfilment] " + Describe.command(c) + " -> " + Describe.outcome(result, InventoryError::code));
                if (c instanceof InventoryCommand.ReserveStock reserve
                        && result instanceof HandleResult.Rejected<InventoryEvent, InventoryError> rejected) {
                    hear(FulfillmentMessage.reservationRejected(reserve, rejected.reason()), cause);
                }
            }
        }
    }
}
