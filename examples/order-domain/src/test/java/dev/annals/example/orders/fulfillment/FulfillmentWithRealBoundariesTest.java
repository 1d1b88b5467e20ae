// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.fulfillment;

import static dev.annals.example.orders.order.OrderFixtures.APPLE;
import static dev.annals.example.orders.order.OrderFixtures.CUSTOMER;
import static dev.annals.example.orders.order.OrderFixtures.ORDER;
import static dev.annals.example.orders.order.OrderFixtures.PEAR;
import static dev.annals.example.orders.order.OrderFixtures.T0;
import static dev.annals.example.orders.order.OrderFixtures.at;
import static dev.annals.example.orders.order.OrderFixtures.line;
import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.core.decider.CommandContext;
import dev.annals.core.decider.CommandHandler;
import dev.annals.core.decider.HandleResult;
import dev.annals.core.event.DecodeResult;
import dev.annals.core.event.RecordedEvent;
import dev.annals.core.memory.InMemoryEventStore;
import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.ReadAllResult;
import dev.annals.core.store.StreamId;
import dev.annals.example.orders.inventory.InventoryCommand;
import dev.annals.example.orders.inventory.InventoryCommand.AddStock;
import dev.annals.example.orders.inventory.InventoryDecider;
import dev.annals.example.orders.inventory.InventoryError;
import dev.annals.example.orders.inventory.InventoryEvent;
import dev.annals.example.orders.inventory.InventoryState;
import dev.annals.example.orders.order.OrderCommand;
import dev.annals.example.orders.order.OrderCommand.CancelOrder;
import dev.annals.example.orders.order.OrderCommand.ConfirmOrder;
import dev.annals.example.orders.order.OrderCommand.CreateOrder;
import dev.annals.example.orders.order.OrderCommand.PayOrder;
import dev.annals.example.orders.order.OrderDecider;
import dev.annals.example.orders.order.OrderError;
import dev.annals.example.orders.order.OrderEvent;
import dev.annals.example.orders.order.OrderState;
import dev.annals.example.orders.order.OrderStatus;
import dev.annals.testing.spec.InMemoryObjectCodec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * OrderFulfillment against the real deciders, command handlers and in-memory store, delivered the
 * way a runner delivers: every event of $all in order, a rejected reservation as a message. The
 * runner here is the smallest one that works (no threads, no saved state); the service has the real one.
 */
class FulfillmentWithRealBoundariesTest {
    private final InMemoryEventStore store = new InMemoryEventStore();
    private final InMemoryObjectCodec<OrderEvent> orderCodec = InMemoryObjectCodec.of(e -> "orders." + e.getClass().getSimpleName());
    private final InMemoryObjectCodec<InventoryEvent> inventoryCodec =
            InMemoryObjectCodec.of(e -> "inventory." + e.getClass().getSimpleName());
    private final CommandHandler<OrderCommand, OrderState, OrderEvent, OrderError> orders = CommandHandler.builder(
            new OrderDecider(), orderCodec, store, (OrderCommand c) -> StreamId.of("Order", c.orderId().value())).build();
    private final CommandHandler<InventoryCommand, InventoryState, InventoryEvent, InventoryError> inventory =
            CommandHandler.builder(new InventoryDecider(), inventoryCodec, store,
                    (InventoryCommand c) -> StreamId.of("Inventory", c.productId().value())).build();
    private final OrderFulfillment process = new OrderFulfillment();
    private final Map<String, FulfillmentState> instances = new HashMap<>();

    @Test
    void reservesEveryItemAndMarksTheOrderReadyToShip() {
        stock();
        order(new CreateOrder(ORDER, CUSTOMER, List.of(line(APPLE, 2, "1.00"), line(PEAR, 1, "1.00")), T0));
        order(new ConfirmOrder(ORDER, at(1)));
        deliverAllAfter(GlobalPosition.START);

        assertThat(types("Order-" + ORDER)).containsExactly("OrderCreated", "OrderConfirmed", "OrderReadyToShip");
        assertThat(inventoryOf("apple")).isEqualTo(new InventoryState(5, Map.of(ORDER, 2)));
        assertThat(inventoryOf("pear")).isEqualTo(new InventoryState(1, Map.of(ORDER, 1)));
        assertThat(types("Inventory-pear")).containsExactly("StockAdded", "StockReserved", "StockDepleted");
    }

    @Test
    void releasesWhatItReservedAndCancelsForInsufficientStock() {
        stock();
        order(new CreateOrder(ORDER, CUSTOMER, List.of(line(APPLE, 2, "1.00"), line(PEAR, 2, "1.00")), T0));
        order(new ConfirmOrder(ORDER, at(1)));
        deliverAllAfter(GlobalPosition.START);

        assertThat(types("Order-" + ORDER)).containsExactly("OrderCreated", "OrderConfirmed", "OrderCancelled");
        assertThat(lastOrderEvent()).isInstanceOfSatisfying(OrderEvent.OrderCancelled.class,
                c -> assertThat(c.reason()).isEqualTo("insufficient_stock"));
        assertThat(types("Inventory-apple")).containsExactly("StockAdded", "StockReserved", "StockReleased");
        assertThat(inventoryOf("apple")).isEqualTo(new InventoryState(5, Map.of()));
        assertThat(inventoryOf("pear")).isEqualTo(new InventoryState(1, Map.of()));
    }

