// SPDX-License-Identifier: Apache-2.0
package dev.annals.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code annals} command: parses the subcommand and runs it. Exit code 0 on success. */
@Command(name = "annals",
        mixinStandardHelpOptions = true,
        version = "annals 0.1.0",
        description = "Annals: event sourcing and CQRS for the JVM, and its reference Order service.",
        subcommands = {DemoSubcommand.class, CommandLine.HelpCommand.class})
public final class AnnalsCli implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs one command line, printing to {@code out} and {@code err}; returns the exit code. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        return new CommandLine(new AnnalsCli()).setOut(out).setErr(err).execute(args);
    }

    /** Without a subcommand: print the usage and fail, so scripts notice. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }
}
