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
import dev.annals.store.embedded.StorageIo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/*
 * T4a: injected I/O faults
 * ------------------------
 * A small workload (4 writers x 12 appends of 1-2 events, 8 KiB segments so that rolls, footers,
 * new files and directory fsyncs happen) runs once with a counting FaultyIo to learn how many calls
 * of each kind it makes; then once per (kind, N, transient|persistent) with the N-th call failing.
 * Each run checks:
 *   - every append returns within 5 s, no writer hangs;
 *   - a failed append answers UNAVAILABLE or CAPACITY_EXHAUSTED;
 *   - fail-stop: once the fault fired, an append answers Failed (no fsync retry, no recovery in place),
 *     and no append that started after a Failed answer was acknowledged;
 *   - reads of the failed store still serve every acknowledged event;
 *   - reopened with the real I/O, the store opens and the Ledger holds; new appends work.
 * Short writes (1..n of n bytes per call) alone must not fail any append.
 */
@Tag("reliability")
class IoFaultTest {
    private static final long SEGMENT_BYTES = 8 * 1024;
    private static final int WRITERS = 4;
    private static final int APPENDS = 12;
    private static final long APPEND_LIMIT_NANOS = 5_000_000_000L;
    private static final List<FaultyIo.Op> SWEPT = List.of(
            FaultyIo.Op.WRITE, FaultyIo.Op.FORCE, FaultyIo.Op.SYNC_DIRECTORY, FaultyIo.Op.CREATE, FaultyIo.Op.OPEN,
            FaultyIo.Op.MOVE, FaultyIo.Op.DELETE);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path temp;

    @Test
    void failsStopAndLosesNothingAcknowledgedWhenAWriteOrForceFails() throws Exception {
        int cap = Boolean.getBoolean("annals.stress") ? 400 : 40;
        var counting = FaultyIo.counting();
        List<String> baseline = run(temp.resolve("baseline"), counting, 1);
        assertThat(baseline).as("the workload without faults").isEmpty();
        int runs = 0;
        int fired = 0;
        List<String> counts = new ArrayList<>();
        for (FaultyIo.Op op : SWEPT) {
            long total = counting.count(op);
            counts.add(op + "=" + total);
            for (FaultyIo.Action action : List.of(FaultyIo.Action.FAIL_ONCE, FaultyIo.Action.FAIL_FROM)) {
                for (long n : spread(total, cap)) {
                    var fault = new FaultyIo.Fault(op, n, action);
                    var io = new FaultyIo(StorageIo.system(), fault, false, n);
                    Path directory = temp.resolve(fault.format().replace(':', '-'));
                    List<String> violations = run(directory, io, n);
                    runs++;
                    if (io.hasFired()) {
                        fired++;
                    }
                    assertThat(violations).as("fault " + fault.format() + " (files in " + directory + ")").isEmpty();
                    StoreFiles.deleteTree(directory);
                }
            }
        }
        System.out.printf("IoFaultTest: %d fault runs (%d fired) over calls %s%n", runs, fired, counts);
    }

    @Test
    void shortWritesAloneFailNothing() {
        for (long seed = 1; seed <= 5; seed++) {
            var io = new FaultyIo(StorageIo.system(), null, true, seed);
            Path directory = temp.resolve("short-" + seed);
            assertThat(run(directory, io, seed)).as("short writes, seed " + seed).isEmpty();
            assertThat(io.count(FaultyIo.Op.WRITE)).isPositive();
        }
    }

    /** N values to sweep for a kind with {@code total} calls: all of 1..total+1 up to the cap, else a spread. */
    private static List<Long> spread(long total, int cap) {
        List<Long> values = new ArrayList<>();
        long last = total + 1;
        if (last <= cap) {
            for (long n = 1; n <= last; n++) {
                values.add(n);
            }
            return values;
        }
        for (int i = 0; i < cap; i++) {
            long n = 1 + Math.round((double) i * (last - 1) / (cap - 1));
            if (values.isEmpty() || values.getLast() != n) {
                values.add(n);
            }
        }
        return values;
    }

