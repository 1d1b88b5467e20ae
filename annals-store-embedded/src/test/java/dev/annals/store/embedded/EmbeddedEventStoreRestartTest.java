// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.core.event.EventData;
import dev.annals.core.event.Metadata;
import dev.annals.core.event.RecordedEvent;
import dev.annals.core.store.AppendResult;
import dev.annals.core.store.EventStore;
import dev.annals.core.store.ExpectedVersion;
import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.IdempotencyLookup;
import dev.annals.core.store.ReadAllResult;
import dev.annals.core.store.ReadDirection;
import dev.annals.core.store.ReadStreamResult;
import dev.annals.core.store.StorageFailure;
import dev.annals.core.store.StreamId;
import dev.annals.core.store.StreamVersion;
import dev.annals.testing.contract.TestEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restarts, the directory lock, stats, durability modes and limits of the embedded store. */
class EmbeddedEventStoreRestartTest {
    private static final long SEGMENT_BYTES = 16 * 1024;

    @TempDir
    Path temp;

    private EmbeddedStoreConfig config(Path directory, Durability durability) {
        return EmbeddedStoreConfig.builder(directory)
                .segmentBytes(SEGMENT_BYTES)
                .indexCheckpointEvery(100)
                .durability(durability)
                .build();
    }

    @Test
    void keepsEverythingAcrossARestartAndOpensFromTheIndexCheckpoint() {
        Path directory = temp.resolve("store");
        List<RecordedEvent> before;
        StoreStats statsBefore;
        try (EmbeddedEventStore store = EmbeddedEventStore.open(config(directory, Durability.FSYNC)).orThrow()) {
            for (int i = 0; i < 120; i++) {
                StreamId stream = StreamId.of("Order", Integer.toString(i % 12));
                EventData first = TestEvents.event("e" + i).withMetadata(TestEvents.metadata()
                        .withEntry(Metadata.IDEMPOTENCY_KEY, "key-" + i).withEntry(Metadata.REQUEST_HASH, "hash-" + i));
                assertThat(store.append(stream, ExpectedVersion.ANY, List.of(first, TestEvents.event("f" + i))))
                        .isInstanceOf(AppendResult.Appended.class);
            }
            before = readAll(store);
            statsBefore = store.stats();
        }
        assertThat(before).hasSize(240);
        assertThat(statsBefore.segments()).as("small segments roll").isGreaterThan(1);

        OpenResult reopened = EmbeddedEventStore.open(config(directory, Durability.FSYNC));
        assertThat(reopened).isInstanceOf(OpenResult.Opened.class);
        var opened = (OpenResult.Opened) reopened;
        try (EmbeddedEventStore store = opened.store()) {
            assertThat(opened.report().usedIndexCheckpoint()).as("index checkpoint used").isTrue();
            assertThat(opened.report().eventsRecovered()).as("events scanned after the checkpoint").isZero();
            assertThat(opened.report().truncations()).isEmpty();
            assertThat(readAll(store)).isEqualTo(before);
            StoreStats stats = store.stats();
            assertThat(stats.events()).isEqualTo(statsBefore.events());
            assertThat(stats.streams()).isEqualTo(statsBefore.streams());
            assertThat(stats.headPosition()).isEqualTo(statsBefore.headPosition());
            assertThat(stats.segments()).isEqualTo(statsBefore.segments());
            for (int s = 0; s < 12; s++) {
                StreamId stream = StreamId.of("Order", Integer.toString(s));
                var found = (ReadStreamResult.Found) store.readStream(stream, StreamVersion.FIRST, ReadDirection.FORWARD, 100);
                assertThat(found.events()).hasSize(20);
                assertThat(found.events()).isEqualTo(before.stream().filter(e -> e.streamId().equals(stream)).toList());
            }
            var key = (IdempotencyLookup.Found) store.findIdempotencyKey("key-77");
            assertThat(key.stream()).isEqualTo(StreamId.of("Order", "5"));
            assertThat(key.requestHash()).isEqualTo("hash-77");
            var next = store.append(StreamId.of("Order", "0"), ExpectedVersion.exact(19), List.of(TestEvents.event("g")));
            assertThat(next).isInstanceOfSatisfying(AppendResult.Appended.class,
                    a -> assertThat(a.lastPosition()).isGreaterThan(before.getLast().position()));
        }
    }

