// SPDX-License-Identifier: Apache-2.0
package dev.annals.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annals.core.event.EventData;
import dev.annals.core.event.EventIds;
import dev.annals.core.event.Metadata;
import dev.annals.core.event.RecordedEvent;
import dev.annals.core.store.EventStore;
import dev.annals.core.store.ExpectedVersion;
import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.ReadDirection;
import dev.annals.core.store.StreamId;
import dev.annals.core.store.StreamVersion;
import dev.annals.core.store.Subscription;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/*
 * The event store over HTTP
 * -------------------------
 * GET  /api/streams/{streamId}?from=&direction=forward|backward&limit=   reader
 * GET  /api/streams/$all?from=&limit=                                     reader
 * GET  /api/streams/$all/live?from=   (Server-Sent Events, Last-Event-ID)  reader
 * POST /api/streams/{streamId}                                            admin
 *
 * The live stream subscribes after max(from, Last-Event-ID): every event's SSE id is its global
 * position, so a client that reconnects with the last id it saw resumes without gap or duplicate
 * (the subscription's own guarantee). An idle stream sends a comment line every 15 s, which is
 * also how a departed client is noticed.
 *
 * Raw appends are for operators: the payload is stored as the JSON given, untouched, so a raw
 * append to a domain stream can produce an event its projections cannot read (it is parked as a
 * dead letter, never crashes a runner). Metadata entries starting with '$' are reserved and refused.
 */

/** The generic event store API: stream and $all reads, the live SSE stream, and raw appends. */
public final class EventStoreRoutes {
    public static final int MAX_READ_LIMIT = 1000;
    public static final int DEFAULT_READ_LIMIT = 100;
    public static final int MAX_EVENTS_PER_APPEND = 1000;
    private static final Duration LIVE_POLL = Duration.ofMillis(500);

    private EventStoreRoutes() {
    }

    public static RouteTable of(EventStore store) {
        return RouteTable.builder()
                .get("/api/streams/{streamId}", Role.READER, call -> readStream(store, call))
                .get("/api/streams/$all", Role.READER, call -> readAll(store, call))
                .get("/api/streams/$all/live", Role.READER, call -> live(store, call))
                .post("/api/streams/{streamId}", Role.ADMIN, call -> append(store, call))
                .build();
    }

