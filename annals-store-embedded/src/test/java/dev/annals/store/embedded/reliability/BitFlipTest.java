// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.embedded.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.core.event.EventData;
import dev.annals.core.store.AppendResult;
import dev.annals.core.store.ExpectedVersion;
import dev.annals.core.store.StorageFailure;
import dev.annals.store.embedded.DamagePolicy;
import dev.annals.store.embedded.DamageReport;
import dev.annals.store.embedded.EmbeddedEventStore;
import dev.annals.store.embedded.OpenResult;
import dev.annals.store.embedded.RecoveryReport;
import dev.annals.store.embedded.VerifySealedSegments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/*
 * How a flip is judged
 * --------------------
 * One random bit is flipped in a copy of a crashed store: half the flips in sealed segments, half
 * in acknowledged records of the last segment. A fresh copy is opened under each policy.
 *
 * REFUSE: Damaged naming the flipped segment is right. Opened is right only if nothing is lost
 * and nothing corrupt is served: every event reads back byte-identical, or a read answers Failed
 * CORRUPTED at the damage (detection on read). One exception, counted apart: a flip in the very
 * last record may be taken for a torn tail (no later frame proves it was acknowledged), if the
 * truncation is reported and only that record is dropped.
 *
 * READ_ONLY: the store opens read-only with damage() naming the segment, serves an intact prefix
 * that holds at least every event of the segments before the damaged one, and answers appends
 * with Failed; or it opens normally under the REFUSE rules above.
 *
 * Even flips open with sealed segments verified EAGERly, odd ones in the BACKGROUND. In the latter
 * case a flip in sealed data is typically found after open: reads touching it must answer CORRUPTED
 * (they wait for the segment's check), and once the check has finished, damage() must name the
 * flipped segment and the store must refuse appends.
 */
