// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.service;

import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * {@code annals serve}: parses the options, starts {@link OrderService} and stops it on SIGTERM or
 * Ctrl-C through a shutdown hook (server, then runners, then the store). Prints one line
 * {@code annals: serving on http://HOST:PORT} once it accepts requests; scripts and tests read the
 * port from it. Exit codes: 0 stopped, 1 could not start, 2 bad arguments.
 */
public final class OrderServiceMain {
    private OrderServiceMain() {
    }

    public static void main(String[] args) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        Logger log = LoggerFactory.getLogger(OrderServiceMain.class);
        ServiceOptions options;
        switch (ServiceOptions.parse(args)) {
            case ServiceOptions.Parse.Help help -> {
                System.out.print(ServiceOptions.usage());
                return;
            }
            case ServiceOptions.Parse.Invalid invalid -> {
                System.err.println("annals serve: " + invalid.message());
                System.err.print(ServiceOptions.usage());
                System.exit(2);
                return;
            }
            case ServiceOptions.Parse.Options parsed -> options = parsed.options();
        }

        OrderService service;
        try {
            service = OrderService.start(options, System.getenv(), Clock.systemUTC());
        } catch (IllegalStateException | IllegalArgumentException | java.io.UncheckedIOException e) {
            // a configuration or environment problem (store unreachable, port taken): the message says it
            log.debug("the service did not start", e);
            System.err.println("annals serve: could not start: " + e.getMessage());
            System.exit(1);
            return;
        } catch (RuntimeException e) {
            log.error("the service did not start: {}", e.getMessage(), e);
            System.err.println("annals serve: could not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("annals-shutdown").unstarted(() -> {
            log.info("stopping (signal received)");
            service.close();
            stopped.countDown();
        }));
        if (options.isInsecure()) {
            System.out.println("annals: *** AUTHENTICATION IS OFF (--insecure): anyone who can reach this port is an admin ***");
        } else if (service.adminTokenFile() != null) {
            System.out.println("annals: the admin token is in " + service.adminTokenFile() + " (owner-only)");
        } else {
            System.out.println("annals: the admin token is the value of ANNALS_ADMIN_TOKEN");
        }
        String host = options.host().equals("0.0.0.0") ? "localhost" : options.host();
        System.out.println("annals: serving on http://" + host + ":" + service.port());
        System.out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
