// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.postgres;

import dev.annals.projections.ProjectionRunner;
import dev.annals.projections.RunnerOptions;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The child JVM of {@link PostgresProjectionKillTest}: runs the Sums projection from the store in
 * {@code url}/{@code schema} into the JDBC view store, prints READY and runs until it is killed.
 * Arguments: url user password schema.
 */
final class ProjectionChild {
    static final RunnerOptions OPTIONS = RunnerOptions.DEFAULTS.withBatchSize(100).withPollTimeout(Duration.ofMillis(50));

    private ProjectionChild() {}

    public static void main(String[] args) {
        PostgresStoreConfig config = PostgresStoreConfig.of(args[0], args[1], args[2]).withSchema(args[3]).withMaxPoolSize(4);
        PostgresEventStore store = PgTestServer.open(config);
        ProjectionRunner runner = ProjectionRunner.builder(Sums.projection(store.viewStore(Sums.NAME, Sums.STATES)), store)
                .options(OPTIONS)
                .build();
        runner.start();
        System.out.println("READY");
        System.out.flush();
        while (true) {
            LockSupport.park();
        }
    }
}
