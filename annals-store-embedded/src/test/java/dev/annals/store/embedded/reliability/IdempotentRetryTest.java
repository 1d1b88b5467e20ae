// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.embedded.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.core.event.EventData;
import dev.annals.core.event.RecordedEvent;
import dev.annals.core.store.AppendResult;
import dev.annals.core.store.EventStore;
import dev.annals.core.store.ExpectedVersion;
import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.ReadDirection;
import dev.annals.core.store.ReadStreamResult;
import dev.annals.core.store.StreamId;
import dev.annals.core.store.StreamVersion;
import dev.annals.store.embedded.DamagePolicy;
import dev.annals.store.embedded.EmbeddedEventStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * T7: a batch re-sent with the same event ids and the same expected version (or {@code any}
 * within the idempotency window), after a timeout or after the writing process was killed, returns
 * the original last version and position and writes nothing.
 */
@Tag("reliability")
class IdempotentRetryTest {
    private static final long SEGMENT_BYTES = 64 * 1024;

    @TempDir
    Path temp;

    /** One acknowledged append rebuilt from ACK lines: its events, expected version and outcome. */
    record Batch(StreamId stream, List<EventData> events, long firstVersion, long lastVersion, long lastPosition) {
        ExpectedVersion expected() {
            return firstVersion == 0 ? ExpectedVersion.NO_STREAM : ExpectedVersion.exact(firstVersion - 1);
        }
    }

    @Test
    void retryAfterATimeoutReturnsTheOriginalOutcomeAndWritesNothing() {
        long seed = 0x1D3A_7E47L;
        int batches = Boolean.getBoolean("annals.stress") ? 10_000 : 1_000;
        try (EmbeddedEventStore store = StoreFiles.open(temp.resolve("timeout"), SEGMENT_BYTES, DamagePolicy.REFUSE).orThrow()) {
            List<Batch> written = new ArrayList<>();
            long[] versions = {-1, -1, -1, -1};
            for (int i = 0; i < batches; i++) {
                StreamId stream = Workload.stream("Retry", i % versions.length);
                List<EventData> events = new ArrayList<>();
                for (int k = 0; k <= i % 3; k++) {
                    events.add(Workload.event(seed, Workload.eventId(seed, 0, k, i), 64));
                }
                long firstVersion = versions[i % versions.length] + 1;
                var batch = new Batch(stream, events, firstVersion, -1, -1);
                var result = store.append(stream, batch.expected(), events);
                assertThat(result).isInstanceOf(AppendResult.Appended.class);
                var appended = (AppendResult.Appended) result;
                versions[i % versions.length] = appended.lastVersion().value();
                written.add(new Batch(stream, events, firstVersion, appended.lastVersion().value(), appended.lastPosition().value()));
                var retried = store.append(stream, batch.expected(), events);
                assertThat(retried).as("immediate retry of batch " + i).isEqualTo(appended);
            }
            long before = count(store);
            for (Batch batch : written) {
                assertRetried(store, batch, "later retry");
            }
            assertThat(count(store)).as("events after all retries").isEqualTo(before);
        }
        System.out.printf("IdempotentRetryTest: %d batches retried twice in-process%n", batches);
    }

    @Test
    void retryAfterTheWriterWasKilledReturnsTheOriginalOutcomeAndWritesNothing() throws Exception {
        long seed = 0x7E57_0007L;
        Path store = temp.resolve("killed");
        var ledger = new Ledger();
        var outcome = ChildJvm.run(List.of(store.toString(), Long.toString(seed), "0", "4", "16",
                        Long.toString(SEGMENT_BYTES), "300"),
                ledger, Integer.MAX_VALUE, Duration.ofSeconds(60), temp.resolve("stderr.txt"));
        assertThat(outcome.problems()).isEmpty();
        List<Batch> batches = batches(ledger, seed);
        assertThat(batches).hasSizeGreaterThanOrEqualTo(250);
        try (EmbeddedEventStore reopened = StoreFiles.open(store, SEGMENT_BYTES, DamagePolicy.REFUSE).orThrow()) {
            long before = count(reopened);
            for (Batch batch : batches) {
                assertRetried(reopened, batch, "retry after kill");
            }
            assertThat(count(reopened)).as("events after all retries").isEqualTo(before);
            assertThat(ledger.verify(reopened, id -> Workload.event(seed, id))).isEmpty();
        }
        try (EmbeddedEventStore again = StoreFiles.open(store, SEGMENT_BYTES, DamagePolicy.REFUSE).orThrow()) {
            assertThat(ledger.verify(again, id -> Workload.event(seed, id))).as("after retries and a restart").isEmpty();
        }
        System.out.printf("IdempotentRetryTest: %d batches retried after a kill -9%n", batches.size());
    }

    private static void assertRetried(EventStore store, Batch batch, String what) {
        var expected = new AppendResult.Appended(
                StreamVersion.of(batch.lastVersion()), GlobalPosition.of(batch.lastPosition()));
        assertThat(store.append(batch.stream(), batch.expected(), batch.events()))
                .as(what + " of " + batch.stream() + " v" + batch.firstVersion() + " with its expected version").isEqualTo(expected);
        long streamLength = lastVersionOf(store, batch.stream()) + 1;
        if (streamLength - batch.firstVersion() <= EventStore.IDEMPOTENCY_WINDOW) {
            assertThat(store.append(batch.stream(), ExpectedVersion.ANY, batch.events()))
                    .as(what + " of " + batch.stream() + " v" + batch.firstVersion() + " with any").isEqualTo(expected);
        }
    }

    private static long lastVersionOf(EventStore store, StreamId stream) {
        return switch (store.readStream(stream, StreamVersion.END,
                ReadDirection.BACKWARD, 1)) {
            case ReadStreamResult.Found found -> found.lastVersion().value();
            case ReadStreamResult.NotFound notFound -> -1;
            case ReadStreamResult.Failed failed -> throw new AssertionError(failed.failure().toString());
        };
    }

    private static long count(EventStore store) {
        List<String> problems = new ArrayList<>();
        List<RecordedEvent> all = Ledger.readAll(store, problems);
        assertThat(problems).isEmpty();
        return all == null ? -1 : all.size();
    }

    /** Rebuilds appends from ACK lines: per stream by version, a batch ends at the ACK that carries a position. */
    private static List<Batch> batches(Ledger ledger, long seed) {
        Map<StreamId, List<Ledger.Ack>> byStream = new LinkedHashMap<>();
        for (Ledger.Ack ack : ledger.acks()) {
            byStream.computeIfAbsent(ack.stream(), s -> new ArrayList<>()).add(ack);
        }
        List<Batch> batches = new ArrayList<>();
        for (var entry : byStream.entrySet()) {
            List<Ledger.Ack> acks = new ArrayList<>(entry.getValue());
            acks.sort(Comparator.comparingLong(Ledger.Ack::version));
            List<EventData> events = new ArrayList<>();
            long first = -1;
            for (Ledger.Ack ack : acks) {
                if (events.isEmpty()) {
                    first = ack.version();
                }
                events.add(Workload.event(seed, ack.id()));
                if (ack.position() >= 0) {
                    batches.add(new Batch(entry.getKey(), List.copyOf(events), first, ack.version(), ack.position()));
                    events.clear();
                }
            }
        }
        return batches;
    }
}
