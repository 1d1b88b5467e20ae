// SPDX-License-Identifier: Apache-2.0
package dev.annals.cli.demo;

import dev.annals.core.decider.CommandHandler;
import dev.annals.core.event.DecodeResult;
import dev.annals.core.event.EventEnvelope;
import dev.annals.core.event.RecordedEvent;
import dev.annals.core.memory.InMemoryEventStore;
import dev.annals.core.store.EventStore;
import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.ReadAllResult;
import dev.annals.core.store.StreamId;
import dev.annals.core.view.View;
import dev.annals.example.orders.inventory.InventoryCommand;
import dev.annals.example.orders.inventory.InventoryCommand.AddStock;
import dev.annals.example.orders.inventory.InventoryDecider;
import dev.annals.example.orders.inventory.InventoryError;
import dev.annals.example.orders.inventory.InventoryEvent;
import dev.annals.example.orders.order.CustomerId;
import dev.annals.example.orders.order.Money;
import dev.annals.example.orders.order.OrderCommand;
import dev.annals.example.orders.order.OrderCommand.AddItem;
import dev.annals.example.orders.order.OrderCommand.CancelOrder;
import dev.annals.example.orders.order.OrderCommand.ConfirmOrder;
import dev.annals.example.orders.order.OrderCommand.CorrectTotal;
import dev.annals.example.orders.order.OrderCommand.CreateOrder;
import dev.annals.example.orders.order.OrderCommand.PayOrder;
import dev.annals.example.orders.order.OrderCommand.ShipOrder;
import dev.annals.example.orders.order.OrderDecider;
import dev.annals.example.orders.order.OrderError;
import dev.annals.example.orders.order.OrderEvent;
import dev.annals.example.orders.order.OrderId;
import dev.annals.example.orders.order.OrderLine;
import dev.annals.example.orders.order.OrderStatus;
import dev.annals.example.orders.order.ProductId;
import dev.annals.example.orders.service.json.OrderCodecs;
import dev.annals.example.orders.views.QueryResult;
import dev.annals.example.orders.views.customers.CustomerStatistics;
import dev.annals.example.orders.views.customers.CustomerStatisticsView;
import dev.annals.example.orders.views.details.OrderDetails;
import dev.annals.example.orders.views.details.OrderDetailsView;
import dev.annals.example.orders.views.history.OrderHistory;
import dev.annals.example.orders.views.history.OrderHistoryView;
import dev.annals.example.orders.views.inventory.InventoryLevel;
import dev.annals.example.orders.views.inventory.InventoryLevelView;
import dev.annals.example.orders.views.shipping.InMemoryShippedOrders;
import dev.annals.example.orders.views.shipping.ShippedOrder;
import dev.annals.example.orders.views.shipping.ShippedOrderView;
import dev.annals.example.orders.views.summary.InMemoryOrderSummaries;
import dev.annals.example.orders.views.summary.OrderSummary;
import dev.annals.example.orders.views.summary.OrderSummaryQuery.Search;
import dev.annals.example.orders.views.summary.OrderSummaryView;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The Order flow of API.md on the in-memory store, printed step by step: stock arrives, orders are
 * created, confirmed (the fulfilment process reserves stock and marks them ready), paid and
 * shipped; commands are rejected with typed errors; one order is cancelled after payment
 * (released and refunded) and one for insufficient stock. Then every recorded event and the read
 * models folded from them.
 */
public final class OrderDemo {
    static final ProductId APPLE = ProductId.of("apple");
    static final ProductId PEAR = ProductId.of("pear");
    static final ProductId PLUM = ProductId.of("plum");
    static final CustomerId ALICE = CustomerId.of("alice");
    static final CustomerId BOB = CustomerId.of("bob");
    static final CustomerId CAROL = CustomerId.of("carol");
    static final OrderId SHIPPED = OrderId.of("1001");
    static final OrderId REFUNDED = OrderId.of("1002");
    static final OrderId OUT_OF_STOCK = OrderId.of("1003");
    static final OrderId CANCELLED_PENDING = OrderId.of("1004");

    private final PrintWriter out;
    private final Clock clock;

