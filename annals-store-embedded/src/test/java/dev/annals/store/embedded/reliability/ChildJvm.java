// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.embedded.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link CrashWorkload} in a child JVM on the test's own classpath, feeds its TRY/ACK lines
 * to a {@link Ledger} as they arrive, and SIGKILLs it ({@code destroyForcibly}) after a number of
 * ACKs or when it prints DONE. Lines written before the kill are still read to the end of the pipe.
 */
final class ChildJvm {
    static final int KILLED = 137;

    record Outcome(int exitCode, int acks, boolean isKilledByUs, boolean isReady, List<String> problems) {}

    private ChildJvm() {
    }

    static Outcome run(List<String> workloadArgs, Ledger ledger, int killAfterAcks, Duration limit, Path stderr)
            throws InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx256m", "-XX:-UsePerfData",
                "-cp", System.getProperty("java.class.path"),
                CrashWorkload.class.getName()));
        command.addAll(workloadArgs);
        Process process;
        try {
            Files.createDirectories(stderr.toAbsolutePath().getParent());
            process = new ProcessBuilder(command)
                    .redirectError(stderr.toFile())
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> problems = new ArrayList<>();
        int[] acks = {0};
        boolean[] killed = {false};
        boolean[] ready = {false};
        Thread reader = Thread.ofPlatform().daemon().name("child-stdout").start(() -> {
            try (var lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("ACK ")) {
                        acks[0]++;
                    }
                    if (line.equals("READY")) {
                        ready[0] = true;
                    } else if (!ledger.accept(line) && !line.equals("DONE")) {
                        synchronized (problems) {
                            problems.add("child said: " + line);
                        }
                    }
                    if (!killed[0] && (acks[0] >= killAfterAcks || line.equals("DONE"))) {
                        killed[0] = true;
                        // SIGKILL through the handle: Process.destroyForcibly() would also close the pipe,
                        // losing the lines the child wrote before it died.
                        process.toHandle().destroyForcibly();
                    }
                }
            } catch (IOException e) {
                synchronized (problems) {
                    problems.add("reading the child's output failed: " + e);
                }
            }
        });
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            synchronized (problems) {
                problems.add("child still running after " + limit + " with " + acks[0] + " ACKs; killed");
            }
            process.destroyForcibly();
            process.waitFor();
        }
        reader.join(limit.toMillis());
        int exit = process.exitValue();
        if (!killed[0] && exit != FaultyIo.HALT_STATUS) {
            problems.add("child exited by itself with status " + exit + ": " + tail(stderr));
        }
        synchronized (problems) {
            return new Outcome(exit, acks[0], killed[0], ready[0], List.copyOf(problems));
        }
    }

    static String tail(Path file) {
        try {
            String text = Files.exists(file) ? Files.readString(file) : "";
            return text.length() > 2000 ? "…" + text.substring(text.length() - 2000) : text;
        } catch (IOException e) {
            return "(stderr unreadable: " + e + ")";
        }
    }
}