    @Test
    void aSecondOpenOfTheSameDirectoryIsRefusedUntilTheFirstIsClosed() {
        Path directory = temp.resolve("locked");
        EmbeddedEventStore first = EmbeddedEventStore.open(config(directory, Durability.FSYNC)).orThrow();
        try {
            OpenResult second = EmbeddedEventStore.open(config(directory, Durability.FSYNC));
            assertThat(second).isInstanceOfSatisfying(OpenResult.Failed.class,
                    f -> assertThat(f.failure().kind()).isEqualTo(StorageFailure.Kind.UNAVAILABLE));
        } finally {
            first.close();
        }
        EmbeddedEventStore.open(config(directory, Durability.FSYNC)).orThrow().close();
    }

    @Test
    void statsCountDurableEventsStreamsAndFiles() {
        try (EmbeddedEventStore store = EmbeddedEventStore.open(config(temp.resolve("stats"), Durability.FSYNC)).orThrow()) {
            assertThat(store.stats().events()).isZero();
            store.append(StreamId.of("A-1"), ExpectedVersion.NO_STREAM, TestEvents.events("a", 3));
            var last = (AppendResult.Appended) store.append(StreamId.of("B-1"), ExpectedVersion.NO_STREAM,
                    TestEvents.events("b", 2));

            StoreStats stats = store.stats();

            assertThat(stats.events()).isEqualTo(5);
            assertThat(stats.streams()).isEqualTo(2);
            assertThat(stats.headPosition()).isEqualTo(last.lastPosition());
            assertThat(stats.segments()).isEqualTo(1);
            assertThat(stats.bytesOnDisk()).isGreaterThan(5 * 68);
        }
    }

    @Test
    void theUnsafeModeKeepsDataAcrossACleanClose() {
        Path directory = temp.resolve("unsafe");
        List<RecordedEvent> before;
        try (EmbeddedEventStore store = EmbeddedEventStore.open(config(directory, Durability.UNSAFE_NO_FSYNC)).orThrow()) {
            for (int i = 0; i < 50; i++) {
                store.append(StreamId.of("U-" + (i % 3)), ExpectedVersion.ANY, TestEvents.events("u" + i, 2));
            }
            before = readAll(store);
        }
        try (EmbeddedEventStore store = EmbeddedEventStore.open(config(directory, Durability.FSYNC)).orThrow()) {
            assertThat(readAll(store)).isEqualTo(before).hasSize(100);
        }
    }

    @Test
    void anAppendLargerThanASegmentIsRejectedAndWritesNothing() {
        try (EmbeddedEventStore store = EmbeddedEventStore.open(config(temp.resolve("big"), Durability.FSYNC)).orThrow()) {
            var result = store.append(StreamId.of("Big-1"), ExpectedVersion.ANY,
                    List.of(TestEvents.withData(new byte[(int) SEGMENT_BYTES])));

            assertThat(result).isInstanceOfSatisfying(AppendResult.Failed.class,
                    f -> assertThat(f.failure().kind()).isEqualTo(StorageFailure.Kind.REJECTED));
            assertThat(store.readStream(StreamId.of("Big-1"), StreamVersion.FIRST, ReadDirection.FORWARD, 1))
                    .isInstanceOf(ReadStreamResult.NotFound.class);
            assertThat(store.append(StreamId.of("Big-1"), ExpectedVersion.NO_STREAM, TestEvents.events("ok", 1)))
                    .isInstanceOf(AppendResult.Appended.class);
        }
    }

    @Test
    void aBatchIsNeverSplitAcrossSegments() throws Exception {
        Path directory = temp.resolve("batches");
        try (EmbeddedEventStore store = EmbeddedEventStore.open(config(directory, Durability.FSYNC)).orThrow()) {
            for (int i = 0; i < 40; i++) {
                store.append(StreamId.of("Batch-" + i), ExpectedVersion.NO_STREAM, TestEvents.events("b" + i, 7));
            }
            List<RecordedEvent> all = readAll(store);
            for (int i = 0; i < all.size(); i += 7) {
                long firstSegment = segmentOf(store, all.get(i).position());
                long lastSegment = segmentOf(store, all.get(i + 6).position());
                assertThat(lastSegment).as("batch at %d", i).isEqualTo(firstSegment);
            }
            try (Stream<Path> files = Files.list(directory)) {
                assertThat(files.filter(p -> p.toString().endsWith(".seg")).count()).isGreaterThan(2);
            }
        }
    }

    private long segmentOf(EmbeddedEventStore store, GlobalPosition position) {
        return position.value() / store.config().segmentBytes();
    }

    private static List<RecordedEvent> readAll(EventStore store) {
        List<RecordedEvent> events = new ArrayList<>();
        GlobalPosition after = GlobalPosition.START;
        while (true) {
            var page = (ReadAllResult.Page) store.readAll(after, 37);
            events.addAll(page.events());
            if (!page.events().isEmpty()) {
                after = page.events().getLast().position();
            }
            if (page.isEnd()) {
                return events;
            }
        }
    }
}
