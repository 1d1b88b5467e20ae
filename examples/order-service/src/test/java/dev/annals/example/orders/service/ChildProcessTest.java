// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.service;

import static dev.annals.example.orders.service.TestService.item;
import static dev.annals.example.orders.service.TestService.order;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service as its own process ({@code OrderServiceMain}, the class {@code ./annals serve} runs):
 * a SIGKILL under 8 concurrent writers loses no acknowledged order, and SIGTERM stops it cleanly.
 */
class ChildProcessTest {
    private static final Pattern SERVING = Pattern.compile("annals: serving on http://[^:]+:(\\d+)");
    private static final int WRITERS = 8;
    private static final int ACKNOWLEDGED_BEFORE_KILL = 400;

    @TempDir
    Path data;

    private record Child(Process process, int port, BufferedReader output) {}

    private Child startChild() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                OrderServiceMain.class.getName(), "--port", "0", "--host", "127.0.0.1", "--data", data.toString())
                .redirectErrorStream(true);
        builder.environment().putAll(TestService.ENVIRONMENT);
        Process process = builder.start();
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        String line;
        while ((line = output.readLine()) != null) {
            seen.add(line);
            Matcher matcher = SERVING.matcher(line);
            if (matcher.find()) {
                Child child = new Child(process, Integer.parseInt(matcher.group(1)), output);
                Thread.ofVirtual().start(() -> drain(child.output()));
                return child;
            }
        }
        throw new AssertionError("the child exited before serving: " + String.join("\n", seen));
    }

    private static void drain(BufferedReader output) {
        try {
            while (output.readLine() != null) {
                // keep the pipe empty so the child never blocks on a full stdout
            }
        } catch (java.io.IOException e) {
            // the child is gone
        }
    }

    @Test
    void losesNoAcknowledgedOrderWhenKilledUnderConcurrentWriters() throws Exception {
        Child child = startChild();
        Api writer = new Api(child.port(), TestService.WRITER);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicLong attempts = new AtomicLong();
        AtomicBoolean killed = new AtomicBoolean();
        CountDownLatch enough = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(WRITERS);
        for (int w = 0; w < WRITERS; w++) {
            int writerNumber = w;
            Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; !killed.get(); i++) {
                        String orderId = "k" + writerNumber + "-" + i;
                        attempts.incrementAndGet();
                        Api.Response created;
                        try {
                            created = writer.post("/api/orders", order(orderId, "c-" + writerNumber,
                                    List.of(item("p-" + (i % 5), 1 + i % 3, "2.50"))));
                        } catch (UncheckedIOException e) {
                            return;  // the server is gone: this request was never acknowledged
                        }
                        if (created.status() == 201) {
                            acknowledged.add(orderId);
                            if (acknowledged.size() >= ACKNOWLEDGED_BEFORE_KILL) {
                                enough.countDown();
                            }
                        }
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        assertThat(enough.await(120, TimeUnit.SECONDS)).as("writers got %d acknowledgements", acknowledged.size()).isTrue();
        child.process().destroyForcibly();  // SIGKILL, with the writers still writing
        assertThat(child.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        killed.set(true);
        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();

        try (OrderService restarted = TestService.start(data)) {
            Api reader = new Api(restarted.port(), TestService.READER);
            long head = new Api(restarted.port(), TestService.ADMIN).get("/api/admin/stats").json().path("headPosition").asLong();
            List<String> missing = new ArrayList<>();
            for (String orderId : acknowledged) {
                Api.Response stream = reader.get("/api/streams/Order-" + orderId);
                if (stream.status() != 200) {
                    missing.add(orderId + " (stream " + stream.status() + ")");
                    continue;
                }
                Api.Response details = reader.get("/api/orders/" + orderId, "X-Annals-Min-Position", Long.toString(head));
                if (details.status() != 200) {
                    missing.add(orderId + " (details " + details.status() + ")");
                }
            }
            assertThat(missing).as("of %d acknowledged (%d attempted)", acknowledged.size(), attempts.get()).isEmpty();
            assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(ACKNOWLEDGED_BEFORE_KILL);
        }
    }

    @Test
    void stopsCleanlyOnSigtermAndStartsAgain() throws Exception {
        Child child = startChild();
        Api writer = new Api(child.port(), TestService.WRITER);
        assertThat(writer.post("/api/orders", order("t-1", "c", List.of(item("p", 1, "1.00")))).status()).isEqualTo(201);
        child.process().destroy();  // SIGTERM: the shutdown hook stops server, runners, store
        assertThat(child.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.process().exitValue()).isIn(0, 143);

        Child again = startChild();
        try {
            Api reader = new Api(again.port(), TestService.READER);
            assertThat(reader.get("/api/streams/Order-t-1").status()).isEqualTo(200);
        } finally {
            again.process().destroy();
            again.process().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
