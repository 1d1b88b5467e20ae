// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders;

import static dev.annals.example.orders.order.OrderFixtures.CUSTOMER;
import static dev.annals.example.orders.order.OrderFixtures.LINES;
import static dev.annals.example.orders.order.OrderFixtures.ORDER;
import static dev.annals.example.orders.order.OrderFixtures.T0;
import static dev.annals.example.orders.order.OrderFixtures.TOTAL;
import static dev.annals.example.orders.order.OrderFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.core.decider.CommandHandler;
import dev.annals.core.decider.HandleResult;
import dev.annals.core.memory.InMemoryEventStore;
import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.ReadAllResult;
import dev.annals.core.store.StreamId;
import dev.annals.core.store.StreamVersion;
import dev.annals.example.orders.inventory.InventoryCommand;
import dev.annals.example.orders.inventory.InventoryCommand.AddStock;
import dev.annals.example.orders.inventory.InventoryCommand.ReserveStock;
import dev.annals.example.orders.inventory.InventoryDecider;
import dev.annals.example.orders.inventory.InventoryError;
import dev.annals.example.orders.inventory.InventoryEvent;
import dev.annals.example.orders.inventory.InventoryState;
import dev.annals.example.orders.order.OrderCommand;
import dev.annals.example.orders.order.OrderCommand.AddItem;
import dev.annals.example.orders.order.OrderCommand.CreateOrder;
import dev.annals.example.orders.order.OrderCommand.PayOrder;
import dev.annals.example.orders.order.OrderCommand.ShipOrder;
import dev.annals.example.orders.order.OrderDecider;
import dev.annals.example.orders.order.OrderError;
import dev.annals.example.orders.order.OrderEvent;
import dev.annals.example.orders.order.OrderFixtures;
import dev.annals.example.orders.order.OrderState;
import dev.annals.example.orders.order.OrderStatus;
import dev.annals.example.orders.order.ProductId;
import dev.annals.testing.spec.InMemoryObjectCodec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A rejection is an answer, not a fact: the real command handler on a real store appends nothing for it. */
class RejectionRecordsNothingTest {
    private final InMemoryEventStore store = new InMemoryEventStore();
    private final CommandHandler<OrderCommand, OrderState, OrderEvent, OrderError> orders = CommandHandler.builder(
                    new OrderDecider(), InMemoryObjectCodec.<OrderEvent>of(e -> "orders." + e.getClass().getSimpleName()), store,
                    (OrderCommand c) -> StreamId.of("Order", c.orderId().value()))
            .build();
    private final CommandHandler<InventoryCommand, InventoryState, InventoryEvent, InventoryError> inventory =
            CommandHandler.builder(new InventoryDecider(),
                            InMemoryObjectCodec.<InventoryEvent>of(e -> "inventory." + e.getClass().getSimpleName()), store,
                            (InventoryCommand c) -> StreamId.of("Inventory", c.productId().value()))
                    .build();

    @Test
    void aRejectedOrderCommandAppendsNoEventAndLeavesTheOrderAsItWas() {
        assertThat(orders.handle(new CreateOrder(ORDER, CUSTOMER, LINES, T0))).isInstanceOf(HandleResult.Accepted.class);
        List<String> before = allEventTypes();
        OrderState stateBefore = loadOrder();

        var payPending = orders.handle(new PayOrder(ORDER, "pay-1", at(1)));
        var shipPending = orders.handle(new ShipOrder(ORDER, "T-1", "DHL", at(1)));
        var addDuplicate = orders.handle(new AddItem(ORDER, OrderFixtures.line(OrderFixtures.APPLE, 1, "1.00"), at(1)));

        assertThat(payPending).isEqualTo(new HandleResult.Rejected<>(new OrderError.OrderNotPayable(ORDER, OrderStatus.PENDING)));
        assertThat(shipPending).isEqualTo(new HandleResult.Rejected<>(new OrderError.OrderNotReadyToShip(ORDER, OrderStatus.PENDING)));
        assertThat(addDuplicate).isEqualTo(new HandleResult.Rejected<>(new OrderError.ProductAlreadyInOrder(OrderFixtures.APPLE)));
        assertThat(allEventTypes()).isEqualTo(before).containsExactly("orders.OrderCreated");
        assertThat(loadOrder()).isEqualTo(stateBefore);
        assertThat(((OrderState.Created) loadOrder()).total()).isEqualTo(TOTAL);
    }

    @Test
    void aRejectedCreationAppendsNoStreamAtAll() {
        var empty = orders.handle(new CreateOrder(ORDER, CUSTOMER, List.of(), T0));

        assertThat(empty).isEqualTo(new HandleResult.Rejected<>(new OrderError.OrderHasNoItems(ORDER)));
        assertThat(allEventTypes()).isEmpty();
        assertThat(store.streamIds()).isEmpty();
    }

    @Test
    void aRejectedReservationAppendsNoEventAndReservesNothing() {
        ProductId apple = ProductId.of("apple");
        StreamId stream = StreamId.of("Inventory", "apple");
        inventory.handle(new AddStock(apple, 2, T0));

        var tooMany = inventory.handle(new ReserveStock(apple, ORDER, 3, at(1)));

        assertThat(tooMany).isEqualTo(new HandleResult.Rejected<>(new InventoryError.InsufficientStock(apple, 3, 2)));
        assertThat(allEventTypes()).containsExactly("inventory.StockAdded");
        assertThat(inventory.loadState(stream))
                .isEqualTo(new CommandHandler.LoadResult.Loaded<>(new InventoryState(2, Map.of()), StreamVersion.FIRST));
    }

    private OrderState loadOrder() {
        return switch (orders.loadState(StreamId.of("Order", ORDER.value()))) {
            case CommandHandler.LoadResult.Loaded<OrderState> loaded -> loaded.state();
            case CommandHandler.LoadResult.Failed<OrderState> failed -> throw new AssertionError(failed.failure());
        };
    }

    private List<String> allEventTypes() {
        return switch (store.readAll(GlobalPosition.START, 1000)) {
            case ReadAllResult.Page page -> page.events().stream().map(e -> e.eventType()).toList();
            case ReadAllResult.Failed failed -> throw new AssertionError(failed.failure());
        };
    }
}