    @Test
    void releasesTheStockAndRefundsWhenAPaidOrderIsCancelled() {
        stock();
        order(new CreateOrder(ORDER, CUSTOMER, List.of(line(APPLE, 2, "1.00")), T0));
        order(new ConfirmOrder(ORDER, at(1)));
        deliverAllAfter(GlobalPosition.START);
        order(new PayOrder(ORDER, "pay-1", at(2)));
        order(new CancelOrder(ORDER, "changed my mind", at(3)));
        deliverAllAfter(GlobalPosition.START);

        assertThat(types("Order-" + ORDER)).containsExactly("OrderCreated", "OrderConfirmed", "OrderReadyToShip", "OrderPaid",
                "OrderCancelled", "OrderRefunded");
        assertThat(inventoryOf("apple")).isEqualTo(new InventoryState(5, Map.of()));
        OrderState state = ((CommandHandler.LoadResult.Loaded<OrderState>) orders.loadState(StreamId.of("Order", ORDER.value()))).state();
        assertThat(state).isInstanceOfSatisfying(OrderState.Created.class, s -> {
            assertThat(s.status()).isEqualTo(OrderStatus.CANCELLED);
            assertThat(s.isRefunded()).isTrue();
        });
    }

    @Test
    void redeliveringTheWholeLogRecordsNothingMore() {
        stock();
        order(new CreateOrder(ORDER, CUSTOMER, List.of(line(APPLE, 2, "1.00"), line(PEAR, 2, "1.00")), T0));
        order(new ConfirmOrder(ORDER, at(1)));
        deliverAllAfter(GlobalPosition.START);
        int recorded = all().size();

        deliverAllAfter(GlobalPosition.START);
        deliverAllAfter(GlobalPosition.START);

        assertThat(all()).hasSize(recorded);
    }

    private void stock() {
        inventory.handle(new AddStock(APPLE, 5, T0));
        inventory.handle(new AddStock(PEAR, 1, T0));
    }

    private void order(OrderCommand command) {
        assertThat(orders.handle(command)).isInstanceOf(HandleResult.Accepted.class);
    }

    /** Delivers every event after {@code from} to the process, and what its own commands record, until the log is quiet. */
    private void deliverAllAfter(GlobalPosition from) {
        GlobalPosition checkpoint = from;
        for (List<RecordedEvent> page = after(checkpoint); !page.isEmpty(); page = after(checkpoint)) {
            for (RecordedEvent recorded : page) {
                checkpoint = recorded.position();
                messageOf(recorded).ifPresent(m -> hear(m, recorded));
            }
        }
    }

    private void hear(FulfillmentMessage message, RecordedEvent cause) {
        FulfillmentState state = process.evolve(instances.getOrDefault(process.instanceId(message), process.initialState()), message);
        instances.put(process.instanceId(message), state);
        for (FulfillmentCommand command : process.react(state, message)) {
            CommandContext context = CommandContext.create().withCausationId(cause.eventId().toString());
            switch (command) {
                case FulfillmentCommand.ToOrder(OrderCommand c) -> orders.handle(c, context);
                case FulfillmentCommand.ToInventory(InventoryCommand c) -> {
                    var result = inventory.handle(c, context);
                    if (c instanceof InventoryCommand.ReserveStock reserve
                            && result instanceof HandleResult.Rejected<InventoryEvent, InventoryError> rejected) {
                        hear(FulfillmentMessage.reservationRejected(reserve, rejected.reason()), cause);
                    }
                }
            }
        }
    }

    private Optional<FulfillmentMessage> messageOf(RecordedEvent recorded) {
        if (orderCodec.decode(recorded.serialized()) instanceof DecodeResult.Decoded<OrderEvent> d) {
            return FulfillmentMessage.from(d.event());
        }
        if (inventoryCodec.decode(recorded.serialized()) instanceof DecodeResult.Decoded<InventoryEvent> d) {
            return FulfillmentMessage.from(d.event());
        }
        return Optional.empty();
    }

    private OrderEvent lastOrderEvent() {
        RecordedEvent last = all().stream().filter(e -> e.streamId().value().equals("Order-" + ORDER)).toList().getLast();
        return ((DecodeResult.Decoded<OrderEvent>) orderCodec.decode(last.serialized())).event();
    }

    private InventoryState inventoryOf(String product) {
        return ((CommandHandler.LoadResult.Loaded<InventoryState>) inventory.loadState(StreamId.of("Inventory", product))).state();
    }

    private List<String> types(String stream) {
        return all().stream().filter(e -> e.streamId().value().equals(stream))
                .map(e -> e.eventType().substring(e.eventType().indexOf('.') + 1)).toList();
    }

    private List<RecordedEvent> all() {
        return after(GlobalPosition.START);
    }

    private List<RecordedEvent> after(GlobalPosition position) {
        return switch (store.readAll(position, 1000)) {
            case ReadAllResult.Page page -> page.events();
            case ReadAllResult.Failed failed -> throw new AssertionError(failed.failure());
        };
    }
}
