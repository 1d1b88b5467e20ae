// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.embedded.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.core.event.EventData;
import dev.annals.core.store.AppendResult;
import dev.annals.core.store.ExpectedVersion;
import dev.annals.core.store.StorageFailure;
import dev.annals.core.store.StreamId;
import dev.annals.store.embedded.DamagePolicy;
import dev.annals.store.embedded.EmbeddedEventStore;
import dev.annals.store.embedded.OpenResult;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * T4b: a real full disk. A small file system (tmpfs of 8 MiB, or a loop-mounted 32 MiB ext4
 * image) is mounted in a temporary directory, a filler file is written first, then the store is
 * filled until an append fails. The failure must reach the caller as a typed outcome, nothing
 * acknowledged may be lost, and reads must go on; once the filler is deleted the store reopens,
 * the {@link Ledger} holds and new appends succeed. Skipped where mounting is not permitted.
 */
@Tag("reliability")
class DiskFullTest {
    private static final long SEGMENT_BYTES = 1024 * 1024;

    @TempDir
    Path temp;

    private final List<Path> mounts = new ArrayList<>();

    @AfterEach
    void unmount() throws Exception {
        for (Path mount : mounts) {
            if (exec("umount", mount.toString()) != 0) {
                exec("umount", "-l", mount.toString());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tmpfs", "ext4"})
    void surfacesAFullDiskAsAFailureAndRecoversOnceSpaceIsFreed(String fileSystem) throws Exception {
        Path mount = mount(fileSystem);
        Path filler = mount.resolve("filler");
        Files.write(filler, new byte[fileSystem.equals("tmpfs") ? 1 << 20 : 2 << 20]);
        Path directory = mount.resolve("store");
        long seed = fileSystem.hashCode();
        var ledger = new Ledger();
        Map<UUID, EventData> written = new HashMap<>();
        StorageFailure failure = null;
        int appends = 0;
        try (EmbeddedEventStore store = StoreFiles.open(directory, SEGMENT_BYTES, DamagePolicy.REFUSE).orThrow()) {
            long sequence = 0;
            long[] versions = new long[8];
            Arrays.fill(versions, -1);
            while (failure == null && appends < 100_000) {
                int s = appends % versions.length;
                StreamId stream = Workload.stream("Full", s);
                List<EventData> batch = new ArrayList<>();
                for (int k = 0; k < 4; k++) {
                    EventData event = Workload.event(seed, Workload.eventId(seed, 0, 0, sequence++), 8000);
                    written.put(event.eventId(), event);
                    batch.add(event);
                }
                ledger.tried(stream, batch);
                long started = System.nanoTime();
                AppendResult result = store.append(stream,
                        versions[s] < 0 ? ExpectedVersion.NO_STREAM : ExpectedVersion.exact(versions[s]), batch);
                assertThat(System.nanoTime() - started).as("append duration, ns").isLessThan(TimeUnit.SECONDS.toNanos(5));
                appends++;
                switch (result) {
                    case AppendResult.Appended appended -> {
                        ledger.acked(stream, batch, appended);
                        versions[s] = appended.lastVersion().value();
                    }
                    case AppendResult.Failed failed -> failure = failed.failure();
                    case AppendResult.WrongExpectedVersion wrong -> throw new AssertionError("own stream conflict: " + wrong);
                }
            }
            assertThat(failure).as("an append failed once the disk was full").isNotNull();
            assertThat(failure.kind()).isIn(StorageFailure.Kind.CAPACITY_EXHAUSTED, StorageFailure.Kind.UNAVAILABLE);
            EventData small = Workload.event(seed, Workload.eventId(seed, 1, 0, 0), 16);
            written.put(small.eventId(), small);
            ledger.tried(small.eventId(), Workload.stream("Full", 99));
            assertThat(store.append(Workload.stream("Full", 99), ExpectedVersion.ANY, List.of(small)))
                    .as("an append after the failure").isInstanceOf(AppendResult.Failed.class);
            assertThat(ledger.verify(store, id -> written.getOrDefault(id, Workload.event(seed, id))))
                    .as("reads of the full store").isEmpty();
        }
        Files.delete(filler);
        OpenResult reopened = StoreFiles.open(directory, SEGMENT_BYTES, DamagePolicy.REFUSE);
        assertThat(reopened).as("reopen after space was freed").isInstanceOf(OpenResult.Opened.class);
        try (EmbeddedEventStore store = reopened.orThrow()) {
            assertThat(ledger.verify(store, id -> written.getOrDefault(id, Workload.event(seed, id))))
                    .as("store after reopen").isEmpty();
            assertThat(ledger.appendAtExpectedVersions(store, seed, 2)).as("appends after reopen").isEmpty();
        }
        System.out.printf("DiskFullTest[%s]: %d appends, %d acknowledged events, failure %s%n",
                fileSystem, appends, ledger.ackCount(), failure);
    }

    private Path mount(String fileSystem) throws Exception {
        Path mount = Files.createDirectories(temp.resolve("mnt"));
        int status;
        if (fileSystem.equals("tmpfs")) {
            status = exec("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mount.toString());
        } else {
            Path image = temp.resolve("disk.img");
            try (var file = new RandomAccessFile(image.toFile(), "rw")) {
                file.setLength(32L << 20);
            }
            status = exec("mkfs.ext4", "-q", "-F", image.toString());
            if (status == 0) {
                status = exec("mount", "-o", "loop", image.toString(), mount.toString());
            }
        }
        Assumptions.assumeTrue(status == 0,
                "cannot mount a small " + fileSystem + " here (needs root and mount permission); disk-full test skipped");
        mounts.add(mount);
        return mount;
    }

    private static int exec(String... command) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (IOException e) {
            return -1;
        }
    }
}
