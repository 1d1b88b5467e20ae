// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.service.readmodels;

import dev.annals.core.decider.CommandContext;
import dev.annals.core.store.EventStore;
import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.StorageFailure;
import dev.annals.example.orders.fulfillment.FulfillmentCommand;
import dev.annals.example.orders.fulfillment.FulfillmentMessage;
import dev.annals.example.orders.fulfillment.FulfillmentState;
import dev.annals.example.orders.fulfillment.OrderFulfillment;
import dev.annals.example.orders.inventory.InventoryEvent;
import dev.annals.example.orders.order.CustomerId;
import dev.annals.example.orders.order.OrderEvent;
import dev.annals.example.orders.order.OrderId;
import dev.annals.example.orders.order.ProductId;
import dev.annals.example.orders.service.json.OrderCodecs;
import dev.annals.example.orders.views.QueryResult;
import dev.annals.example.orders.views.customers.CustomerStatistics;
import dev.annals.example.orders.views.customers.CustomerStatisticsReadModel;
import dev.annals.example.orders.views.customers.CustomerStatisticsView;
import dev.annals.example.orders.views.details.OrderDetails;
import dev.annals.example.orders.views.details.OrderDetailsReadModel;
import dev.annals.example.orders.views.details.OrderDetailsView;
import dev.annals.example.orders.views.history.OrderHistories;
import dev.annals.example.orders.views.history.OrderHistory;
import dev.annals.example.orders.views.history.OrderHistoryView;
import dev.annals.example.orders.views.inventory.InventoryLevel;
import dev.annals.example.orders.views.inventory.InventoryLevelView;
import dev.annals.example.orders.views.inventory.InventoryLevels;
import dev.annals.example.orders.views.shipping.ShippedOrder;
import dev.annals.example.orders.views.shipping.ShippedOrderView;
import dev.annals.example.orders.views.shipping.ShippedOrders;
import dev.annals.example.orders.views.summary.InMemoryOrderSummaries;
import dev.annals.example.orders.views.summary.OrderSummaries;
import dev.annals.example.orders.views.summary.OrderSummary;
import dev.annals.example.orders.views.summary.OrderSummaryView;
import dev.annals.projections.AwaitResult;
import dev.annals.projections.CommandGateway;
import dev.annals.projections.DeadLetterOutcome;
import dev.annals.projections.DeadLetterStore;
import dev.annals.projections.MessageInput;
import dev.annals.projections.ProcessManagerRuntime;
import dev.annals.projections.ProjectionRunner;
import dev.annals.projections.ReadableViewStore;
import dev.annals.projections.RunnerOptions;
import dev.annals.projections.ViewReader;
import dev.annals.server.ProjectionAdmin;
import dev.annals.server.ReadModelProgress;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/*
 * Wiring
 * ------
 * Six read models, each its own runner over $all (so every runner's checkpoint passes every
 * position, which is what read-your-writes waits on) with its own view store:
 *   order-details, order-summary, order-history, customer-statistics, shipped-orders, inventory
 * and the order-fulfillment process manager, whose per-order state is a view store too and whose
 * commands go through the gateway the service hands in (the same command handlers HTTP uses, so
 * correlation ids flow from the triggering event into the commands' events).
 *
 * Read-your-writes waits on the six read models, not on the process manager: a client that asked
 * for position P sees its own write, while what the process does in answer comes later, by design.
 */

/** The order service's read side: projections, the fulfilment process, queries, progress and admin. */
public final class ReadModels implements ReadModelProgress, ProjectionAdmin, AutoCloseable {
    public static final String FULFILLMENT = "order-fulfillment";
    private static final Duration ADMIN_WAIT = Duration.ofSeconds(10);

    private final ViewStorage storage;
    private final DeadLetterStore deadLetters;
    private final Map<String, LiveProjection<?, ?>> projections = new LinkedHashMap<>();
    private final LiveProjection<Optional<OrderDetails>, OrderEvent> details;
    private final LiveProjection<Optional<OrderSummary>, OrderEvent> summaries;
    private final LiveProjection<Optional<OrderHistory>, OrderEvent> histories;
    private final LiveProjection<Optional<CustomerStatistics>, OrderEvent> customers;
    private final LiveProjection<Optional<ShippedOrder>, OrderEvent> shipped;
    private final LiveProjection<Optional<InventoryLevel>, InventoryEvent> inventory;
    private final ProjectionRunner fulfillment;
    private final ReadableViewStore<FulfillmentState> fulfillmentStore;