    public OrderDemo(PrintWriter out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    public void run() {
        // Wiring: one store, one command handler per boundary, the fulfilment process beside them.
        var store = new InMemoryEventStore(clock);
        var codecs = new OrderCodecs();
        var orders = CommandHandler.builder(new OrderDecider(), codecs.orderEvents(), store,
                        (OrderCommand c) -> StreamId.of("Order", c.orderId().value()))
                .clock(clock)
                .build();
        var inventory = CommandHandler.builder(new InventoryDecider(), codecs.inventoryEvents(), store,
                        (InventoryCommand c) -> StreamId.of("Inventory", c.productId().value()))
                .clock(clock)
                .build();
        var fulfillment = new FulfillmentDriver(store, codecs, orders, inventory, out);

        // Every step: send one command, print its outcome, let the fulfilment process react.
        Consumer<OrderCommand> order = c -> {
            out.println("> " + Describe.command(c));
            out.println("  " + Describe.outcome(orders.handle(c), OrderError::code));
            fulfillment.catchUp();
        };
        Consumer<InventoryCommand> stock = c -> {
            out.println("> " + Describe.command(c));
            out.println("  " + Describe.outcome(inventory.handle(c), InventoryError::code));
            fulfillment.catchUp();
        };

        heading("1. Stock arrives");
        stock.accept(new AddStock(APPLE, 10, now()));
        stock.accept(new AddStock(PEAR, 2, now()));
        stock.accept(new AddStock(PLUM, 1, now()));

        heading("2. Order " + SHIPPED + ": created, corrected, confirmed, reserved, paid, shipped");
        order.accept(new CreateOrder(SHIPPED, ALICE, List.of(line(APPLE, 2, "1.50"), line(PEAR, 1, "2.25")), now()));
        order.accept(new AddItem(SHIPPED, line(PEAR, 1, "2.25"), now()));
        order.accept(new CorrectTotal(SHIPPED, Money.of("5.00"), "loyalty discount", now()));
        order.accept(new ConfirmOrder(SHIPPED, now()));
        order.accept(new ShipOrder(SHIPPED, "TRACK-1001", "DHL", now()));
        order.accept(new PayOrder(SHIPPED, "pay-1001", now()));
        order.accept(new ShipOrder(SHIPPED, "TRACK-1001", "DHL", now()));

        heading("3. Order " + REFUNDED + ": paid, then cancelled; the fulfilment releases the stock and refunds");
        order.accept(new CreateOrder(REFUNDED, BOB, List.of(line(APPLE, 3, "1.50")), now()));
        order.accept(new ConfirmOrder(REFUNDED, now()));
        order.accept(new PayOrder(REFUNDED, "pay-1002", now()));
        order.accept(new CancelOrder(REFUNDED, "customer changed their mind", now()));

        heading("4. Order " + OUT_OF_STOCK + ": one plum too few; the fulfilment releases the pear and cancels");
        order.accept(new CreateOrder(OUT_OF_STOCK, CAROL, List.of(line(PEAR, 1, "2.25"), line(PLUM, 2, "0.80")), now()));
        order.accept(new ConfirmOrder(OUT_OF_STOCK, now()));

        heading("5. Order " + CANCELLED_PENDING + ": cancelled before confirmation; later commands are rejected");
        order.accept(new CreateOrder(CANCELLED_PENDING, ALICE, List.of(line(PEAR, 1, "2.25")), now()));
        order.accept(new CancelOrder(CANCELLED_PENDING, "ordered by mistake", now()));
        order.accept(new PayOrder(CANCELLED_PENDING, "pay-1004", now()));

        List<RecordedEvent> events = readAll(store);
        heading("Every recorded event ($all): position, stream, version, type, data");
        for (RecordedEvent e : events) {
            out.printf("%4d  %-16s v%-2d %-28s %s%n", e.position().value(), e.streamId(), e.version().value(),
                    e.serialized().wireName(), new String(e.data(), StandardCharsets.UTF_8));
        }
        printReadModels(events, codecs);
        out.flush();
    }

    private void printReadModels(List<RecordedEvent> events, OrderCodecs codecs) {
        // Fold the views of order-domain over $all, keyed as the projections key them.
        Map<String, Optional<OrderDetails>> details = new TreeMap<>();
        Map<String, Optional<OrderSummary>> summaries = new TreeMap<>();
        Map<String, Optional<OrderHistory>> histories = new TreeMap<>();
        Map<String, Optional<CustomerStatistics>> statistics = new TreeMap<>();
        Map<String, Optional<ShippedOrder>> shipped = new TreeMap<>();
        Map<String, Optional<InventoryLevel>> levels = new TreeMap<>();
        var detailsView = new OrderDetailsView();
        var summaryView = new OrderSummaryView();
        var historyView = new OrderHistoryView();
        var statisticsView = new CustomerStatisticsView();
        var shippedView = new ShippedOrderView();
        var levelView = new InventoryLevelView();
        for (RecordedEvent recorded : events) {
            String category = recorded.streamId().category();
            if (category.equals("Order")
                    && codecs.orderEvents().decode(recorded.serialized()) instanceof DecodeResult.Decoded<OrderEvent> d) {
                EventEnvelope<OrderEvent> e = EventEnvelope.of(recorded, d.event());
                fold(details, detailsView, OrderDetailsView.keyOf(e), e);
                fold(summaries, summaryView, OrderSummaryView.keyOf(e), e);
                fold(histories, historyView, OrderHistoryView.keyOf(e), e);
                fold(statistics, statisticsView, CustomerStatisticsView.keyOf(e), e);
                fold(shipped, shippedView, ShippedOrderView.keyOf(e), e);
            } else if (category.equals("Inventory")
                    && codecs.inventoryEvents().decode(recorded.serialized()) instanceof DecodeResult.Decoded<InventoryEvent> d) {
                EventEnvelope<InventoryEvent> e = EventEnvelope.of(recorded, d.event());
                fold(levels, levelView, InventoryLevelView.keyOf(e), e);
            }
        }

        heading("Read model: order summaries, newest first (GET /api/orders)");
        var summaryQueries = new InMemoryOrderSummaries(() -> present(summaries.values()));
        for (OrderSummary s : found(summaryQueries.find(Search.all())).items()) {
            out.printf("  order %-5s customer %-6s %-14s %d item(s)  total %-6s v%d%n", s.orderId(), s.customerId(), s.status(),
                    s.itemCount(), s.total(), s.version().value());
        }
        out.println("  cancelled: " + found(summaryQueries.find(Search.all().withStatus(OrderStatus.CANCELLED))).items()
                .stream().map(s -> s.orderId().value()).collect(Collectors.joining(", ")));
        out.println("  alice's: " + found(summaryQueries.find(Search.all().withCustomer(ALICE))).items()
                .stream().map(s -> s.orderId().value()).collect(Collectors.joining(", ")));

        heading("Read model: order details with timeline (GET /api/orders/{id})");
        for (OrderDetails d : present(details.values())) {
            out.printf("  order %s (%s): %s, total %s, items %s%n", d.orderId(), d.customerId(), d.status(), d.total(),
                    d.items().stream().map(i -> i.quantity() + " x " + i.productId() + " = " + i.lineTotal()).toList());
            out.println("    paid " + d.isPaid() + (d.payment() == null ? "" : " " + d.payment())
                    + (d.shipping() == null ? "" : ", " + d.shipping())
                    + (d.cancellation() == null ? "" : ", " + d.cancellation())
                    + (d.refund() == null ? "" : ", " + d.refund()));
            for (OrderDetails.TimelineEntry t : d.timeline()) {
                out.printf("    v%-2d @%-3d %-20s %s%n", t.version().value(), t.position().value(), t.type(), t.description());
            }
        }

        heading("Read model: status history (GET /api/orders/{id}/history)");
        for (OrderHistory h : present(histories.values())) {
            out.println("  order " + h.orderId() + ": " + h.changes().stream()
                    .map(c -> c.status() + " (v" + c.version() + ")").collect(Collectors.joining(" -> ")));
        }

        heading("Read model: customer statistics (GET /api/customers/{id}/statistics)");
        for (CustomerStatistics s : present(statistics.values())) {
            out.printf("  %-6s orders %d, by status %s, total spent %s, average order value %s, last order at %s%n",
                    s.customerId(), s.orderCount(), s.byStatus(), s.totalSpent(), s.averageOrderValue(), s.lastOrderAt());
        }

        heading("Read model: shipped orders (GET /api/shipped-orders/{id})");
        var shippedQueries = new InMemoryShippedOrders(() -> present(shipped.values()));
        for (String orderId : shipped.keySet()) {
            if (shippedQueries.find(OrderId.of(orderId)) instanceof QueryResult.Found<ShippedOrder>(ShippedOrder s)) {
                out.printf("  order %s customer %s, %d item(s), total %s, %s %s, shipped at %s%n", s.orderId(), s.customerId(),
                        s.itemCount(), s.total(), s.carrier(), s.trackingNumber(), s.shippedAt());
            }
        }

        heading("Read model: inventory (GET /api/products/{id}/inventory)");
        for (InventoryLevel l : present(levels.values())) {
            out.printf("  %-6s on hand %d, reserved %d, available %d, v%d%n", l.productId(), l.onHand(), l.reserved(),
                    l.available(), l.version().value());
        }
    }

    private static <S, E> void fold(Map<String, S> states, View<S, E> view, String key, E event) {
        states.put(key, view.evolve(states.getOrDefault(key, view.initialState()), event));
    }

    private static <T> List<T> present(Collection<Optional<T>> states) {
        return states.stream().flatMap(Optional::stream).toList();
    }

    private static <T> T found(QueryResult<T> result) {
        return switch (result) {
            case QueryResult.Found<T> f -> f.value();
            case QueryResult.NotFound<T> n -> throw new IllegalStateException("the in-memory read model answered not found");
            case QueryResult.Failed<T> f -> throw new IllegalStateException("the in-memory read model failed: " + f.failure());
        };
    }

    private static List<RecordedEvent> readAll(EventStore store) {
        List<RecordedEvent> all = new ArrayList<>();
        GlobalPosition after = GlobalPosition.START;
        while (store.readAll(after, 1000) instanceof ReadAllResult.Page page && !page.events().isEmpty()) {
            all.addAll(page.events());
            after = page.events().getLast().position();
        }
        return all;
    }

    private void heading(String title) {
        out.println();
        out.println("== " + title);
    }

    private Instant now() {
        return clock.instant();
    }

    private static OrderLine line(ProductId product, int quantity, String unitPrice) {
        return new OrderLine(product, quantity, Money.of(unitPrice));
    }
}
