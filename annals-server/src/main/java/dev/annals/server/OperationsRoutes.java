// SPDX-License-Identifier: Apache-2.0
package dev.annals.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operations routes: health (open), metrics and the OpenAPI document (reader), and the admin
 * routes for projections, dead letters and store statistics (admin).
 */
public final class OperationsRoutes {
    private OperationsRoutes() {
    }

    /** {@code openApiYaml}: the service's OpenAPI document, served as is at {@code /openapi.yaml}. */
    public static RouteTable of(StoreProbe store, ProjectionAdmin projections, ServerMetrics metrics, String openApiYaml) {
        return RouteTable.builder()
                .get("/health/live", Role.PUBLIC, call -> Reply.ok(Map.of("status", "up")))
                .get("/health/ready", Role.PUBLIC, call -> ready(store))
                .get("/metrics", Role.READER, call -> Reply.text(200, "text/plain; version=0.0.4; charset=utf-8",
                        metrics.scrape()))
                .get("/openapi.yaml", Role.READER, call -> Reply.text(200, "application/yaml", openApiYaml))
                .get("/api/admin/projections", Role.ADMIN, call -> Reply.ok(Map.of("projections", projections.projections())))
                .post("/api/admin/projections/{name}/rebuild", Role.ADMIN, call -> rebuild(projections, call.parameter("name")))
                .get("/api/admin/dead-letters", Role.ADMIN, call -> deadLetters(projections))
                .post("/api/admin/dead-letters/{id}/retry", Role.ADMIN,
                        call -> deadLetterAction(projections.retry(call.parameter("id")), call.parameter("id")))
                .post("/api/admin/dead-letters/{id}/skip", Role.ADMIN,
                        call -> deadLetterAction(projections.skip(call.parameter("id")), call.parameter("id")))
                .get("/api/admin/stats", Role.ADMIN, call -> stats(store))
                .build();
    }

    private static Reply ready(StoreProbe store) {
        return switch (store.health()) {
            case StoreProbe.Health.Healthy healthy -> Reply.ok(Map.of("status", "ready"));
            case StoreProbe.Health.Unhealthy unhealthy -> new ApiError(503, "not_ready", unhealthy.reason(), Map.of()).reply();
        };
    }

    private static Reply rebuild(ProjectionAdmin projections, String name) {
        return switch (projections.rebuild(name)) {
            case ProjectionAdmin.RebuildResult.Started started ->
                    Reply.json(202, Map.of("name", name, "status", "rebuilding"));
            case ProjectionAdmin.RebuildResult.AlreadyRebuilding already -> new ApiError(409, "already_rebuilding",
                    "projection " + name + " is already being rebuilt", Map.of("name", name)).reply();
            case ProjectionAdmin.RebuildResult.NotFound notFound -> new ApiError(404, "projection_not_found",
                    "no projection is named " + name, Map.of("name", name)).reply();
            case ProjectionAdmin.RebuildResult.Failed failed -> HttpOutcomes.failure(failed.failure()).reply();
        };
    }

    private static Reply deadLetters(ProjectionAdmin projections) {
        return switch (projections.deadLetters()) {
            case ProjectionAdmin.DeadLetters.Listed listed -> Reply.ok(Map.of("deadLetters", listed.letters()));
            case ProjectionAdmin.DeadLetters.Failed failed -> HttpOutcomes.failure(failed.failure()).reply();
        };
    }

    private static Reply deadLetterAction(ProjectionAdmin.DeadLetterAction action, String id) {
        return switch (action) {
            case ProjectionAdmin.DeadLetterAction.Done done -> Reply.ok(Map.of("id", id, "status", "resolved"));
            case ProjectionAdmin.DeadLetterAction.FailedAgain again -> new ApiError(409, "dead_letter_failed_again",
                    "the event failed again and stays parked: " + again.reason(), Map.of("id", id)).reply();
            case ProjectionAdmin.DeadLetterAction.NotFound notFound -> new ApiError(404, "dead_letter_not_found",
                    "no dead letter has the id " + id, Map.of("id", id)).reply();
            case ProjectionAdmin.DeadLetterAction.Failed failed -> HttpOutcomes.failure(failed.failure()).reply();
        };
    }

    private static Reply stats(StoreProbe store) {
        StoreProbe.Statistics statistics = store.statistics();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("events", statistics.events());
        body.put("streams", statistics.streams());
        body.put("headPosition", statistics.headPosition());
        body.put("bytesOnDisk", statistics.bytesOnDisk());
        return Reply.ok(body);
    }

    /** The routes of {@code tables} in one table (duplicates are a programming error). */
    public static RouteTable combine(List<RouteTable> tables) {
        RouteTable.Builder builder = RouteTable.builder();
        tables.forEach(builder::addAll);
        return builder.build();
    }
}
