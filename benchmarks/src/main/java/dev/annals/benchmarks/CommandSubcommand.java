// SPDX-License-Identifier: Apache-2.0
package dev.annals.benchmarks;

import dev.annals.benchmarks.BenchAccount.Deposit;
import dev.annals.core.decider.HandleResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * N threads send commands through a {@code CommandHandler} (load state, decide, encode with
 * Jackson, append with the loaded version), each to its own accounts: commands per second and the
 * latency of a whole command.
 */
@Command(name = "command", mixinStandardHelpOptions = true,
        description = "N threads handle commands (load, decide, append) on their own streams: commands/s and latency.")
final class CommandSubcommand implements Callable<Integer> {
    static final int DEFAULT_COMMANDS = 100_000;

    @Mixin
    private BenchOptions options = new BenchOptions();

    @Option(names = "--commands-per-stream", defaultValue = "10",
            description = "commands sent to one stream before the thread moves to a new one, like an aggregate's "
                    + "lifetime; each command folds the stream's earlier events (no snapshots) (default: ${DEFAULT-VALUE})")
    private int commandsPerStream = 10;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        options.validate();
        PrintWriter out = spec.commandLine().getOut();
        int writers = options.writers;
        int perWriter = Math.max(1, options.eventsOr(DEFAULT_COMMANDS) / writers);
        int warmup = Math.max(1, Math.min(perWriter, 20_000 / writers));
        String note = BenchAccount.note(options.eventBytes);

        Map<String, Object> header = new LinkedHashMap<>();
        header.put("scenario", "command");
        options.describeStore(header);
        header.put("writers", writers);
        header.put("commands", (long) perWriter * writers);
        header.put("eventBytes", options.eventBytes);
        header.put("commandsPerStream", commandsPerStream);
        out.printf("command: %d threads x %,d commands on %s%n", writers, perWriter, options.store.label());

        Map<String, Object> result = RunLoop.measure(out, options, header, (stores, isWarmup) -> {
            try (var opened = stores.open()) {
                return run(opened, writers, isWarmup ? warmup : perWriter, note);
            }
        });
        out.println(JsonLine.of(result));
        return 0;
    }

    private Map<String, Double> run(BenchStores.OpenedStore opened, int writers, int commands, String note) {
        var handler = BenchAccount.handler(opened.store(), null);
        List<Latencies> latencies = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            latencies.add(new Latencies(commands));
        }
        long nanos = Workers.run(writers, worker -> {
            Latencies recorder = latencies.get(worker);
            for (int i = 0; i < commands; i++) {
                var command = new Deposit("w" + worker + "-a" + (i / commandsPerStream), 1 + i % 100, note);
                long began = System.nanoTime();
                HandleResult<?, ?> result = handler.handle(command);
                recorder.record(System.nanoTime() - began);
                if (!(result instanceof HandleResult.Accepted<?, ?>)) {
                    throw new IllegalStateException("command " + i + " of thread " + worker + " was not accepted: " + result);
                }
            }
        });
        Latencies.Summary summary = Latencies.merge(latencies);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("commandsPerSecond", Workers.perSecond((long) writers * commands, nanos));
        metrics.put("p50Micros", summary.p50Micros());
        metrics.put("p99Micros", summary.p99Micros());
        metrics.put("maxMicros", summary.maxMicros());
        return metrics;
    }
}
