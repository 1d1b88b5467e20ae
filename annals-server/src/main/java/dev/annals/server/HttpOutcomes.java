// SPDX-License-Identifier: Apache-2.0
package dev.annals.server;

import dev.annals.core.decider.HandleResult;
import dev.annals.core.store.AppendResult;
import dev.annals.core.store.ExpectedVersion;
import dev.annals.core.store.ReadAllResult;
import dev.annals.core.store.ReadStreamResult;
import dev.annals.core.store.StorageFailure;
import dev.annals.core.store.StreamVersion;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The one mapping from typed outcomes to HTTP answers. Every switch is exhaustive, so a new
 * outcome variant in annals-core fails compilation here instead of becoming a 500.
 *
 * <pre>
 * accepted                         200 (201 on create) + X-Annals-Position
 * rejected by a business rule      the application's ApiError (422 with the domain code; 404 for "not found")
 * wrong expected version           409 wrong_expected_version {expected, actual}
 * concurrent writers kept winning  409 conflict {retryable: true}
 * idempotency key reused           422 idempotency_key_reused
 * storage UNAVAILABLE              503 store_unavailable {retryable: true}
 * storage TIMED_OUT                503 store_timed_out (the write may or may not have happened)
 * storage CAPACITY_EXHAUSTED       507 capacity_exhausted
 * storage REJECTED (store limit)   413 too_large
 * storage CORRUPTED                500 store_corrupted (a server fault, never caused by input)
 * </pre>
 */
public final class HttpOutcomes {
    public static final String POSITION_HEADER = "X-Annals-Position";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private HttpOutcomes() {
    }

    /**
     * The answer to a command. Accepted answers {@code {"streamId","version","position","events":[types]}}
     * with {@code acceptedStatus}; a replayed idempotent repeat answers the same with
     * {@code Idempotent-Replayed: true}.
     */
    public static <E, X> Reply command(HandleResult<E, X> result, int acceptedStatus, Function<E, String> eventType,
                                       Function<X, ApiError> rejection) {
        return switch (result) {
            case HandleResult.Accepted<E, X> accepted -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("streamId", accepted.stream().value());
                body.put("version", accepted.version().value());
                body.put("position", accepted.position().value());
                body.put("events", accepted.events().stream().map(eventType).toList());
                Reply reply = Reply.json(acceptedStatus, body)
                        .withHeader(POSITION_HEADER, Long.toString(accepted.position().value()));
                yield accepted.isReplay() ? reply.withHeader(REPLAYED_HEADER, "true") : reply;
            }
            case HandleResult.Unchanged<E, X> unchanged -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("streamId", unchanged.stream().value());
                body.put("version", unchanged.version() == null ? null : unchanged.version().value());
                body.put("position", null);
                body.put("events", List.of());
                yield Reply.json(200, body);
            }
            case HandleResult.Rejected<E, X> rejected -> rejection.apply(rejected.reason()).reply();
            case HandleResult.WrongExpectedVersion<E, X> wrong ->
                    wrongExpectedVersion(wrong.expected(), wrong.actual()).reply();
            case HandleResult.Conflict<E, X> conflict -> new ApiError(409, "conflict",
                    "concurrent writers kept changing " + conflict.stream() + "; retry the command",
                    Map.of("retryable", true, "attempts", conflict.attempts())).reply();
            case HandleResult.IdempotencyKeyReused<E, X> reused -> new ApiError(422, "idempotency_key_reused",
                    "this Idempotency-Key was used for a different request", Map.of("key", reused.key())).reply();
            case HandleResult.StorageFailed<E, X> failed -> failure(failed.failure()).reply();
        };
    }

    /** A short name of the outcome, for metrics and logs. */
    public static String outcomeName(HandleResult<?, ?> result) {
        return switch (result) {
            case HandleResult.Accepted<?, ?> a -> a.isReplay() ? "replayed" : "accepted";
            case HandleResult.Unchanged<?, ?> u -> "unchanged";
            case HandleResult.Rejected<?, ?> r -> "rejected";
            case HandleResult.WrongExpectedVersion<?, ?> w -> "wrong_expected_version";
            case HandleResult.Conflict<?, ?> c -> "conflict";
            case HandleResult.IdempotencyKeyReused<?, ?> k -> "idempotency_key_reused";
            case HandleResult.StorageFailed<?, ?> f -> "storage_failed";
        };
    }

    /** The answer to a raw append of the event store API. */
    public static Reply append(AppendResult result, Function<AppendResult.Appended, Reply> appended) {
        return switch (result) {
            case AppendResult.Appended a -> appended.apply(a)
                    .withHeader(POSITION_HEADER, Long.toString(a.lastPosition().value()));
            case AppendResult.WrongExpectedVersion wrong -> wrongExpectedVersion(wrong.expected(), wrong.actual()).reply();
            case AppendResult.Failed failed -> failure(failed.failure()).reply();
        };
    }

    public static Reply readStream(ReadStreamResult result, Function<ReadStreamResult.Found, Reply> found) {
        return switch (result) {
            case ReadStreamResult.Found f -> found.apply(f);
            case ReadStreamResult.NotFound notFound -> new ApiError(404, "stream_not_found",
                    "stream " + notFound.stream() + " does not exist", Map.of("streamId", notFound.stream().value())).reply();
            case ReadStreamResult.Failed failed -> failure(failed.failure()).reply();
        };
    }

    public static Reply readAll(ReadAllResult result, Function<ReadAllResult.Page, Reply> page) {
        return switch (result) {
            case ReadAllResult.Page p -> page.apply(p);
            case ReadAllResult.Failed failed -> failure(failed.failure()).reply();
        };
    }

    public static ApiError wrongExpectedVersion(ExpectedVersion expected, @Nullable StreamVersion actual) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("expected", expectedWire(expected));
        details.put("actual", actual == null ? null : actual.value());
        return new ApiError(409, "wrong_expected_version", "the stream is not at the expected version", details);
    }

    /** An expected version as the API writes it: a number, or any / no_stream / stream_exists. */
    public static Object expectedWire(ExpectedVersion expected) {
        return switch (expected) {
            case ExpectedVersion.Exact exact -> exact.version().value();
            case ExpectedVersion.Any any -> "any";
            case ExpectedVersion.NoStream none -> "no_stream";
            case ExpectedVersion.StreamExists exists -> "stream_exists";
        };
    }

    public static ApiError failure(StorageFailure failure) {
        return switch (failure.kind()) {
            case UNAVAILABLE -> new ApiError(503, "store_unavailable", "the event store is unavailable",
                    Map.of("retryable", true));
            case TIMED_OUT -> new ApiError(503, "store_timed_out",
                    "the event store did not answer in time; the write may or may not have happened",
                    Map.of("retryable", true));
            case CAPACITY_EXHAUSTED -> new ApiError(507, "capacity_exhausted", "the event store is out of space",
                    Map.of("retryable", true));
            case REJECTED -> new ApiError(413, "too_large", "the request exceeds a limit of the event store: "
                    + failure.detail(), Map.of());
            case CORRUPTED -> new ApiError(500, "store_corrupted", "stored data failed verification", Map.of());
        };
    }
}
