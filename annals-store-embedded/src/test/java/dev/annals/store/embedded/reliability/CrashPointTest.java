// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.embedded.reliability;

import static org.assertj.core.api.Assertions.fail;

import dev.annals.store.embedded.DamagePolicy;
import dev.annals.store.embedded.EmbeddedEventStore;
import dev.annals.store.embedded.OpenResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * T1b: targeted crash points. The child's I/O layer ({@link FaultyIo}) halts the JVM at the N-th
 * write (leaving a torn write), before or after the N-th force, file creation (a segment roll or
 * a new checkpoint file), rename, or directory fsync. The store is then reopened and judged by the
 * {@link Ledger}. N takes the values 1, 3, 8 and 20 (every value in 1..20 under -Pstress).
 */
@Tag("reliability")
class CrashPointTest {
    private static final long SEGMENT_BYTES = 16 * 1024;
    private static final List<String> POINTS = List.of(
            "WRITE:HALT_BEFORE", "FORCE:HALT_BEFORE", "FORCE:HALT_AFTER", "CREATE:HALT_BEFORE", "CREATE:HALT_AFTER",
            "MOVE:HALT_BEFORE", "MOVE:HALT_AFTER", "SYNC_DIRECTORY:HALT_BEFORE", "SYNC_DIRECTORY:HALT_AFTER");

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path temp;

    @Test
    void recoversFromACrashAtEveryIoPoint() throws Exception {
        boolean stress = Boolean.getBoolean("annals.stress");
        long[] ns = stress ? LongStream.rangeClosed(1, 20).toArray() : new long[] {1, 3, 8, 20};
        int runs = 0;
        int halted = 0;
        for (String point : POINTS) {
            for (long n : ns) {
                String fault = point + ":" + n;
                long seed = Workload.mix(point.hashCode() * 31L + n);
                Path trial = temp.resolve(point.replace(':', '-') + "-" + n);
                var ledger = new Ledger();
                var outcome = ChildJvm.run(
                        List.of(trial.resolve("store").toString(), Long.toString(seed), "0", "4", "16",
                                Long.toString(SEGMENT_BYTES), "400", fault),
                        ledger, Integer.MAX_VALUE, Duration.ofSeconds(60), trial.resolve("stderr.txt"));
                runs++;
                if (outcome.exitCode() == FaultyIo.HALT_STATUS) {
                    halted++;
                }
                List<String> violations = new ArrayList<>();
                if (outcome.exitCode() != FaultyIo.HALT_STATUS) {
                    violations.addAll(outcome.problems());
                }
                if (!outcome.isReady() && outcome.exitCode() != FaultyIo.HALT_STATUS) {
                    violations.add("child never opened the store");
                }
                judge(trial, seed, ledger, violations);
                if (!violations.isEmpty()) {
                    fail("crash point " + fault + " (seed " + seed + ", files in " + trial + "):\n  "
                            + String.join("\n  ", violations) + "\nchild stderr: " + ChildJvm.tail(trial.resolve("stderr.txt")));
                }
                StoreFiles.deleteTree(trial);
            }
        }
        System.out.printf("CrashPointTest: %d crash-point runs, %d halted at their point (the rest ran out of such calls)%n",
                runs, halted);
    }

    private static void judge(Path trial, long seed, Ledger ledger, List<String> violations) {
        Path store = trial.resolve("store");
        if (!Files.exists(store)) {
            return;
        }
        OpenResult opened = StoreFiles.open(store, SEGMENT_BYTES, DamagePolicy.REFUSE);
        if (!(opened instanceof OpenResult.Opened(EmbeddedEventStore reopened, var report))) {
            violations.add("reopen after the crash answered " + opened);
            return;
        }
        try {
            violations.addAll(ledger.verify(reopened, id -> Workload.event(seed, id)));
            if (violations.isEmpty()) {
                violations.addAll(ledger.appendAtExpectedVersions(reopened, seed, 1));
            }
            if (!violations.isEmpty()) {
                violations.add("recovery report: " + report);
            }
        } finally {
            reopened.close();
        }
    }
}
