// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.service.http;

import dev.annals.core.decider.CommandContext;
import dev.annals.core.decider.HandleResult;
import dev.annals.core.decider.IdempotencyKey;
import dev.annals.core.decider.TemporalFold;
import dev.annals.core.store.ExpectedVersion;
import dev.annals.core.store.StreamVersion;
import dev.annals.example.orders.inventory.InventoryCommand;
import dev.annals.example.orders.order.CustomerId;
import dev.annals.example.orders.order.Money;
import dev.annals.example.orders.order.OrderCommand;
import dev.annals.example.orders.order.OrderId;
import dev.annals.example.orders.order.OrderLine;
import dev.annals.example.orders.order.OrderState;
import dev.annals.example.orders.order.OrderStatus;
import dev.annals.example.orders.order.ProductId;
import dev.annals.example.orders.service.OrderCommands;
import dev.annals.example.orders.service.readmodels.ReadModels;
import dev.annals.example.orders.views.Page;
import dev.annals.example.orders.views.QueryResult;
import dev.annals.example.orders.views.ResultPage;
import dev.annals.example.orders.views.summary.OrderSummary;
import dev.annals.example.orders.views.summary.OrderSummaryQuery;
import dev.annals.server.ApiError;
import dev.annals.server.Call;
import dev.annals.server.HttpOutcomes;
import dev.annals.server.Parsed;
import dev.annals.server.Reply;
import dev.annals.server.Role;
import dev.annals.server.RouteTable;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/*
 * Commands
 * --------
 * Every command route reads its body strictly, checks ids and money (400), builds the domain
 * command stamped with the injected clock, and hands it to the command handler with a context:
 * correlation id = X-Correlation-Id (or the server's fresh one), user = the caller's name,
 * If-Match = expected version, Idempotency-Key bound to a hash of method, path and body. The answer
 * comes from HttpOutcomes.command (one exhaustive mapping); a replay answers the first outcome
 * byte for byte, with Idempotent-Replayed: true.
 *
 * Queries
 * -------
 * Read models only (fed by projections); X-Annals-Min-Position waits for them (504 when late).
 * GET /api/orders/{id}/state folds the event store instead and needs no waiting.
 */

/** The route table of the order service's commands, queries and temporal queries. */
public final class OrderRoutes {
    public static final int MAX_TEXT_LENGTH = 1000;
    private static final String IDEMPOTENCY_KEY = "idempotency-key";
    private static final String IF_MATCH = "if-match";

    private final OrderCommands commands;
    private final ReadModels readModels;

    private OrderRoutes(OrderCommands commands, ReadModels readModels) {
        this.commands = commands;
        this.readModels = readModels;
    }

    public static RouteTable of(OrderCommands commands, ReadModels readModels) {
        OrderRoutes routes = new OrderRoutes(commands, readModels);
        return RouteTable.builder()
                .post("/api/orders", Role.WRITER, routes::createOrder)
                .post("/api/orders/{id}/items", Role.WRITER, routes::addItem)
                .delete("/api/orders/{id}/items/{productId}", Role.WRITER, routes::removeItem)
                .post("/api/orders/{id}/confirm", Role.WRITER, routes::confirm)
                .post("/api/orders/{id}/pay", Role.WRITER, routes::pay)
                .post("/api/orders/{id}/ship", Role.WRITER, routes::ship)
                .post("/api/orders/{id}/cancel", Role.WRITER, routes::cancel)
                .post("/api/orders/{id}/correct-total", Role.WRITER, routes::correctTotal)
                .post("/api/products/{productId}/stock", Role.WRITER, routes::addStock)
                .get("/api/orders/{id}", Role.READER, routes::details)
                .get("/api/orders", Role.READER, routes::search)
                .get("/api/orders/{id}/history", Role.READER, routes::history)
                .get("/api/customers/{customerId}/statistics", Role.READER, routes::statistics)
                .get("/api/shipped-orders/{id}", Role.READER, routes::shipped)
                .get("/api/products/{productId}/inventory", Role.READER, routes::inventory)
                .get("/api/orders/{id}/state", Role.READER, routes::state)
                .build();
    }

    // ---- commands

