// SPDX-License-Identifier: Apache-2.0
package dev.annals.benchmarks;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/*
 * HTTP load driver
 * ----------------
 * Drives a running service over loopback with N concurrent clients, each a thread that sends one
 * request at a time (closed loop), so the figures are "N connections each waiting for its answer".
 * Write phase: every client creates orders (POST /api/orders, one item) and adds a second item to
 * each (POST /api/orders/{id}/items): two commands per order. Read phase: after one query waits
 * for the read model to reach the highest position written (X-Annals-Min-Position), every client
 * reads order details (GET /api/orders/{id}) round-robin over the orders it created.
 * Baseline: in each run, as many GET /health/live (no work behind it) from the same clients, so the
 * ratios say how far commands and queries are from what the client and the HTTP stack alone reach
 * on this machine. Each phase is run --runs times; the JSON line holds the medians. Any non-2xx answer counts as an
 * error and is reported; the scenario fails if more than 0.1% of requests failed.
 *
 * The client: by default one minimal keep-alive HTTP/1.1 connection per worker (RawHttpConnection:
 * a formatted request, one write, a buffered read of status, headers and Content-Length body), so
 * that on a small machine where client and server share the cores the client takes as little of
 * them as it can, as wrk does. --client jdk uses java.net.http.HttpClient instead (several times
 * the CPU per request), to see what the client itself costs; the same-run baseline keeps either
 * honest.
 */
@Command(name = "http", mixinStandardHelpOptions = true,
        description = "Drive a running service over HTTP: commands/s (create order + add item) and detail queries/s.")
final class HttpSubcommand implements Callable<Integer> {
    /** No request of a bounded run may hang it: a request that takes longer counts as an error. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final byte[] POSITION_KEY = "\"position\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NO_BODY = new byte[0];

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "service base URL (default: ${DEFAULT-VALUE})")
    private String url = "http://127.0.0.1:8080";

    @Option(names = "--token", description = "bearer token (default: ANNALS_ADMIN_TOKEN, else --token-file)")
    private @Nullable String token;

    @Option(names = "--token-file", defaultValue = "data/admin.token", description = "file holding the token (default: ${DEFAULT-VALUE})")
    private Path tokenFile = Path.of("data/admin.token");

    @Option(names = "--connections", defaultValue = "32", description = "concurrent clients (default: ${DEFAULT-VALUE})")
    private int connections = 32;

    @Option(names = "--orders", defaultValue = "20000", description = "orders created per write run, 2 commands each (default: ${DEFAULT-VALUE})")
    private int orders = 20_000;

    @Option(names = "--queries", defaultValue = "100000", description = "detail queries per read run (default: ${DEFAULT-VALUE})")
    private int queries = 100_000;

    @Option(names = "--runs", defaultValue = "3", description = "measured runs of each phase; results are medians (default: ${DEFAULT-VALUE})")
    private int runs = 3;

    @Option(names = "--customers", defaultValue = "50",
            description = "distinct customers the orders are spread over, round-robin (default: ${DEFAULT-VALUE})")
    private int customers = 50;

    @Option(names = "--client", defaultValue = "raw",
            description = "raw (a minimal keep-alive HTTP/1.1 client per connection) or jdk (java.net.http.HttpClient) (default: ${DEFAULT-VALUE})")
    private String clientKind = "raw";

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (connections < 1 || orders < connections || queries < connections || runs < 1 || customers < 1) {
            throw new IllegalArgumentException("--connections, --runs, --customers >= 1; --orders and --queries >= --connections");
        }
        PrintWriter out = spec.commandLine().getOut();
        String bearer = resolveToken();
        String runId = Long.toString(System.currentTimeMillis(), 36);
        out.printf("http: %d connections (%s client) against %s: %,d orders (2 commands each), then %,d detail queries; %d runs%n",
                connections, clientKind, url, orders, queries, runs);
        out.flush();

        try (HttpTransport client = HttpTransport.of(clientKind, URI.create(url), connections)) {
            // one warm-up of each phase, smaller
            Phase warm = write(client, bearer, runId + "w", Math.max(connections, orders / 5));
            read(client, bearer, warm, Math.max(connections, queries / 5));
            baseline(client, Math.max(connections, queries / 5));

            List<Map<String, Double>> writeRuns = new ArrayList<>();
            List<Map<String, Double>> readRuns = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                Phase phase = write(client, bearer, runId + "r" + run, orders);
                writeRuns.add(phase.metrics);
                Map<String, Double> reads = read(client, bearer, phase, queries);
                // same run, same client and connections: an endpoint that does no work (the client's and
                // the HTTP stack's own ceiling on this machine)
                double baseline = baseline(client, queries);
                reads.put("baselineRequestsPerSecond", baseline);
                reads.put("queryRatioToBaseline", reads.get("queriesPerSecond") / baseline);
                reads.put("commandRatioToBaseline", phase.metrics.get("commandsPerSecond") / baseline);
                readRuns.add(reads);
                out.printf("run %d/%d: commands/s=%s p99=%sms, queries/s=%s p99=%sms, baseline/s=%s%n", run, runs,
                        JsonLine.round(phase.metrics.get("commandsPerSecond")), JsonLine.round(phase.metrics.get("commandP99Millis")),
                        JsonLine.round(reads.get("queriesPerSecond")), JsonLine.round(reads.get("queryP99Millis")),
                        JsonLine.round(baseline));
                out.flush();
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("scenario", "http");
            result.put("url", url);
            result.put("client", clientKind);
            result.put("connections", connections);
            result.put("orders", orders);
            result.put("queries", queries);
            result.put("runs", runs);
            result.putAll(RunLoop.medians(writeRuns));
            result.putAll(RunLoop.medians(readRuns));
            out.println(JsonLine.of(result));
        }
        return 0;
    }

    private String resolveToken() throws IOException {
        if (token != null) {
            return token;
        }
        String env = System.getenv("ANNALS_ADMIN_TOKEN");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        if (Files.isReadable(tokenFile)) {
            return Files.readString(tokenFile).strip();
        }
        throw new IllegalArgumentException("no token: pass --token, set ANNALS_ADMIN_TOKEN or point --token-file at admin.token");
    }

    /** The orders one write run created and the highest position it saw. */
    private record Phase(Map<String, Double> metrics, String[][] orderIds, long maxPosition) {}

