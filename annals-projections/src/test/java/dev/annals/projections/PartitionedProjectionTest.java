// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.core.memory.InMemoryEventStore;
import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.StreamId;
import dev.annals.projections.memory.InMemoryViewStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PartitionedProjectionTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int K = 4;

    @Test
    void fourPartitionsKeepPerStreamOrderAndTogetherEqualAFreshReplay() throws Exception {
        InMemoryEventStore store = new InMemoryEventStore();
        Random random = new Random(42);
        for (int i = 0; i < 2000; i++) {
            Tally.append(store, "Tally-" + random.nextInt(200), random.nextInt(1000), random.nextInt(1000));
        }
        List<InMemoryViewStore<Tally>> stores = new ArrayList<>();
        PartitionedProjection<Tally, Tally.Added> projection = new PartitionedProjection<>(
                Projection.of("tally", Tally.view(), Tally.CODEC, Tally::keyOf, new InMemoryViewStore<>()), store, K,
                i -> {
                    InMemoryViewStore<Tally> s = new InMemoryViewStore<>();
                    stores.add(s);
                    return s;
                },
                builder -> builder.options(RunnerOptions.DEFAULTS.withBatchSize(64)));
        projection.start();
        try {
            // live writes while the partitions catch up
            GlobalPosition last = GlobalPosition.START;
            for (int i = 0; i < 500; i++) {
                last = Tally.append(store, "Tally-" + random.nextInt(200), random.nextInt(1000));
            }
            assertThat(projection.awaitApplied(last, WAIT)).isInstanceOf(AwaitResult.Reached.class);
            assertThat(projection.checkpoint()).isEqualTo(last);

            // the order-sensitive hash of every stream equals the replay's: per-stream order held
            Map<String, Tally> replay = Tally.replay(store);
            assertThat(projection.reader().snapshot()).isEqualTo(replay);
            assertThat(projection.reader().find("Tally-7")).isEqualTo(java.util.Optional.ofNullable(replay.get("Tally-7")));

            // every stream lives in exactly the partition its hash names
            for (int i = 0; i < K; i++) {
                for (String key : stores.get(i).snapshot().keySet()) {
                    assertThat(PartitionedProjection.partitionOf(StreamId.of(key), K)).isEqualTo(i);
                }
                assertThat(stores.get(i).snapshot()).isNotEmpty();
            }
            assertThat(projection.statuses()).extracting(ProjectionStatus::name)
                    .containsExactly("tally.p0of4", "tally.p1of4", "tally.p2of4", "tally.p3of4");
            assertThat(projection.statuses()).allSatisfy(s -> assertThat(s.lag()).isZero());
            long applied = projection.statuses().stream().mapToLong(ProjectionStatus::eventsApplied).sum();
            assertThat(applied).isEqualTo(4500);
        } finally {
            projection.close();
        }
    }

    @Test
    void thePartitionOfAStreamIsStable() {
        // String.hashCode is specified by the JLS, so this holds in every JVM and after restarts
        assertThat(PartitionedProjection.partitionOf(StreamId.of("Order-1"), 4))
                .isEqualTo(Math.floorMod("Order-1".hashCode(), 4));
        assertThat(PartitionedProjection.partitionOf(StreamId.of("Order-1"), 1)).isZero();
    }
}