    private Reply createOrder(Call call) {
        return call.bodyAs(RequestBodies.CreateOrder.class).then(body -> {
            String rawId = body.orderId() != null ? body.orderId() : UUID.randomUUID().toString();
            if (!OrderId.isValid(rawId)) {
                return invalid("orderId", "orderId must be 1..64 characters of [A-Za-z0-9_-]");
            }
            if (body.customerId() == null) {
                return missing("customerId");
            }
            if (!CustomerId.isValid(body.customerId())) {
                return invalid("customerId", "customerId must be 1..64 characters of [A-Za-z0-9_-]");
            }
            if (body.items() == null) {
                return missing("items");
            }
            List<OrderLine> lines = new ArrayList<>();
            for (int i = 0; i < body.items().size(); i++) {
                RequestBodies.Item item = body.items().get(i);
                if (item == null) {
                    return invalid("items[" + i + "]", "an item must be an object");
                }
                Parsed<OrderLine> line = line(item, "items[" + i + "].");
                if (line instanceof Parsed.Invalid<OrderLine> bad) {
                    return bad.error().reply();
                }
                lines.add(((Parsed.Ok<OrderLine>) line).value());
            }
            OrderId orderId = OrderId.of(rawId);
            return context(call).then(context -> {
                var result = commands.order(new OrderCommand.CreateOrder(orderId, CustomerId.of(body.customerId()), lines,
                        now()), context);
                Reply reply = HttpOutcomes.command(result, 201, OrderResponses::typeOf, OrderResponses::rejection);
                if (result instanceof HandleResult.Accepted<?, ?> accepted) {
                    String id = accepted.stream().value().substring(OrderCommands.ORDER_CATEGORY.length() + 1);
                    reply = reply.withHeader("Location", "/api/orders/" + id)
                            .withHeader("ETag", etag(accepted.version()));
                }
                return reply;
            });
        });
    }

    private Reply addItem(Call call) {
        return orderId(call).then(orderId -> call.bodyAs(RequestBodies.Item.class).then(item ->
                line(item, "").then(line -> order(call, new OrderCommand.AddItem(orderId, line, now())))));
    }

    private Reply removeItem(Call call) {
        return orderId(call).then(orderId -> productId(call).then(productId ->
                order(call, new OrderCommand.RemoveItem(orderId, productId, now()))));
    }

    private Reply confirm(Call call) {
        return orderId(call).then(orderId -> order(call, new OrderCommand.ConfirmOrder(orderId, now())));
    }

    private Reply pay(Call call) {
        return orderId(call).then(orderId -> call.bodyAs(RequestBodies.Pay.class).then(body ->
                text(body.paymentId(), "paymentId").then(paymentId ->
                        order(call, new OrderCommand.PayOrder(orderId, paymentId, now())))));
    }

    private Reply ship(Call call) {
        return orderId(call).then(orderId -> call.bodyAs(RequestBodies.Ship.class).then(body ->
                text(body.trackingNumber(), "trackingNumber").then(tracking ->
                        text(body.carrier(), "carrier").then(carrier ->
                                order(call, new OrderCommand.ShipOrder(orderId, tracking, carrier, now()))))));
    }

    private Reply cancel(Call call) {
        return orderId(call).then(orderId -> call.bodyAs(RequestBodies.Cancel.class).then(body ->
                text(body.reason(), "reason").then(reason ->
                        order(call, new OrderCommand.CancelOrder(orderId, reason, now())))));
    }

    private Reply correctTotal(Call call) {
        return orderId(call).then(orderId -> call.bodyAs(RequestBodies.CorrectTotal.class).then(body ->
                money(body.correctedTotal(), "correctedTotal").then(total ->
                        text(body.reason(), "reason").then(reason ->
                                order(call, new OrderCommand.CorrectTotal(orderId, total, reason, now()))))));
    }

    private Reply addStock(Call call) {
        return productId(call).then(productId -> call.bodyAs(RequestBodies.AddStock.class).then(body -> {
            if (body.quantity() == null) {
                return missing("quantity");
            }
            return context(call).then(context -> {
                var result = commands.inventory(new InventoryCommand.AddStock(productId, body.quantity(), now()), context);
                Reply reply = HttpOutcomes.command(result, 200, OrderResponses::typeOf, OrderResponses::rejection);
                return result instanceof HandleResult.Accepted<?, ?> accepted
                        ? reply.withHeader("ETag", etag(accepted.version())) : reply;
            });
        }));
    }

