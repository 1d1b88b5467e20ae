// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.embedded.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.core.event.EventData;
import dev.annals.core.event.RecordedEvent;
import dev.annals.core.store.AppendResult;
import dev.annals.core.store.ExpectedVersion;
import dev.annals.core.store.ReadDirection;
import dev.annals.core.store.ReadStreamResult;
import dev.annals.core.store.StreamId;
import dev.annals.core.store.StreamVersion;
import dev.annals.store.embedded.DamagePolicy;
import dev.annals.store.embedded.EmbeddedEventStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * T5: 16 threads race on one stream, each reading the stream's version and appending at exactly
 * that version, for a bounded number of attempts. Exactly one append wins each version, every
 * other attempt is a wrong-expected-version outcome, and the stream's length is the number of
 * wins. A 16-way race to create a stream has exactly one winner.
 */
@Tag("reliability")
class OptimisticConcurrencyTest {
    private static final int THREADS = 16;
    private static final long SEED = 0x0CC0_0CC0L;

    @TempDir
    Path temp;

    @Test
    void exactlyOneAppendWinsEachVersion() throws Exception {
        int attemptsPerThread = Boolean.getBoolean("annals.stress") ? 6250 : 250;
        StreamId stream = StreamId.of("Race-one");
        Map<Long, UUID> winners = new ConcurrentHashMap<>();
        List<String> violations = Collections.synchronizedList(new ArrayList<>());
        var losses = new AtomicInteger();
        try (EmbeddedEventStore store = StoreFiles.open(temp.resolve("race"), 1 << 20, DamagePolicy.REFUSE).orThrow()) {
            var start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                threads.add(Thread.ofPlatform().start(() -> {
                    await(start);
                    for (int i = 0; i < attemptsPerThread; i++) {
                        StreamVersion current = lastVersion(store, stream);
                        EventData event = Workload.event(SEED, Workload.eventId(SEED, 0, thread, i), 32);
                        switch (store.append(stream, ExpectedVersion.from(current), List.of(event))) {
                            case AppendResult.Appended appended -> {
                                long expected = current == null ? 0 : current.value() + 1;
                                if (appended.lastVersion().value() != expected) {
                                    violations.add("won at " + appended.lastVersion() + ", expected " + expected);
                                }
                                UUID other = winners.putIfAbsent(appended.lastVersion().value(), event.eventId());
                                if (other != null) {
                                    violations.add("two winners at version " + appended.lastVersion());
                                }
                            }
                            case AppendResult.WrongExpectedVersion wrong -> losses.incrementAndGet();
                            case AppendResult.Failed failed -> violations.add("append failed: " + failed.failure());
                        }
                    }
                }));
            }
            start.countDown();
            for (Thread thread : threads) {
                thread.join();
            }
            assertThat(violations).isEmpty();
            List<RecordedEvent> events = readStream(store, stream);
            assertThat(events).hasSize(winners.size());
            for (RecordedEvent event : events) {
                assertThat(event.eventId()).as("winner at version " + event.version()).isEqualTo(winners.get(event.version().value()));
            }
            assertThat(winners.size() + losses.get()).isEqualTo(THREADS * attemptsPerThread);
        }
        System.out.printf("OptimisticConcurrencyTest: %d attempts, %d wins, %d conflicts%n",
                THREADS * attemptsPerThread, winners.size(), losses.get());
    }

    @Test
    void exactlyOneWriterCreatesAStream() throws Exception {
        int rounds = 50;
        try (EmbeddedEventStore store = StoreFiles.open(temp.resolve("create"), 1 << 20, DamagePolicy.REFUSE).orThrow()) {
            for (int round = 0; round < rounds; round++) {
                StreamId stream = Workload.stream("Create", round);
                var wins = new AtomicInteger();
                var conflicts = new AtomicInteger();
                var start = new CountDownLatch(1);
                List<Thread> threads = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    EventData event = Workload.event(SEED, Workload.eventId(SEED, 1 + round, t, 0), 32);
                    threads.add(Thread.ofPlatform().start(() -> {
                        await(start);
                        switch (store.append(stream, ExpectedVersion.NO_STREAM, List.of(event))) {
                            case AppendResult.Appended appended -> wins.incrementAndGet();
                            case AppendResult.WrongExpectedVersion wrong -> conflicts.incrementAndGet();
                            case AppendResult.Failed failed -> { }
                        }
                    }));
                }
                start.countDown();
                for (Thread thread : threads) {
                    thread.join();
                }
                assertThat(wins.get()).as("creators of " + stream).isEqualTo(1);
                assertThat(conflicts.get()).as("conflicts creating " + stream).isEqualTo(THREADS - 1);
                assertThat(readStream(store, stream)).hasSize(1);
            }
        }
    }

    private static @Nullable StreamVersion lastVersion(EmbeddedEventStore store, StreamId stream) {
        return switch (store.readStream(stream, StreamVersion.END, ReadDirection.BACKWARD, 1)) {
            case ReadStreamResult.Found found -> found.lastVersion();
            case ReadStreamResult.NotFound notFound -> null;
            case ReadStreamResult.Failed failed -> throw new AssertionError("read failed: " + failed.failure());
        };
    }

    static List<RecordedEvent> readStream(EmbeddedEventStore store, StreamId stream) {
        List<RecordedEvent> events = new ArrayList<>();
        while (true) {
            var result = store.readStream(stream, StreamVersion.of(events.size()), ReadDirection.FORWARD, 1000);
            if (!(result instanceof ReadStreamResult.Found found)) {
                throw new AssertionError("reading " + stream + ": " + result);
            }
            events.addAll(found.events());
            if (found.isEndOfStream() || found.events().isEmpty()) {
                return events;
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