    /** A recorded event as the API writes it (also what SSE data lines carry). */
    public static Map<String, Object> render(RecordedEvent event) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("eventId", event.eventId().toString());
        json.put("streamId", event.streamId().value());
        json.put("eventType", event.eventType());
        json.put("schemaVersion", event.schemaVersion());
        json.put("version", event.version().value());
        json.put("position", event.position().value());
        json.put("timestamp", event.recordedAt().toString());
        byte[] data = event.event().dataUnsafe();
        try {
            json.put("data", Json.mapper().readTree(data));
        } catch (IOException e) {
            json.put("data", null);
            json.put("dataBase64", Base64.getEncoder().encodeToString(data));
        }
        Metadata metadata = event.metadata();
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("correlationId", metadata.correlationId());
        meta.put("causationId", metadata.causationId());
        meta.put("userId", metadata.userId());
        if (metadata.tenant() != null) {
            meta.put("tenant", metadata.tenant());
        }
        metadata.entries().forEach((name, value) -> {
            if (!name.equals(Metadata.REQUEST_HASH)) {
                meta.put(name, value);
            }
        });
        json.put("metadata", meta);
        return json;
    }

    private static Parsed<StreamId> streamId(Call call) {
        String raw = call.parameter("streamId");
        if (!StreamId.isValid(raw)) {
            return Parsed.invalid(new ApiError(400, "invalid_stream_id", "a stream id is 1.." + StreamId.MAX_LENGTH
                    + " characters of letters, digits and - _ . : @ +", Map.of("streamId", truncate(raw))));
        }
        return Parsed.ok(StreamId.of(raw));
    }

    private static Reply readStream(EventStore store, Call call) {
        return streamId(call).then(stream -> {
            String direction = call.query("direction").orElse("forward");
            ReadDirection readDirection;
            switch (direction) {
                case "forward" -> readDirection = ReadDirection.FORWARD;
                case "backward" -> readDirection = ReadDirection.BACKWARD;
                default -> {
                    return new ApiError(400, "invalid_parameter", "direction must be forward or backward",
                            Map.of("parameter", "direction")).reply();
                }
            }
            long defaultFrom = readDirection == ReadDirection.FORWARD ? 0 : StreamVersion.END.value();
            return call.queryLong("from", defaultFrom, 0, Long.MAX_VALUE).then(from ->
                    call.queryLong("limit", DEFAULT_READ_LIMIT, 1, MAX_READ_LIMIT).then(limit ->
                            HttpOutcomes.readStream(store.readStream(stream, StreamVersion.of(from), readDirection,
                                    limit.intValue()), found -> {
                                Map<String, Object> body = new LinkedHashMap<>();
                                body.put("streamId", found.stream().value());
                                body.put("lastVersion", found.lastVersion().value());
                                body.put("isEndOfStream", found.isEndOfStream());
                                body.put("events", found.events().stream().map(EventStoreRoutes::render).toList());
                                return Reply.ok(body);
                            })));
        });
    }

    private static Reply readAll(EventStore store, Call call) {
        return call.queryLong("from", 0, 0, Long.MAX_VALUE - 1).then(from ->
                call.queryLong("limit", DEFAULT_READ_LIMIT, 1, MAX_READ_LIMIT).then(limit ->
                        HttpOutcomes.readAll(store.readAll(GlobalPosition.of(from), limit.intValue()), page -> {
                            Map<String, Object> body = new LinkedHashMap<>();
                            body.put("events", page.events().stream().map(EventStoreRoutes::render).toList());
                            body.put("head", page.head().value());
                            body.put("isEnd", page.isEnd());
                            long next = page.events().isEmpty()
                                    ? (page.isEnd() ? page.head().value() : from)
                                    : page.events().getLast().position().value();
                            body.put("next", next);
                            return Reply.ok(body);
                        })));
    }

    private static Reply live(EventStore store, Call call) {
        return call.queryLong("from", 0, 0, Long.MAX_VALUE - 1).then(from -> {
            long start = from;
            String lastEventId = call.header("last-event-id");
            if (lastEventId != null && !lastEventId.isBlank()) {
                try {
                    start = Math.max(start, Long.parseLong(lastEventId.strip()));
                } catch (NumberFormatException e) {
                    return ApiError.badRequest("invalid_header", "Last-Event-ID must be a global position").reply();
                }
                if (start < 0) {
                    return ApiError.badRequest("invalid_header", "Last-Event-ID must be a global position").reply();
                }
            }
            GlobalPosition after = GlobalPosition.of(start);
            return Reply.events(sink -> {
                try (Subscription subscription = store.subscribeToAll(after)) {
                    while (!sink.isClosed()) {
                        switch (subscription.poll(256, LIVE_POLL)) {
                            case Subscription.Poll.Events events -> {
                                if (events.events().isEmpty() && !sink.heartbeat()) {
                                    return;
                                }
                                for (RecordedEvent event : events.events()) {
                                    String data = new String(Json.write(render(event)), java.nio.charset.StandardCharsets.UTF_8);
                                    if (!sink.send(Long.toString(event.position().value()), event.eventType(), data)) {
                                        return;
                                    }
                                }
                            }
                            case Subscription.Poll.Failed failed -> {
                                sink.send("", "error", failed.failure().kind().name());
                                return;
                            }
                            case Subscription.Poll.Closed closed -> {
                                return;
                            }
                        }
                    }
                }
            }).withHeader("X-Accel-Buffering", "no");
        });
    }

    private static Reply append(EventStore store, Call call) {
        return streamId(call).then(stream -> Json.readTree(call.body()).then(body -> {
            if (!body.isObject()) {
                return ApiError.badRequest("invalid_type", "the body must be a JSON object").reply();
            }
            for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!name.equals("expectedVersion") && !name.equals("events")) {
                    return new ApiError(400, "unknown_field", "unknown field '" + name + "'", Map.of("field", name)).reply();
                }
            }
            return expectedVersion(body.get("expectedVersion")).then(expected ->
                    events(body.get("events"), call).then(events ->
                            HttpOutcomes.append(store.append(stream, expected, events), appended -> {
                                Map<String, Object> reply = new LinkedHashMap<>();
                                reply.put("streamId", stream.value());
                                reply.put("version", appended.lastVersion().value());
                                reply.put("position", appended.lastPosition().value());
                                reply.put("events", events.stream().map(EventData::eventType).toList());
                                return Reply.json(201, reply);
                            })));
        }));
    }

    private static Parsed<ExpectedVersion> expectedVersion(JsonNode node) {
        if (node == null || node.isNull()) {
            return Parsed.ok(ExpectedVersion.ANY);
        }
        if (node.isTextual()) {
            return switch (node.asText()) {
                case "any" -> Parsed.ok(ExpectedVersion.ANY);
                case "no_stream" -> Parsed.ok(ExpectedVersion.NO_STREAM);
                case "stream_exists" -> Parsed.ok(ExpectedVersion.STREAM_EXISTS);
                default -> invalidExpected();
            };
        }
        if (node.isIntegralNumber() && node.canConvertToLong() && node.asLong() >= 0) {
            return Parsed.ok(ExpectedVersion.exact(node.asLong()));
        }
        return invalidExpected();
    }

    private static Parsed<ExpectedVersion> invalidExpected() {
        return Parsed.invalid(new ApiError(400, "invalid_value",
                "expectedVersion is \"any\", \"no_stream\", \"stream_exists\" or a version >= 0",
                Map.of("field", "expectedVersion")));
    }

    private static Parsed<List<EventData>> events(JsonNode node, Call call) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            return Parsed.invalid(new ApiError(400, "invalid_value", "events must be a non-empty array",
                    Map.of("field", "events")));
        }
        if (node.size() > MAX_EVENTS_PER_APPEND) {
            return Parsed.invalid(new ApiError(400, "limit_exceeded", "at most " + MAX_EVENTS_PER_APPEND
                    + " events per append", Map.of("field", "events")));
        }
        List<EventData> events = new ArrayList<>(node.size());
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String field = "events[" + i + "]";
            JsonNode event = node.get(i);
            if (!event.isObject()) {
                return invalid(field, "an event must be an object");
            }
            for (Iterator<String> names = event.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!Set.of("eventId", "eventType", "schemaVersion", "data", "metadata").contains(name)) {
                    return Parsed.invalid(new ApiError(400, "unknown_field", "unknown field '" + name + "'",
                            Map.of("field", field + "." + name)));
                }
            }
            UUID eventId;
            JsonNode id = event.get("eventId");
            if (id == null || id.isNull()) {
                eventId = EventIds.newId();
            } else if (!id.isTextual()) {
                return invalid(field + ".eventId", "eventId must be a UUID string");
            } else {
                try {
                    eventId = UUID.fromString(id.asText());
                } catch (IllegalArgumentException e) {
                    return invalid(field + ".eventId", "eventId must be a UUID string");
                }
            }
            if (!ids.add(eventId)) {
                return invalid(field + ".eventId", "two events of one append have the same eventId");
            }
            JsonNode type = event.get("eventType");
            if (type == null || !type.isTextual() || type.asText().isBlank()
                    || type.asText().length() > EventData.MAX_TYPE_LENGTH || !isPrintable(type.asText())) {
                return invalid(field + ".eventType", "eventType must be 1.." + EventData.MAX_TYPE_LENGTH
                        + " printable characters without spaces");
            }
            int schemaVersion = 1;
            JsonNode schema = event.get("schemaVersion");
            if (schema != null && !schema.isNull()) {
                if (!schema.isInt() || schema.asInt() < 1) {
                    return invalid(field + ".schemaVersion", "schemaVersion must be an integer >= 1");
                }
                schemaVersion = schema.asInt();
            }
            JsonNode data = event.get("data");
            if (data == null) {
                return invalid(field + ".data", "data is required (any JSON value)");
            }
            Parsed<Metadata> metadata = metadata(event.get("metadata"), field + ".metadata", call);
            if (metadata instanceof Parsed.Invalid<Metadata> invalid) {
                return Parsed.invalid(invalid.error());
            }
            events.add(new EventData(eventId, type.asText(), schemaVersion, Json.write(data),
                    ((Parsed.Ok<Metadata>) metadata).value()));
        }
        return Parsed.ok(events);
    }

    private static Parsed<Metadata> metadata(JsonNode node, String field, Call call) {
        Metadata metadata = new Metadata(call.correlationId(), null, call.caller().name(), null, Map.of());
        if (node == null || node.isNull()) {
            return Parsed.ok(metadata);
        }
        if (!node.isObject()) {
            return invalid(field, "metadata must be an object of strings");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            JsonNode value = entry.getValue();
            if (!value.isTextual() && !value.isNull()) {
                return invalid(field + "." + name, "metadata values must be strings");
            }
            String text = value.isNull() ? null : value.asText();
            switch (name) {
                case "correlationId" -> metadata = metadata.withCorrelationId(text);
                case "causationId" -> metadata = metadata.withCausationId(text);
                case "userId" -> metadata = metadata.withUserId(text);
                case "tenant" -> metadata = metadata.withTenant(text);
                default -> {
                    if (name.startsWith("$") || name.isEmpty()) {
                        return invalid(field + "." + name, "metadata names starting with '$' are reserved");
                    }
                    if (text != null) {
                        metadata = metadata.withEntry(name, text);
                    }
                }
            }
        }
        return Parsed.ok(metadata);
    }

    private static <T> Parsed<T> invalid(String field, String message) {
        return Parsed.invalid(new ApiError(400, "invalid_value", message, Map.of("field", field)));
    }

    private static boolean isPrintable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static String truncate(String text) {
        return text.length() > 100 ? text.substring(0, 100) + "…" : text;
    }
}