    private Reply order(Call call, OrderCommand command) {
        return context(call).then(context -> {
            var result = commands.order(command, context);
            Reply reply = HttpOutcomes.command(result, 200, OrderResponses::typeOf, OrderResponses::rejection);
            return result instanceof HandleResult.Accepted<?, ?> accepted
                    ? reply.withHeader("ETag", etag(accepted.version())) : reply;
        });
    }

    private Instant now() {
        return commands.clock().instant();
    }

    private static Parsed<CommandContext> context(Call call) {
        CommandContext context = CommandContext.create()
                .withCorrelationId(call.correlationId())
                .withUserId(call.caller().name());
        String ifMatch = call.header(IF_MATCH);
        if (ifMatch != null) {
            Optional<ExpectedVersion> expected = expectedVersion(ifMatch);
            if (expected.isEmpty()) {
                return Parsed.invalid(new ApiError(400, "invalid_header",
                        "If-Match must be a quoted stream version, e.g. \"3\"", Map.of("header", "If-Match")));
            }
            context = context.withExpectedVersion(expected.get());
        }
        String key = call.header(IDEMPOTENCY_KEY);
        if (key != null) {
            try {
                context = context.withIdempotencyKey(new IdempotencyKey(key, call.requestHash()));
            } catch (IllegalArgumentException e) {
                return Parsed.invalid(new ApiError(400, "invalid_header", "Idempotency-Key must be 1.."
                        + IdempotencyKey.MAX_LENGTH + " printable ASCII characters without spaces",
                        Map.of("header", "Idempotency-Key")));
            }
        }
        return Parsed.ok(context);
    }

    /** {@code "3"}, {@code 3} or {@code W/"3"} as an exact version; {@code *} as "the stream exists". */
    static Optional<ExpectedVersion> expectedVersion(String header) {
        String value = header.strip();
        if (value.equals("*")) {
            return Optional.of(ExpectedVersion.STREAM_EXISTS);
        }
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        return Optional.of(ExpectedVersion.exact(Long.parseLong(value)));
    }

    private static String etag(StreamVersion version) {
        return "\"" + version.value() + "\"";
    }

    // ---- queries

    private Reply details(Call call) {
        return orderId(call).then(orderId -> call.afterReadModel(readModels, () ->
                single(readModels.details().find(orderId), "order_not_found", "order " + orderId + " does not exist",
                        d -> Reply.ok(OrderResponses.details(d)).withHeader("ETag", etag(d.version())))));
    }

