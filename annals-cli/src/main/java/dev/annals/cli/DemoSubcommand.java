// SPDX-License-Identifier: Apache-2.0
package dev.annals.cli;

import dev.annals.cli.demo.OrderDemo;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code annals demo}: the Order flow on the in-memory store, with every event and read model printed. */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = "Run the Order flow on the in-memory store: stock, orders, the fulfilment process, "
                + "rejected commands and cancelled orders; print every recorded event and the read models.")
final class DemoSubcommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        // millisecond ticks keep the printed times short
        new OrderDemo(spec.commandLine().getOut(), Clock.tick(Clock.systemUTC(), Duration.ofMillis(1))).run();
        return 0;
    }
}
