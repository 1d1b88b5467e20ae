// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.embedded.tools;

import dev.annals.core.event.EventData;
import dev.annals.core.event.Metadata;
import dev.annals.core.store.AppendResult;
import dev.annals.core.store.ExpectedVersion;
import dev.annals.core.store.StreamId;
import dev.annals.store.embedded.Durability;
import dev.annals.store.embedded.EmbeddedEventStore;
import dev.annals.store.embedded.EmbeddedStoreConfig;
import dev.annals.store.embedded.OpenResult;
import dev.annals.store.embedded.StoreStats;
import dev.annals.store.embedded.VerifySealedSegments;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Measures how long opening a large embedded store takes and how much heap its index holds. Not a
 * test: run by hand, for example
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(deps) dev.annals.store.embedded.tools.OpenBench \
 *     /tmp/open-bench 3000000 30000 256 3
 * </pre>
 *
 * Arguments: directory, events, streams, event data bytes, runs. The store is built once (unsafe
 * durability, batches of 10 events per append) unless the directory already holds one with as many
 * events; then it is opened {@code runs} times with background and with eager verification of sealed
 * segments. The heap figure is the heap in use after a full GC with the store open minus the same with
 * it closed; it is all the store holds (index, idempotency keys, stream table, caches). The last
 * line is one JSON object with the medians.
 */
public final class OpenBench {
    private OpenBench() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args.length > 0 ? args[0] : "/tmp/annals-open-bench");
        long events = args.length > 1 ? Long.parseLong(args[1]) : 3_000_000;
        int streams = args.length > 2 ? Integer.parseInt(args[2]) : 30_000;
        int eventBytes = args.length > 3 ? Integer.parseInt(args[3]) : 256;
        int runs = args.length > 4 ? Integer.parseInt(args[4]) : 3;

        long existing = 0;
        if (Files.isDirectory(directory)) {
            try (EmbeddedEventStore store = open(directory, VerifySealedSegments.BACKGROUND).store()) {
                existing = store.stats().events();
            }
        }
        if (existing != events) {
            if (existing != 0) {
                throw new IllegalStateException(directory + " holds " + existing + " events, not " + events
                        + ": remove it first");
            }
            build(directory, events, streams, eventBytes);
        }

        long[] openMillis = new long[runs];
        long[] verifiedMillis = new long[runs];
        long[] heapBytes = new long[runs];
        long[] eagerMillis = new long[runs];
        StoreStats stats = null;
        for (int run = 0; run < runs; run++) {
            long heapClosed = heapAfterGc();
            long started = System.nanoTime();
            OpenResult.Opened opened = open(directory, VerifySealedSegments.BACKGROUND);
            openMillis[run] = (System.nanoTime() - started) / 1_000_000;
            try (EmbeddedEventStore store = opened.store()) {
                if (!store.awaitVerification(Duration.ofMinutes(10)) || store.damage() != null) {
                    throw new IllegalStateException("verification: " + store.damage());
                }
                verifiedMillis[run] = (System.nanoTime() - started) / 1_000_000;
                heapBytes[run] = heapAfterGc() - heapClosed;
                stats = store.stats();
                System.out.printf("run %d: open %d ms (index checkpoint used: %s, %d events scanned), sealed segments"
                                + " verified after %d ms, heap held %.1f MB = %.1f bytes/event%n", run + 1,
                        openMillis[run], opened.report().usedIndexCheckpoint(), opened.report().eventsRecovered(),
                        verifiedMillis[run], heapBytes[run] / 1e6, (double) heapBytes[run] / stats.events());
            }
            started = System.nanoTime();
            try (EmbeddedEventStore store = open(directory, VerifySealedSegments.EAGER).store()) {
                eagerMillis[run] = (System.nanoTime() - started) / 1_000_000;
                System.out.printf("run %d: open with eager verification %d ms%n", run + 1, eagerMillis[run]);
            }
        }
        System.out.printf("{\"scenario\":\"open\",\"store\":\"embedded\",\"events\":%d,\"streams\":%d,\"eventBytes\":%d,"
                        + "\"segments\":%d,\"bytesOnDisk\":%d,\"openMillis\":%d,\"verifiedMillis\":%d,"
                        + "\"eagerOpenMillis\":%d,\"heapBytesPerEvent\":%.1f}%n",
                stats.events(), stats.streams(), eventBytes, stats.segments(), stats.bytesOnDisk(), median(openMillis),
                median(verifiedMillis), median(eagerMillis), (double) median(heapBytes) / stats.events());
    }

    private static OpenResult.Opened open(Path directory, VerifySealedSegments verify) {
        OpenResult result = EmbeddedEventStore.open(EmbeddedStoreConfig.builder(directory)
                .durability(Durability.UNSAFE_NO_FSYNC)
                .verifySealedSegments(verify)
                .build());
        if (result instanceof OpenResult.Opened opened) {
            return opened;
        }
        throw new IllegalStateException("open: " + result);
    }

    private static void build(Path directory, long events, int streams, int eventBytes) {
        long started = System.nanoTime();
        byte[] data = new byte[eventBytes];
        Arrays.fill(data, (byte) 'x');
        try (EmbeddedEventStore store = open(directory, VerifySealedSegments.BACKGROUND).store()) {
            int batch = 10;
            long written = 0;
            long round = 0;
            while (written < events) {
                int stream = (int) (round % streams);
                int n = (int) Math.min(batch, events - written);
                List<EventData> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(new EventData(UUID.randomUUID(), "bench.Happened", 1, data, Metadata.EMPTY));
                }
                AppendResult result = store.append(StreamId.of("Bench", Integer.toString(stream)), ExpectedVersion.ANY, list);
                if (!(result instanceof AppendResult.Appended)) {
                    throw new IllegalStateException("append: " + result);
                }
                written += n;
                round++;
            }
        }
        System.out.printf("built %d events in %d streams in %.1f s%n", events, streams,
                (System.nanoTime() - started) / 1e9);
    }

    private static long heapAfterGc() throws InterruptedException {
        var memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
