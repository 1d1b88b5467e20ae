// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.core.memory.InMemoryEventStore;
import dev.annals.core.store.EventStore;
import dev.annals.core.store.GlobalPosition;
import dev.annals.projections.file.FileDeadLetterStore;
import dev.annals.projections.file.FileViewStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL (Process.destroyForcibly) of a child JVM running a projection over file stores, at a random
 * moment during catch-up or live processing; then a restart (in this JVM) on the same directory. Every
 * trial checks: right after the kill the durable read model is exactly a replay up to its durable
 * checkpoint (nothing half-committed); after the restart has caught up and the parked poison events
 * were skipped, it equals a fresh replay without them.
 */
class ProjectionKillTest {
    private static final boolean STRESS = Boolean.getBoolean("annals.stress");
    /** Per mode: 10 in the normal run; under the stress profile 100 (about 5 min per mode), or as set. */
    private static final int TRIALS = STRESS ? Integer.getInteger("annals.projection.kill.trials", 100) : 10;
    private static final int EVENTS = 6000;

    private static int events(String mode) {
        return mode.equals("embedded") ? 3000 : EVENTS;  // every embedded append is fsynced
    }
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void killDuringCatchUpThenRestartEqualsAFreshReplayEveryTime() throws Exception {
        int midway = trials("catchup", 300);
        assertThat(midway).as("trials killed with the checkpoint strictly inside the log").isPositive();
    }

    @Test
    void killDuringLiveProcessingThenRestartEqualsAFreshReplayEveryTime() throws Exception {
        int midway = trials("live", 800);
        assertThat(midway).as("trials killed with the checkpoint strictly inside the log").isPositive();
    }

    @Test
    void killAProcessThatAppendsToAnEmbeddedStoreAndProjectsItThenRecoverBoth() throws Exception {
        int midway = trials("embedded", 1500);
        assertThat(midway).as("trials killed with the checkpoint strictly inside the log").isPositive();
    }

    private int trials(String mode, int maxDelayMillis) throws Exception {
        Random random = new Random();
        int midway = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            long seed = random.nextLong();
            Path dir = Files.createDirectory(tmp.resolve(mode + "-" + trial));
            int delay = random.nextInt(maxDelayMillis);
            try {
                if (trial(dir, seed, mode, delay)) {
                    midway++;
                }
            } catch (AssertionError e) {
                throw new AssertionError("trial " + trial + " (mode " + mode + ", seed " + seed + ", kill after "
                        + delay + " ms) failed: " + e.getMessage(), e);
            }
        }
        return midway;
    }

    /** One trial; true when the kill left the checkpoint strictly between the start and the head. */
    private boolean trial(Path dir, long seed, String mode, int killAfterMillis) throws Exception {
        Process child = startChild(dir, seed, mode);
        try {
            awaitLine(child, "READY");
            TimeUnit.MILLISECONDS.sleep(killAfterMillis);  // the random kill moment is the point of the test
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        boolean embedded = mode.equals("embedded");
        EventStore store = embedded ? KillChild.openEvents(dir) : new InMemoryEventStore();
        try (store) {
            if (!embedded) {
                KillChild.workload(seed, events(mode)).forEach(a -> KillChild.append(store, a));
            }
            return recoverAndCompare(dir, store);
        }
    }

    private boolean recoverAndCompare(Path dir, EventStore store) throws Exception {
        GlobalPosition head = ProjectionRunner.head(store);

        FileViewStore<Tally> views = KillChild.openViews(dir);
        try (views; FileDeadLetterStore deadLetters = FileDeadLetterStore.open(dir.resolve("dead-letters"))) {
            // 1. what survived the kill is a consistent prefix (parked streams aside), never past the log
            GlobalPosition durable = views.appliedPosition();
            assertThat(durable).as("view checkpoint vs the event log's head").isLessThanOrEqualTo(head);
            assertThat(withoutBlockedStreams(views.snapshot(), deadLetters))
                    .as("read model at durable checkpoint " + durable)
                    .isEqualTo(withoutBlockedStreams(Tally.replayUpTo(store, durable), deadLetters));

            // 2. restart on the same files and catch up
            ProjectionRunner runner = KillChild.runner(store, views, deadLetters, dir, 500);
            runner.start();
            try {
                assertThat(runner.awaitApplied(head, WAIT)).isInstanceOf(AwaitResult.Reached.class);
                skipAllPoison(runner);
                assertThat(views.snapshot()).isEqualTo(Tally.replay(store, amount -> amount == KillChild.POISON));
            } finally {
                runner.stop();
            }
            return durable.isAfter(GlobalPosition.START) && durable.isBefore(head);
        }
    }

    /** Streams with a parked event are compared by the retry/skip path, not by the prefix check. */
    private static Map<String, Tally> withoutBlockedStreams(Map<String, Tally> states, DeadLetterStore deadLetters) {
        Map<String, Tally> copy = new java.util.TreeMap<>(states);
        for (DeadLetter letter : ((DeadLetterStore.Listing.Found) deadLetters.list(KillChild.NAME)).letters()) {
            copy.remove(letter.stream().value());
        }
        return copy;
    }

    private static void skipAllPoison(ProjectionRunner runner) {
        for (int round = 0; round < 1000; round++) {
            List<DeadLetter> letters = ((DeadLetterStore.Listing.Found) runner.deadLetters()).letters();
            if (letters.isEmpty()) {
                return;
            }
            DeadLetter first = letters.getFirst();
            assertThat(first.behind()).as("the first letter of a stream is its root").isNull();
            DeadLetterOutcome outcome = runner.skipDeadLetter(first.id(), WAIT);
            assertThat(outcome).isInstanceOfAny(DeadLetterOutcome.Resolved.class, DeadLetterOutcome.StillParked.class);
        }
        throw new AssertionError("dead letters do not drain");
    }

    private static Process startChild(Path dir, long seed, String mode) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), KillChild.class.getName(),
                dir.toString(), Long.toString(seed), Integer.toString(events(mode)), mode));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static void awaitLine(Process child, String expected) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null; ) {
            if (line.equals(expected)) {
                return;
            }
        }
        throw new AssertionError("child exited (" + child.waitFor() + ") before printing " + expected);
    }
}
