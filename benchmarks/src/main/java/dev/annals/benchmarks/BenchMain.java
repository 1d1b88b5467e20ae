// SPDX-License-Identifier: Apache-2.0
package dev.annals.benchmarks;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code annals bench <scenario>}: the entry point of the benchmark jar. */
@Command(name = "annals bench",
        mixinStandardHelpOptions = true,
        version = "annals bench 0.1.0",
        description = "Load drivers. Each scenario prints progress and, as its last line, one JSON object.",
        subcommands = {
            AppendSubcommand.class,
            LoadStreamSubcommand.class,
            CommandSubcommand.class,
            HttpSubcommand.class,
            ReplaySubcommand.class,
            LiveSubcommand.class,
            CommandLine.HelpCommand.class
        })
public final class BenchMain implements Runnable {
    /** Held so the level sticks: the stores' informational log lines would interleave with the progress. */
    private static final java.util.logging.Logger ANNALS_LOG = java.util.logging.Logger.getLogger("dev.annals");

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        ANNALS_LOG.setLevel(java.util.logging.Level.WARNING);
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (tests run scenarios through it with their own output). */
    public static CommandLine commandLine() {
        return new CommandLine(new BenchMain()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a scenario: append, load-stream, replay, live, command or http");
    }
}
