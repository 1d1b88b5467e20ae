// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.embedded.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.core.event.EventData;
import dev.annals.core.event.RecordedEvent;
import dev.annals.core.store.AppendResult;
import dev.annals.core.store.ExpectedVersion;
import dev.annals.store.embedded.DamagePolicy;
import dev.annals.store.embedded.EmbeddedEventStore;
import dev.annals.store.embedded.OpenResult;
import dev.annals.store.embedded.RecoveryReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * T3, torn tails: copies of a crashed store whose last segment is cut at every byte offset of its
 * last records and of its first records, or has zeros or garbage after its last record. Each copy
 * must open, keep every record that lies wholly before the cut, report what it dropped, and take
 * new appends that survive a reopen.
 */
@Tag("reliability")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TornTailTest {
    private static final long SEGMENT_BYTES = 64 * 1024;
    private static final long SEED = 0x70A2_7A11L;

    // static: with a per-class lifecycle an instance @TempDir is not injected before @BeforeAll
    @TempDir
    static Path temp;

    private SampleStore sample;

    @BeforeAll
    void writeSample() {
        sample = new SampleStore(temp.resolve("source"), SEED, SEGMENT_BYTES, 3);
    }

    @AfterAll
    void closeSample() {
        sample.close();
    }

    @Test
    void dropsOnlyTheCutRecordWhereverTheLastSegmentIsCut() {
        Path last = StoreFiles.lastSegment(sample.directory);
        long end = StoreFiles.dataEnd(last);
        List<SampleStore.Written> inLast = sample.written.stream()
                .filter(w -> w.segment().equals(sample.lastSegmentName())).toList();
        assertThat(inLast).as("events in the last segment").hasSizeGreaterThanOrEqualTo(8);
        long tailFrom = inLast.get(inLast.size() - 4).endOffset();
        long headTo = inLast.get(2).endOffset();
        var cuts = new TreeSet<Long>();
        for (long o = 0; o <= headTo; o++) {
            cuts.add(o);
        }
        for (long o = Math.max(0, tailFrom - 8); o <= end; o++) {
            cuts.add(o);
        }
        int before = sample.eventsBeforeLastSegment();
        var kept = new TreeMap<Long, Integer>();
        var reports = new TreeMap<Long, RecoveryReport>();
        List<String> violations = new ArrayList<>();
        int appendChecks = 0;
        for (long cut : cuts) {
            Path copy = temp.resolve("cut-" + cut);
            StoreFiles.copyTree(sample.directory, copy);
            Path segment = copy.resolve(sample.directory.relativize(last).toString());
            StoreFiles.truncate(segment, cut);
            OpenResult opened = StoreFiles.open(copy, SEGMENT_BYTES, DamagePolicy.REFUSE);
            if (!(opened instanceof OpenResult.Opened(EmbeddedEventStore store, RecoveryReport report))) {
                violations.add("cut at " + cut + ": open answered " + opened);
                StoreFiles.deleteTree(copy);
                continue;
            }
            try {
                List<String> found = new ArrayList<>();
                int prefix = sample.intactPrefix(store, found);
                found.forEach(v -> violations.add("cut at " + cut + ": " + v));
                kept.put(cut, prefix);
                reports.put(cut, report);
                if (prefix < before) {
                    violations.add("cut at " + cut + " in the last segment lost events of sealed segments: kept " + prefix
                            + " of " + before);
                }
                for (SampleStore.Written w : inLast) {
                    if (!sample.isPreallocated && w.endOffset() <= cut && prefix < sample.written.indexOf(w) + 1) {
                        violations.add("cut at " + cut + " dropped the record ending at " + w.endOffset() + " (kept " + prefix + ")");
                        break;
                    }
                }
                if (prefix >= 0 && (cut % 5 == 0 || cut == end)) {
                    appendChecks++;
                    appendAndReopen(store, copy, prefix, "cut at " + cut, violations);
                }
            } finally {
                store.close();
            }
            StoreFiles.deleteTree(copy);
        }
        assertThat(violations).as("torn-tail violations").isEmpty();

        Integer previous = null;
        for (var entry : kept.entrySet()) {
            if (previous != null && entry.getValue() < previous) {
                violations.add("cut at " + entry.getKey() + " kept " + entry.getValue() + " events, a shorter cut kept " + previous);
            }
            previous = entry.getValue();
        }
        assertThat(kept.get(end)).as("events kept with the segment uncut").isEqualTo(sample.written.size());
        // Where the cut removed bytes of a record, the first offset keeping the same count is that record's start.
        var boundaryOf = new TreeMap<Integer, Long>();
        for (var entry : kept.entrySet()) {
            if (entry.getKey() >= tailFrom - 8) {
                boundaryOf.putIfAbsent(entry.getValue(), entry.getKey());
            }
        }
        int torn = 0;
        for (var entry : kept.entrySet()) {
            long cut = entry.getKey();
            Long boundary = boundaryOf.get(entry.getValue());
            if (cut < tailFrom || boundary == null || boundary == tailFrom - 8 || cut == boundary) {
                continue;
            }
            torn++;
            RecoveryReport report = reports.get(cut);
            boolean named = report.truncations().stream().anyMatch(t ->
                    t.segment().getFileName().toString().equals(last.getFileName().toString())
                            && t.offset() == boundary && t.bytesDropped() == cut - boundary);
            if (!named) {
                violations.add("cut at " + cut + " tore the record starting at " + boundary + " but the report says "
                        + report.truncations());
            }
        }
        assertThat(violations).as("torn-tail reports").isEmpty();
        assertThat(boundaryOf.size()).as("distinct records cut in the tail").isGreaterThanOrEqualTo(3);
        System.out.printf("TornTailTest: %d cuts of %s (%d torn records reported, %d append checks), seed %d%n",
                cuts.size(), last.getFileName(), torn, appendChecks, SEED);
    }

    @Test
    void dropsZerosAndGarbageAfterTheLastRecord() {
        Path last = StoreFiles.lastSegment(sample.directory);
        long end = StoreFiles.size(last);
        var random = new SplittableRandom(SEED);
        List<String> violations = new ArrayList<>();
        int runs = 0;
        for (int length : new int[] {1, 3, 8, 17, 100, 511, 4096}) {
            for (boolean zeros : new boolean[] {true, false}) {
                runs++;
                byte[] tail = new byte[length];
                if (!zeros) {
                    random.nextBytes(tail);
                }
                String what = length + (zeros ? " zero bytes" : " garbage bytes");
                Path copy = temp.resolve("tail-" + runs);
                StoreFiles.copyTree(sample.directory, copy);
                StoreFiles.appendBytes(copy.resolve(sample.directory.relativize(last).toString()), tail);
                OpenResult opened = StoreFiles.open(copy, SEGMENT_BYTES, DamagePolicy.REFUSE);
                if (!(opened instanceof OpenResult.Opened(EmbeddedEventStore store, RecoveryReport report))) {
                    violations.add(what + ": open answered " + opened);
                    continue;
                }
                try {
                    List<String> found = new ArrayList<>();
                    int prefix = sample.intactPrefix(store, found);
                    found.forEach(v -> violations.add(what + ": " + v));
                    if (prefix != sample.written.size()) {
                        violations.add(what + ": kept " + prefix + " of " + sample.written.size() + " events");
                    }
                    boolean reported = report.truncations().stream().anyMatch(t ->
                            t.segment().getFileName().equals(last.getFileName()) && t.bytesDropped() > 0);
                    if (!sample.isPreallocated && !reported) {
                        violations.add(what + " after offset " + end + " were not reported: " + report.truncations());
                    }
                    appendAndReopen(store, copy, prefix, what, violations);
                } finally {
                    store.close();
                }
                StoreFiles.deleteTree(copy);
            }
        }
        assertThat(violations).isEmpty();
        System.out.printf("TornTailTest: %d zero/garbage tails, seed %d%n", runs, SEED);
    }

    /** Appends one event after the kept prefix, closes, reopens: the event and the prefix must be there. */
    private void appendAndReopen(EmbeddedEventStore store, Path copy, int prefix, String what, List<String> violations) {
        var stream = Workload.stream("Sample", 0);
        long lastVersion = -1;
        for (int i = 0; i < prefix; i++) {
            if (sample.written.get(i).stream().equals(stream)) {
                lastVersion = sample.written.get(i).version();
            }
        }
        EventData event = Workload.event(SEED, Workload.eventId(SEED, 1, 0, prefix), 160);
        AppendResult result = store.append(stream, lastVersion < 0 ? ExpectedVersion.NO_STREAM : ExpectedVersion.exact(lastVersion), List.of(event));
        if (!(result instanceof AppendResult.Appended)) {
            violations.add(what + ": append after recovery answered " + result);
            return;
        }
        store.close();
        OpenResult again = StoreFiles.open(copy, SEGMENT_BYTES, DamagePolicy.REFUSE);
        if (!(again instanceof OpenResult.Opened(EmbeddedEventStore reopened, var report))) {
            violations.add(what + ": reopen after the new append answered " + again);
            return;
        }
        try {
            List<String> found = new ArrayList<>();
            List<RecordedEvent> all = Ledger.readAll(reopened, found);
            found.forEach(v -> violations.add(what + ": " + v));
            if (all != null && (all.size() != prefix + 1 || !all.getLast().event().equals(event))) {
                violations.add(what + ": after append and reopen the store holds " + all.size()
                        + " events, expected the " + prefix + " kept and the new one");
            }
        } finally {
            reopened.close();
        }
    }
}