    private static List<String> run(Path directory, FaultyIo io, long seed) {
        List<String> violations = Collections.synchronizedList(new ArrayList<>());
        var ledger = new Ledger();
        OpenResult opened = EmbeddedEventStore.open(StoreFiles.config(directory, SEGMENT_BYTES, DamagePolicy.REFUSE, io));
        switch (opened) {
            case OpenResult.Damaged damaged -> violations.add("open of a new store answered " + damaged);
            case OpenResult.Failed failed -> {
                if (!io.hasFired()) {
                    violations.add("open failed without an injected fault: " + failed);
                }
            }
            case OpenResult.Opened(EmbeddedEventStore store, var report) -> {
                try {
                    runWorkload(store, io, ledger, seed, violations);
                } finally {
                    try {
                        store.close();
                    } catch (RuntimeException e) {
                        violations.add("close threw " + e);
                    }
                }
            }
        }
        if (!violations.isEmpty()) {
            return violations;
        }
        OpenResult reopened = StoreFiles.open(directory, SEGMENT_BYTES, DamagePolicy.REFUSE);
        if (!(reopened instanceof OpenResult.Opened(EmbeddedEventStore store, var report))) {
            violations.add("reopen with the real I/O answered " + reopened);
            return violations;
        }
        try {
            violations.addAll(ledger.verify(store, id -> Workload.event(seed, id)));
            if (violations.isEmpty()) {
                violations.addAll(ledger.appendAtExpectedVersions(store, seed, 2));
            }
            if (!violations.isEmpty()) {
                violations.add("recovery report: " + report);
            }
        } finally {
            store.close();
        }
        return violations;
    }

    private static void runWorkload(EmbeddedEventStore store, FaultyIo io, Ledger ledger, long seed, List<String> violations) {
        var firstFailure = new AtomicLong(Long.MAX_VALUE);
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writers.add(Thread.ofPlatform().daemon().name("fault-writer-" + w).start(() -> {
                StreamId stream = Workload.stream("Fault", writer);
                long version = -1;
                long sequence = 0;
                for (int i = 0; i < APPENDS; i++) {
                    int size = 1 + (i % 3 == 2 ? 1 : 0);
                    List<EventData> batch = new ArrayList<>();
                    for (int k = 0; k < size; k++) {
                        batch.add(Workload.event(seed, Workload.eventId(seed, 0, writer, sequence++)));
                    }
                    ledger.tried(stream, batch);
                    long started = System.nanoTime();
                    AppendResult result = store.append(stream, version < 0 ? ExpectedVersion.NO_STREAM : ExpectedVersion.exact(version), batch);
                    long took = System.nanoTime() - started;
                    if (took > APPEND_LIMIT_NANOS) {
                        violations.add("append took " + took / 1_000_000 + " ms");
                    }
                    switch (result) {
                        case AppendResult.Appended appended -> {
                            if (started > firstFailure.get()) {
                                violations.add("append started after the store failed was acknowledged: " + appended);
                            }
                            ledger.acked(stream, batch, appended);
                            version = appended.lastVersion().value();
                        }
                        case AppendResult.WrongExpectedVersion wrong -> {
                            violations.add("own stream conflict: " + wrong);
                            return;
                        }
                        case AppendResult.Failed failed -> {
                            firstFailure.accumulateAndGet(System.nanoTime(), Math::min);
                            if (!isFailStopKind(failed.failure())) {
                                violations.add("append failed with " + failed.failure());
                            }
                            if (!io.hasFired()) {
                                violations.add("append failed without an injected fault: " + failed.failure());
                            }
                            return;
                        }
                    }
                }
            }));
        }
        for (Thread writer : writers) {
            try {
                writer.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                violations.add("interrupted");
                return;
            }
            if (writer.isAlive()) {
                violations.add(writer.getName() + " hangs in append");
                return;
            }
        }
        if (!io.hasFired()) {
            return;
        }
        EventData probe = Workload.event(seed, Workload.eventId(seed, 1, 0, 0));
        ledger.tried(probe.eventId(), Workload.stream("Fault", 99));
        long started = System.nanoTime();
        AppendResult result = store.append(Workload.stream("Fault", 99), ExpectedVersion.ANY, List.of(probe));
        if (System.nanoTime() - started > APPEND_LIMIT_NANOS) {
            violations.add("append to the failed store took more than 5 s");
        }
        if (!(result instanceof AppendResult.Failed failed) || !isFailStopKind(failed.failure())) {
            violations.add("after the fault fired the store did not fail stop: an append answered " + result);
            if (result instanceof AppendResult.Appended appended) {
                ledger.acked(Workload.stream("Fault", 99), List.of(probe), appended);
            }
        }
        for (String violation : ledger.verify(store, id -> Workload.event(seed, id))) {
            violations.add("reading the failed store: " + violation);
        }
    }

    static boolean isFailStopKind(StorageFailure failure) {
        return failure.kind() == StorageFailure.Kind.UNAVAILABLE || failure.kind() == StorageFailure.Kind.CAPACITY_EXHAUSTED;
    }
}
