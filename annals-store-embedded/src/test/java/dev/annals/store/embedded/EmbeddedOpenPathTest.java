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
import dev.annals.store.embedded.checkpoint.IndexCheckpoint;
import dev.annals.testing.contract.TestEvents;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fast open path: sealed segments checked after open (reads wait for the check; damage found
 * then is never served), and the index checkpoint chain merged so that it stays short.
 */
class EmbeddedOpenPathTest {
    private static final long SEGMENT_BYTES = 16 * 1024;

    @TempDir
    Path temp;

    private static EmbeddedStoreConfig config(Path directory, DamagePolicy onDamage, VerifySealedSegments verify,
                                              long checkpointEvery) {
        return EmbeddedStoreConfig.builder(directory)
                .segmentBytes(SEGMENT_BYTES)
                .indexCheckpointEvery(checkpointEvery)
                .onDamage(onDamage)
                .verifySealedSegments(verify)
                .build();
    }

    /** Writes 300 events over 12 streams (several sealed segments) and closes the store; returns them in log order. */
    private static List<RecordedEvent> writeStore(Path directory, long checkpointEvery) {
        try (EmbeddedEventStore store = EmbeddedEventStore.open(
                config(directory, DamagePolicy.REFUSE, VerifySealedSegments.BACKGROUND, checkpointEvery)).orThrow()) {
            for (int i = 0; i < 300; i++) {
                EventData event = TestEvents.event("e" + i).withMetadata(TestEvents.metadata()
                        .withEntry(Metadata.IDEMPOTENCY_KEY, "key-" + i).withEntry(Metadata.REQUEST_HASH, "hash-" + i));
                assertThat(store.append(StreamId.of("Open", Integer.toString(i % 12)), ExpectedVersion.ANY, List.of(event)))
                        .isInstanceOf(AppendResult.Appended.class);
            }
            return readAll(store);
        }
    }

    @Test
    void opensWithoutCheckingSealedDataAndThenRefusesEverythingOnceItsCheckFindsDamage() throws IOException {
        Path directory = temp.resolve("refuse");
        writeStore(directory, 64);
        Path first = segments(directory).getFirst();
        flipBit(first, Segment64.FIRST_RECORD_BODY);

        var opened = EmbeddedEventStore.open(config(directory, DamagePolicy.REFUSE, VerifySealedSegments.BACKGROUND, 64));

        assertThat(opened).as("open does not read sealed data").isInstanceOf(OpenResult.Opened.class);
        try (EmbeddedEventStore store = ((OpenResult.Opened) opened).store()) {
            // The first read touching the damaged segment waits for (or runs) its check: never served.
            assertThat(store.readAll(GlobalPosition.START, 10)).isInstanceOfSatisfying(ReadAllResult.Failed.class,
                    f -> assertThat(f.failure().kind()).isEqualTo(StorageFailure.Kind.CORRUPTED));
            assertThat(store.awaitVerification(Duration.ofSeconds(30))).isTrue();
            assertThat(store.damage()).isNotNull();
            assertThat(store.damage().segment().getFileName()).isEqualTo(first.getFileName());
            assertThat(store.isReadOnly()).isTrue();
            assertThat(store.append(StreamId.of("Open-new"), ExpectedVersion.ANY, TestEvents.events("x", 1)))
                    .isInstanceOfSatisfying(AppendResult.Failed.class,
                            f -> assertThat(f.failure().kind()).isEqualTo(StorageFailure.Kind.CORRUPTED));
            GlobalPosition afterFirstSegment = GlobalPosition.of(SEGMENT_BYTES);
            assertThat(store.readAll(afterFirstSegment, 10)).as("REFUSE: nothing is served any more")
                    .isInstanceOf(ReadAllResult.Failed.class);
        }
    }

    @Test
    void readOnlyPolicyKeepsServingUndamagedSegmentsAfterTheCheckFindsDamage() throws IOException {
        Path directory = temp.resolve("read-only");
        List<RecordedEvent> written = writeStore(directory, 64);
        List<Path> segments = segments(directory);
        assertThat(segments).hasSizeGreaterThan(2);
        flipBit(segments.getFirst(), Segment64.FIRST_RECORD_BODY);

        try (EmbeddedEventStore store = EmbeddedEventStore.open(
                config(directory, DamagePolicy.READ_ONLY, VerifySealedSegments.BACKGROUND, 64)).orThrow()) {
            assertThat(store.awaitVerification(Duration.ofSeconds(30))).isTrue();
            assertThat(store.damage()).isNotNull();
            assertThat(store.isReadOnly()).isTrue();
            assertThat(store.append(StreamId.of("Open-new"), ExpectedVersion.ANY, TestEvents.events("x", 1)))
                    .isInstanceOf(AppendResult.Failed.class);
            assertThat(store.readAll(GlobalPosition.START, 10)).isInstanceOf(ReadAllResult.Failed.class);
            List<RecordedEvent> later = written.stream().filter(e -> e.position().value() >= SEGMENT_BYTES).toList();
            var page = store.readAll(GlobalPosition.of(SEGMENT_BYTES), later.size());
            assertThat(page).isInstanceOfSatisfying(ReadAllResult.Page.class,
                    p -> assertThat(p.events()).isEqualTo(later));
        }
    }