    private ReadModels(EventStore store, OrderCodecs codecs, ViewStorage storage,
                       BiFunction<FulfillmentCommand, CommandContext, CommandGateway.Outcome<FulfillmentMessage>> gateway) {
        this.storage = storage;
        this.deadLetters = storage.deadLetters();
        this.details = add(LiveProjection.start("order-details", new OrderDetailsView(), codecs.sharedOrderEvents(),
                OrderDetailsView::keyOf, codecs.viewState(OrderDetails.class), store, storage));
        this.summaries = add(LiveProjection.start("order-summary", new OrderSummaryView(), codecs.sharedOrderEvents(),
                OrderSummaryView::keyOf, codecs.viewState(OrderSummary.class), store, storage));
        this.histories = add(LiveProjection.start("order-history", new OrderHistoryView(), codecs.sharedOrderEvents(),
                OrderHistoryView::keyOf, codecs.viewState(OrderHistory.class), store, storage));
        this.customers = add(LiveProjection.start("customer-statistics", new CustomerStatisticsView(), codecs.sharedOrderEvents(),
                CustomerStatisticsView::keyOf, codecs.viewState(CustomerStatistics.class), store, storage));
        this.shipped = add(LiveProjection.start("shipped-orders", new ShippedOrderView(), codecs.sharedOrderEvents(),
                ShippedOrderView::keyOf, codecs.viewState(ShippedOrder.class), store, storage));
        this.inventory = add(LiveProjection.start("inventory", new InventoryLevelView(), codecs.sharedInventoryEvents(),
                InventoryLevelView::keyOf, codecs.viewState(InventoryLevel.class), store, storage));
        this.fulfillmentStore = switch (storage.open(FULFILLMENT, 0, codecs.fulfillmentState())) {
            case ViewStorage.Opened.Store<FulfillmentState> opened -> opened.store();
            case ViewStorage.Opened.Failed<FulfillmentState> failed -> throw new IllegalStateException(
                    "cannot open the fulfilment state: " + failed.failure().detail());
        };
        this.fulfillment = ProcessManagerRuntime.builder(FULFILLMENT, new OrderFulfillment(), gateway::apply,
                        fulfillmentStore, store)
                .listen(MessageInput.<OrderEvent, FulfillmentMessage>of(codecs.sharedOrderEvents(),
                        envelope -> FulfillmentMessage.from(envelope.event())))
                .listen(MessageInput.<InventoryEvent, FulfillmentMessage>of(codecs.sharedInventoryEvents(),
                        envelope -> FulfillmentMessage.from(envelope.event())))
                .deadLetters(deadLetters)
                // paced like the read models: without it the process state was committed (fsynced) per event
                .options(RunnerOptions.DEFAULTS.withLiveCommitDelay(LiveProjection.LIVE_COMMIT_DELAY))
                .build();
        fulfillment.start();
    }

    /**
     * Starts every read model and the fulfilment process. {@code gateway} sends the process's
     * commands (with the context it is given) and says what became of them.
     */
    public static ReadModels start(EventStore store, OrderCodecs codecs, ViewStorage storage,
                                   BiFunction<FulfillmentCommand, CommandContext, CommandGateway.Outcome<FulfillmentMessage>> gateway) {
        return new ReadModels(store, codecs, storage, gateway);
    }

    private <S, E> LiveProjection<S, E> add(LiveProjection<S, E> projection) {
        projections.put(projection.name(), projection);
        return projection;
    }

    /** Registers lag and dead-letter gauges per projection and for the process manager. */
    public void bindMetrics(MeterRegistry registry) {
        for (String name : names()) {
            Gauge.builder("annals.projection.lag", this, m -> m.statusOf(name).lag())
                    .description("Global positions between the store's head and the projection's checkpoint")
                    .tag("projection", name).register(registry);
            Gauge.builder("annals.projection.checkpoint", this, m -> m.statusOf(name).checkpoint().value())
                    .description("The projection's committed checkpoint").tag("projection", name).register(registry);
            Gauge.builder("annals.projection.dead.letters", this, m -> m.statusOf(name).deadLetters())
                    .description("Events the projection parked").tag("projection", name).register(registry);
        }
    }

    private List<String> names() {
        List<String> names = new ArrayList<>(projections.keySet());
        names.add(FULFILLMENT);
        return names;
    }

    private dev.annals.projections.ProjectionStatus statusOf(String name) {
        return runnerOf(name).status();
    }

    private ProjectionRunner runnerOf(String name) {
        LiveProjection<?, ?> projection = projections.get(name);
        return projection != null ? projection.runner() : fulfillment;
    }

    // ---- queries

    public OrderDetailsReadModel details() {
        ViewReader<Optional<OrderDetails>> reader = details.reader();
        return orderId -> found(reader.find(orderId.value()));
    }

    public OrderSummaries summaries() {
        ViewReader<Optional<OrderSummary>> reader = summaries.reader();
        return new InMemoryOrderSummaries(() -> reader.all().stream().flatMap(Optional::stream).toList());
    }

    public OrderHistories histories() {
        ViewReader<Optional<OrderHistory>> reader = histories.reader();
        return (OrderId orderId) -> found(reader.find(orderId.value()));
    }

    public CustomerStatisticsReadModel customerStatistics() {
        ViewReader<Optional<CustomerStatistics>> reader = customers.reader();
        return (CustomerId customerId) -> found(reader.find(customerId.value()));
    }