    private Phase write(HttpTransport client, String bearer, String runId, int orderCount) {
        int perClient = orderCount / connections;
        String[][] ids = new String[connections][perClient];
        List<Latencies> latencies = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            latencies.add(new Latencies(perClient * 2));
        }
        String[] headers = {"Authorization: Bearer " + bearer, "Content-Type: application/json"};
        byte[] add = "{\"productId\":\"p-2\",\"quantity\":1,\"unitPrice\":\"5.00\"}".getBytes(StandardCharsets.UTF_8);
        AtomicLong errors = new AtomicLong();
        AtomicLong maxPosition = new AtomicLong();
        long nanos = Workers.run(connections, worker -> {
            Latencies recorder = latencies.get(worker);
            long highest = 0;
            for (int i = 0; i < perClient; i++) {
                String orderId = "bench-" + runId + "-" + worker + "-" + i;
                ids[worker][i] = orderId;
                String create = "{\"orderId\":\"" + orderId + "\",\"customerId\":\"c-" + ((i * connections + worker) % customers)
                        + "\",\"items\":[{\"productId\":\"p-1\",\"quantity\":2,\"unitPrice\":\"19.99\"}]}";
                highest = Math.max(highest, send(client, worker, client.prepare("POST", "/api/orders", headers,
                        create.getBytes(StandardCharsets.UTF_8), REQUEST_TIMEOUT), recorder, errors));
                highest = Math.max(highest, send(client, worker, client.prepare("POST", "/api/orders/" + orderId + "/items",
                        headers, add, REQUEST_TIMEOUT), recorder, errors));
            }
            maxPosition.accumulateAndGet(highest, Math::max);
        });
        long commands = (long) perClient * connections * 2;
        requireFewErrors(errors.get(), commands, "commands");
        Latencies.Summary summary = Latencies.merge(latencies);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("commandsPerSecond", Workers.perSecond(commands, nanos));
        metrics.put("commandP50Millis", summary.p50Micros() / 1000);
        metrics.put("commandP99Millis", summary.p99Micros() / 1000);
        metrics.put("commandErrors", (double) errors.get());
        return new Phase(metrics, ids, maxPosition.get());
    }

    private Map<String, Double> read(HttpTransport client, String bearer, Phase written, int queryCount) {
        // wait once for the read model to have applied everything written
        var wait = client.prepare("GET", "/api/orders/" + written.orderIds[0][0], new String[] {
                "Authorization: Bearer " + bearer,
                "X-Annals-Min-Position: " + written.maxPosition,
                "X-Annals-Wait-Ms: 30000"}, NO_BODY, REQUEST_TIMEOUT.plusSeconds(10));
        AtomicLong waitErrors = new AtomicLong();
        send(client, 0, wait, new Latencies(1), waitErrors);
        if (waitErrors.get() > 0) {
            throw new IllegalStateException("the read model did not catch up with position " + written.maxPosition);
        }
        int perClient = queryCount / connections;
        List<Latencies> latencies = new ArrayList<>();
        String[] headers = {"Authorization: Bearer " + bearer};
        HttpTransport.Prepared[][] requests = new HttpTransport.Prepared[connections][];
        for (int i = 0; i < connections; i++) {
            latencies.add(new Latencies(perClient));
            String[] mine = written.orderIds[i];
            requests[i] = new HttpTransport.Prepared[mine.length];
            for (int j = 0; j < mine.length; j++) {
                requests[i][j] = client.prepare("GET", "/api/orders/" + mine[j], headers, NO_BODY, REQUEST_TIMEOUT);
            }
        }
        AtomicLong errors = new AtomicLong();
        long nanos = Workers.run(connections, worker -> {
            Latencies recorder = latencies.get(worker);
            HttpTransport.Prepared[] mine = requests[worker];
            for (int i = 0; i < perClient; i++) {
                send(client, worker, mine[i % mine.length], recorder, errors);
            }
        });
        long total = (long) perClient * connections;
        requireFewErrors(errors.get(), total, "queries");
        Latencies.Summary summary = Latencies.merge(latencies);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("queriesPerSecond", Workers.perSecond(total, nanos));
        metrics.put("queryP50Millis", summary.p50Micros() / 1000);
        metrics.put("queryP99Millis", summary.p99Micros() / 1000);
        metrics.put("queryErrors", (double) errors.get());
        return metrics;
    }

    private double baseline(HttpTransport client, int requestCount) {
        int perClient = requestCount / connections;
        var request = client.prepare("GET", "/health/live", new String[0], NO_BODY, REQUEST_TIMEOUT);
        AtomicLong errors = new AtomicLong();
        long nanos = Workers.run(connections, worker -> {
            Latencies ignored = new Latencies(perClient);
            for (int i = 0; i < perClient; i++) {
                send(client, worker, request, ignored, errors);
            }
        });
        requireFewErrors(errors.get(), (long) perClient * connections, "baseline requests");
        return Workers.perSecond((long) perClient * connections, nanos);
    }

    /** Sends one request, records its latency; answers the "position" of a 2xx POST answer, else 0. */
    private static long send(HttpTransport client, int worker, HttpTransport.Prepared request, Latencies recorder,
                             AtomicLong errors) {
        long began = System.nanoTime();
        try {
            HttpTransport.Answer response = client.send(worker, request);
            recorder.record(System.nanoTime() - began);
            if (response.status() / 100 != 2) {
                if (errors.incrementAndGet() <= 5) {
                    System.err.println("http: " + request.method() + " " + request.path() + " -> "
                            + response.status() + " " + abbreviate(new String(response.body(), StandardCharsets.UTF_8)));
                }
                return 0;
            }
            return request.method().equals("POST") ? position(response.body()) : 0;
        } catch (IOException e) {
            recorder.record(System.nanoTime() - began);
            if (errors.incrementAndGet() <= 5) {
                System.err.println("http: " + request.method() + " " + request.path() + " failed: " + e);
            }
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The number after {@code "position":} in a JSON body, 0 when there is none. */
    static long position(byte[] body) {
        outer:
        for (int i = 0; i + POSITION_KEY.length <= body.length; i++) {
            for (int j = 0; j < POSITION_KEY.length; j++) {
                if (body[i + j] != POSITION_KEY[j]) {
                    continue outer;
                }
            }
            int at = i + POSITION_KEY.length;
            while (at < body.length && body[at] == ' ') {
                at++;
            }
            long value = 0;
            boolean digits = false;
            while (at < body.length && body[at] >= '0' && body[at] <= '9') {
                value = value * 10 + (body[at++] - '0');
                digits = true;
            }
            return digits ? value : 0;
        }
        return 0;
    }

    private static void requireFewErrors(long errors, long total, String what) {
        if (errors * 1000 > total) {
            throw new IllegalStateException(errors + " of " + total + " " + what + " failed");
        }
    }

    private static String abbreviate(String body) {
        return body.length() > 200 ? body.substring(0, 200) + "…" : body;
    }
}