    @Test
    void eagerVerificationRefusesToOpenOnTheSameDamage() throws IOException {
        Path directory = temp.resolve("eager");
        writeStore(directory, 64);
        Path first = segments(directory).getFirst();
        flipBit(first, Segment64.FIRST_RECORD_BODY);

        var opened = EmbeddedEventStore.open(config(directory, DamagePolicy.REFUSE, VerifySealedSegments.EAGER, 64));

        assertThat(opened).isInstanceOfSatisfying(OpenResult.Damaged.class,
                d -> assertThat(d.damage().segment().getFileName()).isEqualTo(first.getFileName()));
    }

    @Test
    void anUndamagedStoreFinishesItsCheckAndKeepsAppending() {
        Path directory = temp.resolve("intact");
        List<RecordedEvent> written = writeStore(directory, 64);
        try (EmbeddedEventStore store = EmbeddedEventStore.open(
                config(directory, DamagePolicy.REFUSE, VerifySealedSegments.BACKGROUND, 64)).orThrow()) {
            assertThat(readAll(store)).isEqualTo(written);
            assertThat(store.awaitVerification(Duration.ofSeconds(30))).isTrue();
            assertThat(store.damage()).isNull();
            assertThat(store.isReadOnly()).isFalse();
            assertThat(store.append(StreamId.of("Open", "0"), ExpectedVersion.exact(24), TestEvents.events("y", 1)))
                    .isInstanceOf(AppendResult.Appended.class);
        }
    }

    @Test
    void theIndexCheckpointChainIsMergedSoItStaysShort() {
        Path directory = temp.resolve("merged");
        // A delta every 5 events: 60 deltas without merging.
        List<RecordedEvent> written = writeStore(directory, 5);
        List<Path> files = indexFiles(directory);
        assertThat(files).as("index checkpoint files after 60 deltas").hasSizeLessThan(30);
        String firstName = files.getFirst().getFileName().toString();
        assertThat(firstName).as("the chain starts at 0").startsWith("00000000000000000000-");
        long firstEnd = Long.parseLong(firstName.substring(21, 41));
        assertThat(firstEnd).as("the first file is a merge of many deltas, not the first delta of 5 events")
                .isGreaterThan(written.get(50).position().value());

        var opened = (OpenResult.Opened) EmbeddedEventStore.open(
                config(directory, DamagePolicy.REFUSE, VerifySealedSegments.BACKGROUND, 5));
        try (EmbeddedEventStore store = opened.store()) {
            assertThat(opened.report().usedIndexCheckpoint()).isTrue();
            assertThat(opened.report().eventsRecovered()).as("events scanned after the checkpoint").isZero();
            assertThat(readAll(store)).isEqualTo(written);
            var category = store.readCategory("Open", GlobalPosition.START, 1000);
            assertThat(category).isInstanceOfSatisfying(ReadAllResult.Page.class,
                    p -> assertThat(p.events()).isEqualTo(written));
            for (int s = 0; s < 12; s++) {
                StreamId stream = StreamId.of("Open", Integer.toString(s));
                var found = (ReadStreamResult.Found) store.readStream(stream, StreamVersion.FIRST, ReadDirection.FORWARD, 100);
                assertThat(found.events()).isEqualTo(written.stream().filter(e -> e.streamId().equals(stream)).toList());
            }
            GlobalPosition middle = written.get(150).position();
            var fromMiddle = store.readAll(middle, 10);
            assertThat(fromMiddle).as("$all from a position inside a segment (sparse record index)")
                    .isInstanceOfSatisfying(ReadAllResult.Page.class,
                            p -> assertThat(p.events()).isEqualTo(written.subList(151, 161)));
            var key = (IdempotencyLookup.Found) store.findIdempotencyKey("key-123");
            assertThat(key.stream()).isEqualTo(StreamId.of("Open", "3"));
            assertThat(key.requestHash()).isEqualTo("hash-123");
        }
    }