    /** Only shipped rows answer; the view keeps unshipped orders to know their count and total. */
    public ShippedOrders shippedOrders() {
        ViewReader<Optional<ShippedOrder>> reader = shipped.reader();
        return (OrderId orderId) -> found(reader.find(orderId.value()).map(s -> s.filter(ShippedOrder::isShipped)));
    }

    public InventoryLevels inventoryLevels() {
        ViewReader<Optional<InventoryLevel>> reader = inventory.reader();
        return (ProductId productId) -> found(reader.find(productId.value()));
    }

    private static <T> QueryResult<T> found(Optional<Optional<T>> state) {
        return state.flatMap(s -> s).<QueryResult<T>>map(QueryResult.Found::new).orElseGet(QueryResult.NotFound::new);
    }

    // ---- read-your-writes

    @Override
    public boolean awaitApplied(GlobalPosition position, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (LiveProjection<?, ?> projection : projections.values()) {
            long remaining = Math.max(0, deadline - System.nanoTime());
            if (!(projection.awaitApplied(position, Duration.ofNanos(remaining)) instanceof AwaitResult.Reached)) {
                return false;
            }
        }
        return true;
    }

    // ---- operations

    @Override
    public List<ProjectionAdmin.ProjectionStatus> projections() {
        List<ProjectionAdmin.ProjectionStatus> all = new ArrayList<>();
        for (String name : names()) {
            dev.annals.projections.ProjectionStatus status = statusOf(name);
            LiveProjection<?, ?> projection = projections.get(name);
            String state = projection != null && projection.isRebuilding()
                    ? "rebuilding" : status.state().name().toLowerCase(Locale.ROOT);
            all.add(new ProjectionAdmin.ProjectionStatus(name, status.checkpoint().value(), status.head().value(),
                    status.lag(), state, Math.max(0, status.deadLetters())));
        }
        return all;
    }

    @Override
    public RebuildResult rebuild(String name) {
        LiveProjection<?, ?> projection = projections.get(name);
        if (projection == null) {
            return new RebuildResult.NotFound();
        }
        return switch (projection.rebuild()) {
            case LiveProjection.RebuildStart.Started started -> new RebuildResult.Started();
            case LiveProjection.RebuildStart.AlreadyRebuilding already -> new RebuildResult.AlreadyRebuilding();
            case LiveProjection.RebuildStart.Failed failed -> new RebuildResult.Failed(failed.failure());
        };
    }

    @Override
    public DeadLetters deadLetters() {
        return switch (deadLetters.listAll()) {
            case DeadLetterStore.Listing.Found found -> new DeadLetters.Listed(found.letters().stream()
                    .map(ReadModels::render).toList());
            case DeadLetterStore.Listing.Failed failed -> new DeadLetters.Failed(failed.failure());
        };
    }

    private static ProjectionAdmin.DeadLetter render(dev.annals.projections.DeadLetter letter) {
        return new ProjectionAdmin.DeadLetter(letter.id(), letter.consumer(), letter.stream().value(),
                letter.version().value(), letter.position().value(), letter.eventType(), letter.reason(), letter.attempts(),
                letter.parkedAt());
    }

    @Override
    public DeadLetterAction retry(String id) {
        return act(id, false);
    }

    @Override
    public DeadLetterAction skip(String id) {
        return act(id, true);
    }

    private DeadLetterAction act(String id, boolean isSkip) {
        dev.annals.projections.DeadLetter letter;
        switch (deadLetters.listAll()) {
            case DeadLetterStore.Listing.Failed failed -> {
                return new DeadLetterAction.Failed(failed.failure());
            }
            case DeadLetterStore.Listing.Found found -> {
                letter = found.letters().stream().filter(l -> l.id().equals(id)).findFirst().orElse(null);
            }
        }
        if (letter == null || !names().contains(letter.consumer())) {
            return new DeadLetterAction.NotFound();
        }
        ProjectionRunner runner = runnerOf(letter.consumer());
        DeadLetterOutcome outcome = isSkip ? runner.skipDeadLetter(id, ADMIN_WAIT) : runner.retryDeadLetter(id, ADMIN_WAIT);
        return switch (outcome) {
            case DeadLetterOutcome.Resolved resolved -> new DeadLetterAction.Done();
            case DeadLetterOutcome.StillParked parked -> new DeadLetterAction.FailedAgain(parked.reason());
            case DeadLetterOutcome.NotFound notFound -> new DeadLetterAction.NotFound();
            case DeadLetterOutcome.NotActive inactive -> new DeadLetterAction.Failed(StorageFailure.unavailable(inactive.detail()));
            case DeadLetterOutcome.Failed failed -> new DeadLetterAction.Failed(failed.failure());
        };
    }

    /** Stops the process manager first (it writes), then the read models, then closes their stores. */
    @Override
    public void close() {
        fulfillment.stop();
        if (fulfillmentStore instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                System.getLogger(ReadModels.class.getName()).log(System.Logger.Level.WARNING, "closing the fulfilment state", e);
            }
        }
        projections.values().forEach(LiveProjection::close);
        storage.close();
    }

}