    private Reply search(Call call) {
        OrderSummaryQuery.Search query = OrderSummaryQuery.Search.all();
        Optional<String> customer = call.query("customerId");
        if (customer.isPresent()) {
            if (!CustomerId.isValid(customer.get())) {
                return parameter("customerId", "customerId must be 1..64 characters of [A-Za-z0-9_-]");
            }
            query = query.withCustomer(CustomerId.of(customer.get()));
        }
        Optional<String> status = call.query("status");
        if (status.isPresent()) {
            OrderStatus parsed = null;
            for (OrderStatus candidate : OrderStatus.values()) {
                if (candidate.name().equalsIgnoreCase(status.get())) {
                    parsed = candidate;
                }
            }
            if (parsed == null) {
                return parameter("status", "status is one of PENDING, CONFIRMED, READY_TO_SHIP, SHIPPED, CANCELLED");
            }
            query = query.withStatus(parsed);
        }
        Money minTotal = null;
        Money maxTotal = null;
        for (String name : List.of("minTotal", "maxTotal")) {
            Optional<String> raw = call.query(name);
            if (raw.isPresent()) {
                if (!Money.isValid(raw.get())) {
                    return parameter(name, name + " must be a decimal with at most 2 fraction digits");
                }
                if (name.equals("minTotal")) {
                    minTotal = Money.of(raw.get());
                } else {
                    maxTotal = Money.of(raw.get());
                }
            }
        }
        query = query.withTotalBetween(minTotal, maxTotal);
        Instant from = null;
        Instant to = null;
        for (String name : List.of("createdFrom", "createdTo")) {
            Optional<String> raw = call.query(name);
            if (raw.isPresent()) {
                try {
                    Instant instant = Instant.parse(raw.get());
                    if (name.equals("createdFrom")) {
                        from = instant;
                    } else {
                        to = instant;
                    }
                } catch (DateTimeParseException e) {
                    return parameter(name, name + " must be an ISO-8601 instant, e.g. 2026-01-31T12:00:00Z");
                }
            }
        }
        query = query.withCreatedBetween(from, to);
        OrderSummaryQuery.Search base = query;
        return call.queryLong("page", 1, 1, Page.MAX_NUMBER).then(page ->
                call.queryLong("size", Page.DEFAULT_SIZE, 1, Page.MAX_SIZE).then(size -> {
                    OrderSummaryQuery.Search search = base.withPage(Page.of(page.intValue(), size.intValue()));
                    return call.afterReadModel(readModels, () -> switch (readModels.summaries().find(search)) {
                        case QueryResult.Found<ResultPage<OrderSummary>> found -> Reply.ok(OrderResponses.object(
                                "items", found.value().items().stream().map(OrderResponses::summary).toList(),
                                "page", found.value().page().number(), "size", found.value().page().size(),
                                "total", found.value().total()));
                        case QueryResult.NotFound<ResultPage<OrderSummary>> none -> Reply.ok(OrderResponses.object(
                                "items", List.of(), "page", page, "size", size, "total", 0));
                        case QueryResult.Failed<ResultPage<OrderSummary>> failed -> HttpOutcomes.failure(failed.failure()).reply();
                    });
                }));
    }

    private Reply history(Call call) {
        return orderId(call).then(orderId -> call.afterReadModel(readModels, () ->
                single(readModels.histories().find(orderId), "order_not_found", "order " + orderId + " does not exist",
                        h -> Reply.ok(OrderResponses.history(h)))));
    }

    private Reply statistics(Call call) {
        String raw = call.parameter("customerId");
        if (!CustomerId.isValid(raw)) {
            return invalidId("customerId");
        }
        CustomerId customerId = CustomerId.of(raw);
        return call.afterReadModel(readModels, () -> single(readModels.customerStatistics().find(customerId),
                "customer_not_found", "customer " + customerId + " has no orders", s -> Reply.ok(OrderResponses.statistics(s))));
    }

    private Reply shipped(Call call) {
        return orderId(call).then(orderId -> call.afterReadModel(readModels, () ->
                single(readModels.shippedOrders().find(orderId), "shipped_order_not_found",
                        "order " + orderId + " does not exist or has not shipped",
                        s -> Reply.ok(OrderResponses.shipped(s)).withHeader("ETag", etag(s.version())))));
    }

    private Reply inventory(Call call) {
        return productId(call).then(productId -> call.afterReadModel(readModels, () ->
                single(readModels.inventoryLevels().find(productId), "product_not_found",
                        "product " + productId + " has no inventory",
                        l -> Reply.ok(OrderResponses.inventory(l)).withHeader("ETag", etag(l.version())))));
    }

    private Reply state(Call call) {
        return orderId(call).then(orderId -> {
            Optional<String> asOf = call.query("asOf");
            Optional<String> version = call.query("version");
            if (asOf.isPresent() && version.isPresent()) {
                return parameter("asOf", "give asOf or version, not both");
            }
            TemporalFold<OrderState, ?> fold = commands.orderStates();
            TemporalFold.Result<OrderState> result;
            if (asOf.isPresent()) {
                Instant instant;
                try {
                    instant = Instant.parse(asOf.get());
                } catch (DateTimeParseException e) {
                    return parameter("asOf", "asOf must be an ISO-8601 instant, e.g. 2026-01-31T12:00:00Z");
                }
                result = fold.asOf(OrderCommands.orderStream(orderId), instant);
            } else {
                Parsed<Long> parsed = call.queryLong("version", Long.MAX_VALUE, 0, Long.MAX_VALUE);
                if (parsed instanceof Parsed.Invalid<Long> bad) {
                    return bad.error().reply();
                }
                long at = ((Parsed.Ok<Long>) parsed).value();
                result = fold.asOfVersion(OrderCommands.orderStream(orderId),
                        at == Long.MAX_VALUE ? StreamVersion.END : StreamVersion.of(at));
            }
            return switch (result) {
                case TemporalFold.Result.Folded<OrderState> folded -> switch (folded.state()) {
                    case OrderState.Created created -> Reply.ok(OrderResponses.state(created, folded.version(),
                            folded.recordedAt())).withHeader("ETag", etag(folded.version()));
                    case OrderState.NotCreated none -> notFound(orderId);
                };
                case TemporalFold.Result.NotFound<OrderState> none -> notFound(orderId);
                case TemporalFold.Result.Failed<OrderState> failed -> HttpOutcomes.failure(failed.failure()).reply();
            };
        });
    }

