// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.embedded.reliability;

import static org.assertj.core.api.Assertions.fail;

import dev.annals.store.embedded.DamagePolicy;
import dev.annals.store.embedded.EmbeddedEventStore;
import dev.annals.store.embedded.OpenResult;
import dev.annals.store.embedded.RecoveryReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * T1: a child JVM with 8 writers over 64 streams (a quarter contended) is SIGKILLed at a seeded
 * number of ACKs, one to three times per store directory; after every kill the store is reopened
 * in this JVM and judged by the {@link Ledger}. Re-run one trial with
 * {@code -Dannals.crash.seed=<seed> -Dtest=CrashRecoveryTest}.
 */
@Tag("reliability")
class CrashRecoveryTest {
    static final long SEGMENT_BYTES = 64 * 1024;
    static final int WRITERS = 8;
    static final int STREAMS = 64;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path temp;

    @Test
    void keepsEveryAcknowledgedEventAcrossRepeatedKills() throws Exception {
        Long fixed = Long.getLong("annals.crash.seed");
        int trials = fixed != null ? 1 : Integer.getInteger("annals.crash.trials", 25);
        long base = new SplittableRandom().nextLong();
        int kills = 0;
        int acks = 0;
        int truncations = 0;
        for (int i = 0; i < trials; i++) {
            long seed = fixed != null ? fixed : Workload.mix(base + i);
            int[] counts = runTrial(seed, temp.resolve("trial-" + i));
            kills += counts[0];
            acks += counts[1];
            truncations += counts[2];
        }
        System.out.printf("CrashRecoveryTest: %d trials, %d kills, %d ACKed events kept, %d recoveries truncated a tail;"
                + " seeds mix(%d + i)%s%n", trials, kills, acks, truncations, base, fixed != null ? " fixed " + fixed : "");
    }

    /** Returns {kills, acks, truncating recoveries}. */
    private int[] runTrial(long seed, Path trial) throws Exception {
        Files.createDirectories(trial);
        Path store = trial.resolve("store");
        var random = new SplittableRandom(seed);
        int rounds = 1 + random.nextInt(3);
        var ledger = new Ledger();
        int truncating = 0;
        for (int round = 0; round < rounds; round++) {
            int killAfter = 1 + random.nextInt(round == 0 ? 600 : 300);
            var outcome = ChildJvm.run(
                    List.of(store.toString(), Long.toString(seed), Integer.toString(round), Integer.toString(WRITERS),
                            Integer.toString(STREAMS), Long.toString(SEGMENT_BYTES), Long.toString(Long.MAX_VALUE)),
                    ledger, killAfter, Duration.ofSeconds(60), trial.resolve("stderr-" + round + ".txt"));
            List<String> violations = new ArrayList<>(outcome.problems());
            OpenResult opened = StoreFiles.open(store, SEGMENT_BYTES, DamagePolicy.REFUSE);
            if (!(opened instanceof OpenResult.Opened(EmbeddedEventStore reopened, RecoveryReport report))) {
                violations.add("reopen after kill answered " + opened);
                failTrial(seed, round, violations, trial);
                return new int[0];
            }
            try {
                if (!report.truncations().isEmpty()) {
                    truncating++;
                }
                violations.addAll(ledger.verify(reopened, id -> Workload.event(seed, id)));
                if (round == rounds - 1 && violations.isEmpty()) {
                    violations.addAll(ledger.appendAtExpectedVersions(reopened, seed, 1000 + round));
                }
            } finally {
                reopened.close();
            }
            if (violations.isEmpty() && round == rounds - 1) {
                try (EmbeddedEventStore again = StoreFiles.open(store, SEGMENT_BYTES, DamagePolicy.REFUSE).orThrow()) {
                    violations.addAll(ledger.verify(again, id -> Workload.event(seed, id)));
                }
            }
            if (!violations.isEmpty()) {
                violations.add("recovery report: " + report);
                failTrial(seed, round, violations, trial);
            }
        }
        StoreFiles.deleteTree(trial);
        return new int[] {rounds, ledger.ackCount(), truncating};
    }

    private static void failTrial(long seed, int round, List<String> violations, Path trial) {
        fail("crash trial seed " + seed + " round " + round + " (re-run: -Dannals.crash.seed=" + seed
                + " -Dtest=CrashRecoveryTest; files kept in " + trial + "):\n  " + String.join("\n  ", violations)
                + "\nchild stderr: " + ChildJvm.tail(trial.resolve("stderr-" + round + ".txt")));
    }
}
