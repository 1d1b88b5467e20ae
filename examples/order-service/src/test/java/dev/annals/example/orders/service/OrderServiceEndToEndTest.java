// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.service;

import static dev.annals.example.orders.service.TestService.item;
import static dev.annals.example.orders.service.TestService.order;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route's happy path and every rejection code, against the real server. Runs once per
 * store: each subclass says which store the service starts on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OrderServiceEndToEndTest {
    OrderService service;
    static Api admin;
    static Api writer;
    static Api reader;

    /** Starts the service on the store under test, with {@link TestService#ENVIRONMENT}'s tokens. */
    abstract OrderService startService(Path dataDirectory);

    @BeforeAll
    void start(@TempDir Path data) {
        service = startService(data);
        admin = new Api(service.port(), TestService.ADMIN);
        writer = admin.as(TestService.WRITER);
        reader = admin.as(TestService.READER);
    }

    @AfterAll
    void stop() {
        service.close();
    }

    private static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Api.Response create(String orderId, String customerId, String productId, int quantity, String price) {
        Api.Response created = writer.post("/api/orders", order(orderId, customerId, List.of(item(productId, quantity, price))));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created;
    }

    private static JsonNode details(String orderId, Api.Response after) {
        Api.Response details = reader.get("/api/orders/" + orderId, "X-Annals-Min-Position", after.header("X-Annals-Position"));
        assertThat(details.status()).as(details.toString()).isEqualTo(200);
        return details.json();
    }

    private static JsonNode awaitStatus(String orderId, String status) {
        return Eventually.await("order " + orderId + " to be " + status, () -> reader.get("/api/orders/" + orderId),
                r -> r.status() == 200 && r.json().path("status").asText().equals(status)).json();
    }

    private static Api.Response stock(String productId, int quantity) {
        Api.Response added = writer.post("/api/products/" + productId + "/stock", Map.of("quantity", quantity));
        assertThat(added.status()).as(added.toString()).isEqualTo(200);
        return added;
    }

    @Test
    void createsAnOrderAndAnswersItsDetailsWithReadYourWrites() {
        String orderId = id("o");
        Api.Response created = create(orderId, "c-1", "p-1", 2, "19.99");

        assertThat(created.header("Location")).isEqualTo("/api/orders/" + orderId);
        assertThat(created.json().path("streamId").asText()).isEqualTo("Order-" + orderId);
        assertThat(created.json().path("version").asLong()).isZero();
        assertThat(created.json().path("events").get(0).asText()).isEqualTo("OrderCreated");
        assertThat(created.header("X-Annals-Position")).isEqualTo(created.json().path("position").asText());

        Api.Response details = reader.get("/api/orders/" + orderId, "X-Annals-Min-Position", created.header("X-Annals-Position"));
        assertThat(details.status()).isEqualTo(200);
        assertThat(details.header("ETag")).isEqualTo("\"0\"");
        JsonNode json = details.json();
        assertThat(json.path("status").asText()).isEqualTo("PENDING");
        assertThat(json.path("customerId").asText()).isEqualTo("c-1");
        assertThat(json.path("total").asText()).isEqualTo("39.98");
        assertThat(json.path("items").get(0).path("lineTotal").asText()).isEqualTo("39.98");
        assertThat(json.path("paid").asBoolean()).isFalse();
        assertThat(json.path("timeline").get(0).path("type").asText()).isEqualTo("OrderCreated");
        assertThat(json.path("timeline").get(0).path("position").asLong()).isEqualTo(created.json().path("position").asLong());
        assertThat(json.path("createdAt").asText()).isNotEmpty();
    }

    @Test
    void generatesAnOrderIdWhenNoneIsGiven() {
        Api.Response created = writer.post("/api/orders", Map.of("customerId", "c-gen", "items", List.of(item("p-g", 1, "1"))));
        assertThat(created.status()).isEqualTo(201);
        String location = created.header("Location");
        assertThat(location).startsWith("/api/orders/");
        assertThat(reader.get(location, "X-Annals-Min-Position", created.header("X-Annals-Position")).status()).isEqualTo(200);
    }

    @Test
    void runsAnOrderThroughFulfilmentToShipment() {
        String product = id("p");
        String orderId = id("o");
        String customer = id("c");
        stock(product, 5);
        String extra = id("p");
        stock(extra, 5);
        create(orderId, customer, product, 2, "10.00");

        Api.Response added = writer.post("/api/orders/" + orderId + "/items", item(extra, 1, "5.50"));
        assertThat(added.status()).as(added.toString()).isEqualTo(200);
        assertThat(added.json().path("events").get(0).asText()).isEqualTo("ItemAdded");
        assertThat(details(orderId, added).path("total").asText()).isEqualTo("25.50");

        Api.Response removed = writer.delete("/api/orders/" + orderId + "/items/" + extra);
        assertThat(removed.status()).as(removed.toString()).isEqualTo(200);
        assertThat(details(orderId, removed).path("items")).hasSize(1);

        Api.Response confirmed = writer.post("/api/orders/" + orderId + "/confirm", (String) null);
        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
        JsonNode ready = awaitStatus(orderId, "READY_TO_SHIP");
        String readyPosition = ready.path("timeline").get(ready.path("timeline").size() - 1).path("position").asText();

        // the reservations were recorded before OrderReadyToShip: waiting for its position covers them
        Api.Response inventory = reader.get("/api/products/" + product + "/inventory", "X-Annals-Min-Position", readyPosition);
        assertThat(inventory.status()).isEqualTo(200);
        assertThat(inventory.json().path("onHand").asLong()).isEqualTo(5);
        assertThat(inventory.json().path("reserved").asLong()).isEqualTo(2);
        assertThat(inventory.json().path("available").asLong()).isEqualTo(3);

        Api.Response paid = writer.post("/api/orders/" + orderId + "/pay", Map.of("paymentId", "pay-1"));
        assertThat(paid.status()).as(paid.toString()).isEqualTo(200);
        Api.Response shipped = writer.post("/api/orders/" + orderId + "/ship", Map.of("trackingNumber", "T-1", "carrier", "DHL"));
        assertThat(shipped.status()).as(shipped.toString()).isEqualTo(200);
        JsonNode finalDetails = details(orderId, shipped);
        assertThat(finalDetails.path("status").asText()).isEqualTo("SHIPPED");
        assertThat(finalDetails.path("payment").path("paymentId").asText()).isEqualTo("pay-1");
        assertThat(finalDetails.path("shipping").path("carrier").asText()).isEqualTo("DHL");

        Api.Response flat = reader.get("/api/shipped-orders/" + orderId, "X-Annals-Min-Position", shipped.header("X-Annals-Position"));
        assertThat(flat.status()).as(flat.toString()).isEqualTo(200);
        assertThat(flat.json().path("trackingNumber").asText()).isEqualTo("T-1");
        assertThat(flat.json().path("total").asText()).isEqualTo("20.00");

        Api.Response history = reader.get("/api/orders/" + orderId + "/history", "X-Annals-Min-Position", shipped.header("X-Annals-Position"));
        assertThat(history.status()).isEqualTo(200);
        List<String> statuses = new ArrayList<>();
        history.json().forEach(change -> statuses.add(change.path("status").asText()));
        assertThat(statuses).containsExactly("PENDING", "CONFIRMED", "READY_TO_SHIP", "SHIPPED");

        Api.Response statistics = reader.get("/api/customers/" + customer + "/statistics", "X-Annals-Min-Position",
                shipped.header("X-Annals-Position"));
        assertThat(statistics.status()).isEqualTo(200);
        assertThat(statistics.json().path("orderCount").asInt()).isEqualTo(1);
        assertThat(statistics.json().path("totalSpent").asText()).isEqualTo("20.00");
        assertThat(statistics.json().path("byStatus").path("SHIPPED").asInt()).isEqualTo(1);

        Api.Response atCreation = reader.get("/api/orders/" + orderId + "/state?version=0");
        assertThat(atCreation.status()).isEqualTo(200);
        assertThat(atCreation.json().path("version").asLong()).isZero();
        assertThat(atCreation.json().path("state").path("status").asText()).isEqualTo("PENDING");
        Api.Response now = reader.get("/api/orders/" + orderId + "/state?asOf=" + Instant.now().plusSeconds(60));
        assertThat(now.json().path("state").path("status").asText()).isEqualTo("SHIPPED");
        Api.Response before = reader.get("/api/orders/" + orderId + "/state?asOf=2000-01-01T00:00:00Z");
        assertThat(before.status()).isEqualTo(404);
        assertThat(before.errorCode()).isEqualTo("order_not_found");
    }

    @Test
    void cancelsAnOrderWhoseStockRunsOutAndReleasesWhatWasReserved() {
        String plenty = id("p");
        String scarce = id("p");
        stock(plenty, 10);
        stock(scarce, 1);
        String orderId = id("o");
        Api.Response created = writer.post("/api/orders", order(orderId, "c-2",
                List.of(item(plenty, 3, "1.00"), item(scarce, 2, "1.00"))));
        assertThat(created.status()).isEqualTo(201);
        writer.post("/api/orders/" + orderId + "/confirm", (String) null);

        JsonNode cancelled = awaitStatus(orderId, "CANCELLED");
        assertThat(cancelled.path("cancellation").path("reason").asText()).isEqualTo("insufficient_stock");
        Eventually.await("stock of " + plenty + " released", () -> reader.get("/api/products/" + plenty + "/inventory"),
                r -> r.json().path("reserved").asLong() == 0 && r.json().path("version").asLong() >= 2);
    }

    @Test
    void refundsAPaidOrderThatIsCancelledAndCorrectsTotalsWithoutTouchingTheOriginal() {
        String product = id("p");
        stock(product, 3);
        String orderId = id("o");
        create(orderId, "c-3", product, 1, "7.00");
        writer.post("/api/orders/" + orderId + "/confirm", (String) null);
        awaitStatus(orderId, "READY_TO_SHIP");

        Api.Response corrected = writer.post("/api/orders/" + orderId + "/correct-total",
                Map.of("correctedTotal", "6.50", "reason", "voucher"));
        assertThat(corrected.status()).as(corrected.toString()).isEqualTo(200);
        assertThat(details(orderId, corrected).path("total").asText()).isEqualTo("6.50");

        writer.post("/api/orders/" + orderId + "/pay", Map.of("paymentId", "pay-2"));
        Api.Response cancel = writer.post("/api/orders/" + orderId + "/cancel", Map.of("reason", "changed my mind"));
        assertThat(cancel.status()).as(cancel.toString()).isEqualTo(200);

        JsonNode refunded = Eventually.await("refund of " + orderId, () -> reader.get("/api/orders/" + orderId),
                r -> !r.json().path("refund").isNull() && !r.json().path("refund").isMissingNode()).json();
        assertThat(refunded.path("refund").path("amount").asText()).isEqualTo("6.50");
        Eventually.await("stock released", () -> reader.get("/api/products/" + product + "/inventory"),
                r -> r.json().path("reserved").asLong() == 0 && r.json().path("version").asLong() >= 2);

        Api.Response stream = reader.get("/api/streams/Order-" + orderId);
        JsonNode first = stream.json().path("events").get(0);
        assertThat(first.path("eventType").asText()).isEqualTo("orders.OrderCreated");
        assertThat(first.path("data").path("total").asText()).isEqualTo("7.00");
    }

    @Test
    void searchesSummariesWithFiltersAndPages() {
        String customer = id("c");
        List<Api.Response> created = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            created.add(create(id("o"), customer, "p-s", i + 1, "10.00"));
        }
        String position = created.getLast().header("X-Annals-Position");
        Api.Response all = reader.get("/api/orders?customerId=" + customer + "&size=2", "X-Annals-Min-Position", position);
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.json().path("total").asLong()).isEqualTo(3);
        assertThat(all.json().path("items")).hasSize(2);
        assertThat(all.json().path("page").asInt()).isEqualTo(1);
        assertThat(all.json().path("size").asInt()).isEqualTo(2);
        Api.Response second = reader.get("/api/orders?customerId=" + customer + "&size=2&page=2");
        assertThat(second.json().path("items")).hasSize(1);

        Api.Response expensive = reader.get("/api/orders?customerId=" + customer + "&minTotal=20&status=pending");
        assertThat(expensive.json().path("total").asLong()).isEqualTo(2);
        Api.Response none = reader.get("/api/orders?customerId=" + customer + "&status=SHIPPED");
        assertThat(none.json().path("total").asLong()).isZero();
        Api.Response future = reader.get("/api/orders?customerId=" + customer + "&createdFrom=2999-01-01T00:00:00Z");
        assertThat(future.json().path("items")).isEmpty();
    }

    @Test
    void answersTheRejectionCodesOfTheDomain() {
        Api.Response unknown = writer.post("/api/orders/nope-" + UUID.randomUUID() + "/confirm", (String) null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo("order_not_found");

        String orderId = id("o");
        create(orderId, "c-4", "p-r", 1, "1.00");
        Api.Response lastItem = writer.delete("/api/orders/" + orderId + "/items/p-r");
        assertThat(lastItem.status()).isEqualTo(422);
        assertThat(lastItem.errorCode()).isEqualTo("cannot_remove_last_item");

        Api.Response duplicate = writer.post("/api/orders/" + orderId + "/items", item("p-r", 1, "1.00"));
        assertThat(duplicate.errorCode()).isEqualTo("product_already_in_order");

        Api.Response quantity = writer.post("/api/orders/" + orderId + "/items", item("p-q", 1001, "1.00"));
        assertThat(quantity.status()).isEqualTo(422);
        assertThat(quantity.errorCode()).isEqualTo("invalid_quantity");

        Api.Response notPayable = writer.post("/api/orders/" + orderId + "/pay", Map.of("paymentId", "x"));
        assertThat(notPayable.status()).isEqualTo(422);
        assertThat(notPayable.errorCode()).isEqualTo("order_not_payable");

        Api.Response exists = writer.post("/api/orders", order(orderId, "c-4", List.of(item("p-r", 1, "1.00"))));
        assertThat(exists.status()).isEqualTo(422);
        assertThat(exists.errorCode()).isEqualTo("order_already_exists");

        Api.Response blank = writer.post("/api/orders/" + orderId + "/cancel", Map.of("reason", " "));
        assertThat(blank.errorCode()).isEqualTo("value_required");

        Api.Response cancelled = writer.post("/api/orders/" + orderId + "/cancel", Map.of("reason", "test"));
        assertThat(cancelled.status()).isEqualTo(200);
        Api.Response again = writer.post("/api/orders/" + orderId + "/cancel", Map.of("reason", "test"));
        assertThat(again.errorCode()).isEqualTo("order_already_cancelled");
        String pending = id("o");
        create(pending, "c-4", "p-r", 1, "1.00");
        Api.Response ship = writer.post("/api/orders/" + pending + "/ship", Map.of("trackingNumber", "t", "carrier", "c"));
        assertThat(ship.status()).isEqualTo(422);
        assertThat(ship.errorCode()).isEqualTo("order_not_ready_to_ship");

        Api.Response tooMuch = writer.post("/api/products/" + id("p") + "/stock", Map.of("quantity", 0));
        assertThat(tooMuch.status()).isEqualTo(422);
        assertThat(tooMuch.errorCode()).isEqualTo("invalid_quantity");

        assertThat(reader.get("/api/orders/unknown-order").errorCode()).isEqualTo("order_not_found");
        assertThat(reader.get("/api/products/unknown-product/inventory").status()).isEqualTo(404);
        assertThat(reader.get("/api/customers/unknown-customer/statistics").status()).isEqualTo(404);
        assertThat(reader.get("/api/shipped-orders/" + orderId).status()).isEqualTo(404);
        assertThat(reader.get("/api/orders/unknown-order/history").status()).isEqualTo(404);
        assertThat(reader.get("/api/orders/unknown-order/state").status()).isEqualTo(404);
    }

    @Test
    void checksTheExpectedVersionOfIfMatchAndAnswersEtags() {
        String orderId = id("o");
        create(orderId, "c-5", "p-1", 1, "1.00");
        Api.Response stale = writer.post("/api/orders/" + orderId + "/items", item("p-2", 1, "1.00"), "If-Match", "\"3\"");
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.errorCode()).isEqualTo("wrong_expected_version");
        assertThat(stale.json().path("error").path("details").path("expected").asLong()).isEqualTo(3);
        assertThat(stale.json().path("error").path("details").path("actual").asLong()).isZero();

        Api.Response current = writer.post("/api/orders/" + orderId + "/items", item("p-2", 1, "1.00"), "If-Match", "\"0\"");
        assertThat(current.status()).isEqualTo(200);
        assertThat(current.header("ETag")).isEqualTo("\"1\"");
        assertThat(details(orderId, current).path("version").asLong()).isEqualTo(1);

        Api.Response malformed = writer.post("/api/orders/" + orderId + "/confirm", (String) null, "If-Match", "soon");
        assertThat(malformed.status()).isEqualTo(400);
    }

    @Test
    void replaysAnIdempotentCommandAndRefusesTheKeyForAnotherRequest() {
        String orderId = id("o");
        Map<String, Object> body = order(orderId, "c-6", List.of(item("p-1", 1, "2.00")));
        String key = "key-" + UUID.randomUUID();
        Api.Response first = writer.post("/api/orders", Api.json(body), "Idempotency-Key", key);
        Api.Response repeat = writer.post("/api/orders", Api.json(body), "Idempotency-Key", key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(repeat.status()).isEqualTo(201);
        assertThat(repeat.body()).isEqualTo(first.body());
        assertThat(repeat.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(reader.get("/api/streams/Order-" + orderId).json().path("events")).hasSize(1);

        Api.Response other = writer.post("/api/orders", Api.json(order(id("o"), "c-6", List.of(item("p-1", 2, "2.00")))),
                "Idempotency-Key", key);
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.errorCode()).isEqualTo("idempotency_key_reused");
    }

    @Test
    void storesTheCorrelationIdInEveryEventTheCommandCausesIncludingTheProcessManagers() {
        String product = id("p");
        stock(product, 2);
        String orderId = id("o");
        create(orderId, "c-7", product, 1, "3.00");
        String correlation = "corr-" + UUID.randomUUID();
        Api.Response confirmed = writer.post("/api/orders/" + orderId + "/confirm", (String) null, "X-Correlation-Id", correlation);
        assertThat(confirmed.header("X-Correlation-Id")).isEqualTo(correlation);
        awaitStatus(orderId, "READY_TO_SHIP");

        JsonNode orderEvents = reader.get("/api/streams/Order-" + orderId).json().path("events");
        assertThat(orderEvents.get(1).path("metadata").path("correlationId").asText()).isEqualTo(correlation);
        assertThat(orderEvents.get(2).path("eventType").asText()).isEqualTo("orders.OrderReadyToShip");
        assertThat(orderEvents.get(2).path("metadata").path("correlationId").asText()).isEqualTo(correlation);
        JsonNode reservation = reader.get("/api/streams/Inventory-" + product).json().path("events").get(1);
        assertThat(reservation.path("eventType").asText()).isEqualTo("inventory.StockReserved");
        assertThat(reservation.path("metadata").path("correlationId").asText()).isEqualTo(correlation);
        assertThat(reservation.path("metadata").path("causationId").asText())
                .isEqualTo(orderEvents.get(1).path("eventId").asText());
    }

    @Test
    void answers504WhenTheReadModelDoesNotReachThePositionInTime() {
        Api.Response late = reader.get("/api/orders/any-order", "X-Annals-Min-Position", "999999999999", "X-Annals-Wait-Ms", "50");
        assertThat(late.status()).isEqualTo(504);
        assertThat(late.errorCode()).isEqualTo("read_model_behind");
    }

    @Test
    void readsStreamsAndTheGlobalLogAndAppendsRawEventsAsAdmin() {
        String stream = "Audit-" + UUID.randomUUID();
        String body = "{\"expectedVersion\":\"no_stream\",\"events\":[{\"eventType\":\"audit.Noted\",\"data\":{\"n\":1},"
                + "\"metadata\":{\"source\":\"test\"}},{\"eventType\":\"audit.Noted\",\"data\":{\"n\":2}}]}";
        Api.Response appended = admin.post("/api/streams/" + stream, body);
        assertThat(appended.status()).as(appended.toString()).isEqualTo(201);
        assertThat(appended.json().path("version").asLong()).isEqualTo(1);

        Api.Response conflict = admin.post("/api/streams/" + stream, body);
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.errorCode()).isEqualTo("wrong_expected_version");
        assertThat(writer.post("/api/streams/" + stream, body).status()).isEqualTo(403);

        Api.Response forward = reader.get("/api/streams/" + stream);
        assertThat(forward.json().path("events")).hasSize(2);
        assertThat(forward.json().path("events").get(0).path("metadata").path("source").asText()).isEqualTo("test");
        Api.Response backward = reader.get("/api/streams/" + stream + "?direction=backward&limit=1");
        assertThat(backward.json().path("events").get(0).path("data").path("n").asInt()).isEqualTo(2);
        assertThat(reader.get("/api/streams/Nothing-" + UUID.randomUUID()).status()).isEqualTo(404);

        long position = appended.json().path("position").asLong();
        Api.Response all = reader.get("/api/streams/$all?from=" + (position - 1) + "&limit=10");
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.json().path("events").get(0).path("position").asLong()).isEqualTo(position);
        Api.Response firstPage = reader.get("/api/streams/$all?limit=1");
        assertThat(firstPage.json().path("events")).hasSize(1);
        assertThat(firstPage.json().path("next").asLong()).isEqualTo(firstPage.json().path("events").get(0).path("position").asLong());
    }

    @Test
    void streamsTheLogLiveAndResumesFromLastEventId() throws Exception {
        String stream = "Live-" + UUID.randomUUID();
        Api.Response first = admin.post("/api/streams/" + stream,
                "{\"events\":[{\"eventType\":\"live.One\",\"data\":1},{\"eventType\":\"live.Two\",\"data\":2}]}");
        long two = first.json().path("position").asLong();
        long one = reader.get("/api/streams/" + stream).json().path("events").get(0).path("position").asLong();

        // the two events of one append are adjacent in $all: resuming after the first yields the second
        List<Long> ids = readSse(reader.request("/api/streams/$all/live?from=0", "Last-Event-ID", Long.toString(one)), two);
        assertThat(ids).containsExactly(two);

        Api.Response later = admin.post("/api/streams/" + stream, "{\"events\":[{\"eventType\":\"live.Three\",\"data\":3}]}");
        long three = later.json().path("position").asLong();
        List<Long> resumed = readSse(reader.request("/api/streams/$all/live?from=" + two), three);
        assertThat(resumed).isSorted().allMatch(id -> id > two).endsWith(three);
    }

    /** Reads SSE ids from a live stream until {@code last} arrives, then drops the connection. */
    private static List<Long> readSse(java.net.http.HttpRequest.Builder request, long last) throws Exception {
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request.GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<Long> ids = new ArrayList<>();
        try (InputStream in = response.body();
             BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((ids.isEmpty() || ids.getLast() < last) && (line = lines.readLine()) != null) {
                if (line.startsWith("id:")) {
                    ids.add(Long.parseLong(line.substring(3).strip()));
                }
            }
        }
        return ids;
    }

    @Test
    void servesTheOperationsRoutes() {
        Api anonymous = admin.as(null);
        assertThat(anonymous.get("/health/live").status()).isEqualTo(200);
        assertThat(anonymous.get("/health/ready").status()).isEqualTo(200);

        create(id("o"), "c-8", "p-m", 1, "1.00");
        Api.Response metrics = reader.get("/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("annals_commands_seconds_count{outcome=\"accepted\",type=\"CreateOrder\"}",
                "annals_store_append_seconds", "annals_store_events_appended_total", "annals_projection_lag",
                "annals_projection_dead_letters", "jvm_memory_used_bytes", "annals_http_requests_seconds");

        Api.Response projections = admin.get("/api/admin/projections");
        assertThat(projections.status()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        projections.json().path("projections").forEach(p -> names.add(p.path("name").asText()));
        assertThat(names).containsExactly("order-details", "order-summary", "order-history", "customer-statistics",
                "shipped-orders", "inventory", "order-fulfillment");

        Api.Response stats = admin.get("/api/admin/stats");
        assertThat(stats.status()).isEqualTo(200);
        assertThat(stats.json().path("events").asLong()).isPositive();
        assertThat(stats.json().path("bytesOnDisk").isIntegralNumber()).isTrue();
        assertThat(stats.json().path("headPosition").asLong()).isPositive();

        assertThat(reader.get("/openapi.yaml").body()).startsWith("# SPDX");
    }

    @Test
    void rebuildsAReadModelBesideTheLiveOneAndSwapsItIn() {
        String orderId = id("o");
        Api.Response created = create(orderId, "c-9", "p-b", 1, "4.00");
        details(orderId, created);
        Api.Response started = admin.post("/api/admin/projections/order-details/rebuild", (String) null);
        assertThat(started.status()).isEqualTo(202);
        assertThat(reader.get("/api/orders/" + orderId).status()).isEqualTo(200);
        Eventually.await("the rebuild to finish", () -> admin.get("/api/admin/projections"),
                r -> r.json().path("projections").get(0).path("status").asText().equals("live"));
        assertThat(details(orderId, created).path("total").asText()).isEqualTo("4.00");
        assertThat(admin.post("/api/admin/projections/no-such/rebuild", (String) null).status()).isEqualTo(404);
    }

    @Test
    void parksAnEventItsProjectionsCannotReadAndSkipsItOnRequest() {
        String orderId = id("bad");
        Api.Response appended = admin.post("/api/streams/Order-" + orderId,
                "{\"events\":[{\"eventType\":\"orders.OrderCreated\",\"data\":{\"orderId\":\"" + orderId + "\"}}]}");
        assertThat(appended.status()).isEqualTo(201);
        // every projection of orders parks it on its own; wait for the details projection's letter
        String letterId = Eventually.await("the order-details dead letter for " + orderId, () -> {
            for (JsonNode letter : admin.get("/api/admin/dead-letters").json().path("deadLetters")) {
                if (letter.path("streamId").asText().equals("Order-" + orderId)
                        && letter.path("consumer").asText().equals("order-details")) {
                    return letter.path("id").asText();
                }
            }
            return null;
        }, id -> id != null);
        assertThat(letterId).isNotNull();
        Api.Response retried = admin.post("/api/admin/dead-letters/" + letterId + "/retry", (String) null);
        assertThat(retried.status()).as(retried.toString()).isEqualTo(409);
        Api.Response skipped = admin.post("/api/admin/dead-letters/" + letterId + "/skip", (String) null);
        assertThat(skipped.status()).as(skipped.toString()).isEqualTo(200);
        assertThat(admin.post("/api/admin/dead-letters/" + letterId + "/skip", (String) null).status()).isEqualTo(404);
    }
}