    private static Reply notFound(OrderId orderId) {
        return new ApiError(404, "order_not_found", "order " + orderId + " had no event at that point",
                Map.of("orderId", orderId.value())).reply();
    }

    private static <T> Reply single(QueryResult<T> result, String notFoundCode, String notFoundMessage,
                                    Function<T, Reply> found) {
        return switch (result) {
            case QueryResult.Found<T> f -> found.apply(f.value());
            case QueryResult.NotFound<T> n -> ApiError.of(404, notFoundCode, notFoundMessage).reply();
            case QueryResult.Failed<T> failed -> HttpOutcomes.failure(failed.failure()).reply();
        };
    }

    // ---- input checks

    private static Parsed<OrderId> orderId(Call call) {
        String raw = call.parameter("id");
        return OrderId.isValid(raw) ? Parsed.ok(OrderId.of(raw)) : Parsed.invalid(invalidIdError("orderId"));
    }

    private static Parsed<ProductId> productId(Call call) {
        String raw = call.parameter("productId");
        return ProductId.isValid(raw) ? Parsed.ok(ProductId.of(raw)) : Parsed.invalid(invalidIdError("productId"));
    }

    private static Parsed<OrderLine> line(RequestBodies.Item item, String prefix) {
        if (item.productId() == null) {
            return Parsed.invalid(missingError(prefix + "productId"));
        }
        if (!ProductId.isValid(item.productId())) {
            return Parsed.invalid(invalidError(prefix + "productId", "productId must be 1..64 characters of [A-Za-z0-9_-]"));
        }
        if (item.quantity() == null) {
            return Parsed.invalid(missingError(prefix + "quantity"));
        }
        return money(item.unitPrice(), prefix + "unitPrice").map(price ->
                Parsed.ok(new OrderLine(ProductId.of(item.productId()), item.quantity(), price)));
    }

    private static Parsed<Money> money(String raw, String field) {
        if (raw == null) {
            return Parsed.invalid(missingError(field));
        }
        if (!Money.isValid(raw)) {
            return Parsed.invalid(invalidError(field, field + " must be a non-negative decimal string with at most 2 "
                    + "fraction digits, e.g. \"19.99\""));
        }
        return Parsed.ok(Money.of(raw));
    }

    private static Parsed<String> text(String raw, String field) {
        if (raw == null) {
            return Parsed.invalid(missingError(field));
        }
        if (raw.length() > MAX_TEXT_LENGTH) {
            return Parsed.invalid(invalidError(field, field + " must be at most " + MAX_TEXT_LENGTH + " characters"));
        }
        return Parsed.ok(raw);
    }

    private static Reply missing(String field) {
        return missingError(field).reply();
    }

    private static ApiError missingError(String field) {
        return new ApiError(400, "missing_field", "the field '" + field + "' is required", Map.of("field", field));
    }

    private static Reply invalid(String field, String message) {
        return invalidError(field, message).reply();
    }

    private static ApiError invalidError(String field, String message) {
        return new ApiError(400, "invalid_value", message, Map.of("field", field));
    }

    private static Reply invalidId(String parameter) {
        return invalidIdError(parameter).reply();
    }

    private static ApiError invalidIdError(String parameter) {
        return new ApiError(400, "invalid_id", parameter + " must be 1..64 characters of [A-Za-z0-9_-]",
                Map.of("parameter", parameter));
    }

    private static Reply parameter(String name, String message) {
        return new ApiError(400, "invalid_parameter", message, Map.of("parameter", name)).reply();
    }

}