    @Test
    void aLargeMergedCheckpointLoadsLikeASmallOne() throws IOException {
        Path directory = temp.resolve("large");
        EmbeddedStoreConfig config = EmbeddedStoreConfig.builder(directory)
                .segmentBytes(1L << 20)
                .indexCheckpointEvery(4000)
                .durability(Durability.UNSAFE_NO_FSYNC)
                .build();
        List<RecordedEvent> written;
        try (EmbeddedEventStore store = EmbeddedEventStore.open(config).orThrow()) {
            for (int i = 0; i < 1600; i++) {
                String category = i % 2 == 0 ? "Large" : "Wide";
                store.append(StreamId.of(category, Integer.toString(i % 300)), ExpectedVersion.ANY,
                        TestEvents.events("l" + i, 50));
            }
            written = readAll(store);
        }
        List<Path> files = indexFiles(directory);
        assertThat(Files.size(files.getFirst())).as("big enough to be mapped, not read").isGreaterThan(1L << 20);

        var opened = (OpenResult.Opened) EmbeddedEventStore.open(config);
        try (EmbeddedEventStore store = opened.store()) {
            assertThat(opened.report().eventsRecovered()).isZero();
            assertThat(readAll(store)).isEqualTo(written);
            List<RecordedEvent> wide = new ArrayList<>();
            GlobalPosition after = GlobalPosition.START;
            while (true) {
                var page = (ReadAllResult.Page) store.readCategory("Wide", after, 5000);
                wide.addAll(page.events());
                if (page.isEnd()) {
                    break;
                }
                after = page.events().getLast().position();
            }
            assertThat(wide).isEqualTo(written.stream().filter(e -> e.streamId().category().equals("Wide")).toList());
            StreamId stream = StreamId.of("Large", "42");
            var found = (ReadStreamResult.Found) store.readStream(stream, StreamVersion.FIRST, ReadDirection.FORWARD, 10_000);
            assertThat(found.events()).isEqualTo(written.stream().filter(e -> e.streamId().equals(stream)).toList());
        }
    }

    @Test
    void aMergedFileLeftBesideTheFilesItReplacedIsPreferredAndTheRestDeleted() throws IOException {
        Path directory = temp.resolve("crash-in-merge");
        List<RecordedEvent> written = writeStore(directory, 1000);
        // One delta (written at close) so far; add more, closing after each, so the chain has several files.
        for (int round = 0; round < 3; round++) {
            try (EmbeddedEventStore store = EmbeddedEventStore.open(
                    config(directory, DamagePolicy.REFUSE, VerifySealedSegments.BACKGROUND, 1000)).orThrow()) {
                for (int i = 0; i < 10; i++) {
                    store.append(StreamId.of("More", Integer.toString(round)), ExpectedVersion.ANY,
                            TestEvents.events("m" + round + "-" + i, 1));
                }
                if (round == 2) {
                    written = readAll(store);
                }
            }
        }
        List<Path> chain = indexFiles(directory);
        assertThat(chain).hasSize(4);
        List<IndexCheckpoint.FileInfo> infos = new ArrayList<>();
        List<byte[]> contents = new ArrayList<>();
        for (Path file : chain) {
            String[] range = file.getFileName().toString().replace(".idx", "").split("-");
            infos.add(new IndexCheckpoint.FileInfo(file, Long.parseLong(range[0]), Long.parseLong(range[1]), 0));
            contents.add(Files.readAllBytes(file));
        }
        IndexCheckpoint.FileInfo merged = IndexCheckpoint.merge(StorageIo.system(), directory, infos);
        // A crash before the merged files were deleted: put them back.
        for (int i = 0; i < chain.size(); i++) {
            if (!Files.exists(chain.get(i))) {
                Files.write(chain.get(i), contents.get(i));
            }
        }
        assertThat(indexFiles(directory)).hasSize(5);

        var opened = (OpenResult.Opened) EmbeddedEventStore.open(
                config(directory, DamagePolicy.REFUSE, VerifySealedSegments.BACKGROUND, 1000));
        try (EmbeddedEventStore store = opened.store()) {
            assertThat(opened.report().usedIndexCheckpoint()).isTrue();
            assertThat(opened.report().eventsRecovered()).isZero();
            assertThat(readAll(store)).isEqualTo(written);
            assertThat(indexFiles(directory)).containsExactly(merged.file());
        }
    }

    /** Offsets in the first segment: header 64 bytes, then the first record, whose body starts 68 bytes in. */
    private static final class Segment64 {
        static final long FIRST_RECORD_BODY = 64 + 68 + 8;
    }

    private static void flipBit(Path file, long offset) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(offset);
            int b = raf.read();
            raf.seek(offset);
            raf.write(b ^ 0x10);
        }
    }

    private static List<Path> segments(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".seg")).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<Path> indexFiles(Path directory) {
        try (Stream<Path> files = Files.list(directory.resolve(IndexCheckpoint.DIRECTORY))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".idx")).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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