@Tag("reliability")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BitFlipTest {
    private static final long SEGMENT_BYTES = 64 * 1024;

    // static: with a per-class lifecycle an instance @TempDir is not injected before @BeforeAll
    @TempDir
    static Path temp;

    private SampleStore sample;
    private long seed;

    @BeforeAll
    void writeSample() {
        Long fixed = Long.getLong("annals.flip.seed");
        seed = fixed != null ? fixed : new SplittableRandom().nextLong();
        sample = new SampleStore(temp.resolve("source"), seed, SEGMENT_BYTES, 3);
    }

    @AfterAll
    void closeSample() {
        sample.close();
    }

    @Test
    void neverServesOrSilentlyDropsAFlippedAcknowledgedRecord() {
        int flips = Boolean.getBoolean("annals.stress") ? 1000 : 200;
        var random = new SplittableRandom(seed);
        List<Path> segments = StoreFiles.segments(sample.directory);
        List<Path> sealed = segments.subList(0, segments.size() - 1);
        Path last = segments.getLast();
        List<SampleStore.Written> inLast = sample.written.stream()
                .filter(w -> w.segment().equals(sample.lastSegmentName())).toList();
        long lastRecordStart = inLast.get(inLast.size() - 2).endOffset();
        long lastDataEnd = inLast.getLast().endOffset();
        List<String> violations = new ArrayList<>();
        int damaged = 0;
        int detectedOnRead = 0;
        int lastRecordTruncated = 0;
        for (int i = 0; i < flips && violations.isEmpty(); i++) {
            Path target;
            long offset;
            if (random.nextBoolean()) {
                target = sealed.get(random.nextInt(sealed.size()));
                offset = random.nextLong(StoreFiles.size(target));
            } else {
                target = last;
                offset = random.nextLong(lastDataEnd);
            }
            int bit = random.nextInt(8);
            boolean inLastRecord = target.equals(last) && offset >= lastRecordStart;
            String what = "flip " + i + " of bit " + bit + " at " + target.getFileName() + "+" + offset;
            for (DamagePolicy policy : DamagePolicy.values()) {
                // A fresh copy per policy: an open that truncates a torn last record repairs its copy.
                Path copy = temp.resolve("flip-" + i + "-" + policy);
                StoreFiles.copyTree(sample.directory, copy);
                StoreFiles.flipBit(copy.resolve(sample.directory.relativize(target).toString()), offset, bit);
                VerifySealedSegments verify = i % 2 == 0 ? VerifySealedSegments.EAGER : VerifySealedSegments.BACKGROUND;
                Verdict verdict = judge(copy, policy, verify, target, inLastRecord,
                        what + " (" + policy + ", " + verify + ")", violations);
                switch (verdict) {
                    case DAMAGE_REPORTED -> damaged++;
                    case DETECTED_ON_READ -> detectedOnRead++;
                    case LAST_RECORD_TRUNCATED -> lastRecordTruncated++;
                    case INTACT, WRONG -> { }
                }
                StoreFiles.deleteTree(copy);
            }
        }
        assertThat(violations).as("bit flips, seed " + seed + " (re-run: -Dannals.flip.seed=" + seed + ")").isEmpty();
        System.out.printf("BitFlipTest: %d flips x 2 policies: %d damage reports, %d detected on read,"
                + " %d last-record flips taken for a torn tail; seed %d%n", flips, damaged, detectedOnRead, lastRecordTruncated, seed);
    }

    enum Verdict { DAMAGE_REPORTED, DETECTED_ON_READ, LAST_RECORD_TRUNCATED, INTACT, WRONG }

    private Verdict judge(Path copy, DamagePolicy policy, VerifySealedSegments verify, Path target, boolean inLastRecord,
                          String what, List<String> violations) {
        String segmentName = target.getFileName().toString();
        OpenResult opened = StoreFiles.open(copy, SEGMENT_BYTES, policy, verify);
        switch (opened) {
            case OpenResult.Failed failed -> {
                violations.add(what + ": open failed instead of reporting damage: " + failed.failure());
                return Verdict.WRONG;
            }
            case OpenResult.Damaged(DamageReport damage) -> {
                if (policy == DamagePolicy.READ_ONLY) {
                    violations.add(what + ": READ_ONLY policy refused to open: " + damage);
                    return Verdict.WRONG;
                }
                return checkDamage(damage, segmentName, copy, what, violations) ? Verdict.DAMAGE_REPORTED : Verdict.WRONG;
            }
            case OpenResult.Opened(EmbeddedEventStore store, RecoveryReport report) -> {
                try {
                    Verdict verdict = judgeOpened(store, report, policy, target, inLastRecord, copy, what, violations);
                    if (verdict != Verdict.WRONG && report.damage() == null
                            && !judgeBackgroundCheck(store, target, copy, what, violations)) {
                        return Verdict.WRONG;
                    }
                    return verdict;
                } finally {
                    store.close();
                }
            }
        }
    }

    private Verdict judgeOpened(EmbeddedEventStore store, RecoveryReport report, DamagePolicy policy, Path target,
                                boolean inLastRecord, Path copy, String what, List<String> violations) {
        String segmentName = target.getFileName().toString();
        SampleStore.Served served = sample.serve(store);
        if (served.wrong() != null) {
            violations.add(what + ": served a wrong event: " + served.wrong());
            return Verdict.WRONG;
        }
        StorageFailure failure = served.failure();
        if (failure != null && failure.kind() != StorageFailure.Kind.CORRUPTED) {
            violations.add(what + ": read failed with " + failure + " instead of CORRUPTED");
            return Verdict.WRONG;
        }
        DamageReport damage = report.damage();
        if (damage != null) {
            if (policy == DamagePolicy.REFUSE) {
                violations.add(what + ": REFUSE policy opened a damaged store: " + damage);
                return Verdict.WRONG;
            }
            if (!store.isReadOnly()) {
                violations.add(what + ": opened with damage " + damage + " but not read-only");
                return Verdict.WRONG;
            }
            if (!checkDamage(damage, segmentName, copy, what, violations)) {
                return Verdict.WRONG;
            }
            int mustKeep = eventsBefore(segmentName);
            if (served.intact() < mustKeep) {
                violations.add(what + ": read-only store serves " + served.intact()
                        + " events, the segments before the damage hold " + mustKeep);
                return Verdict.WRONG;
            }
            EventData event = Workload.event(seed, Workload.eventId(seed, 9, 0, 0), 16);
            AppendResult result = store.append(Workload.stream("Sample", 9), ExpectedVersion.ANY, List.of(event));
            if (!(result instanceof AppendResult.Failed)) {
                violations.add(what + ": read-only store answered an append with " + result);
                return Verdict.WRONG;
            }
            return Verdict.DAMAGE_REPORTED;
        }
        if (failure != null) {
            return Verdict.DETECTED_ON_READ;
        }
        if (served.intact() == sample.written.size()) {
            return Verdict.INTACT;
        }
        boolean reported = report.truncations().stream().anyMatch(t -> t.segment().getFileName().toString().equals(segmentName));
        if (inLastRecord && served.intact() == sample.written.size() - 1 && reported) {
            return Verdict.LAST_RECORD_TRUNCATED;
        }
        violations.add(what + ": opened without damage and serves " + served.intact() + " of " + sample.written.size()
                + " acknowledged events (silently dropped); truncations " + report.truncations());
        return Verdict.WRONG;
    }

    /** After the background check: damage it found names the flipped segment, and appends are refused. */
    private boolean judgeBackgroundCheck(EmbeddedEventStore store, Path target, Path copy, String what,
                                         List<String> violations) {
        if (!store.awaitVerification(Duration.ofSeconds(30))) {
            violations.add(what + ": the background check of sealed segments did not finish");
            return false;
        }
        DamageReport found = store.damage();
        if (found == null) {
            return true;
        }
        if (!checkDamage(found, target.getFileName().toString(), copy, what, violations)) {
            return false;
        }
        if (!store.isReadOnly()) {
            violations.add(what + ": the background check found " + found + " but the store is not read-only");
            return false;
        }
        EventData event = Workload.event(seed, Workload.eventId(seed, 9, 0, 1), 16);
        AppendResult result = store.append(Workload.stream("Sample", 9), ExpectedVersion.ANY, List.of(event));
        if (!(result instanceof AppendResult.Failed)) {
            violations.add(what + ": the background check found " + found + " but an append answered " + result);
            return false;
        }
        return true;
    }

    private static boolean checkDamage(DamageReport damage, String segmentName, Path copy, String what, List<String> violations) {
        if (!damage.segment().getFileName().toString().equals(segmentName)) {
            violations.add(what + ": damage names " + damage.segment() + ", the flip was in " + segmentName);
            return false;
        }
        Path named = damage.segment().isAbsolute() ? damage.segment() : copy.resolve(damage.segment().toString());
        long size = Files.exists(named) ? StoreFiles.size(named) : Long.MAX_VALUE;
        if (damage.offset() < 0 || damage.offset() > size) {
            violations.add(what + ": damage offset " + damage.offset() + " is outside the segment (" + size + " bytes)");
            return false;
        }
        return true;
    }

    private int eventsBefore(String segmentName) {
        int count = 0;
        for (SampleStore.Written w : sample.written) {
            if (StoreFiles.SEGMENT_ORDER.compare(Path.of(w.segment()), Path.of(segmentName)) >= 0) {
                break;
            }
            count++;
        }
        return count;
    }
}
