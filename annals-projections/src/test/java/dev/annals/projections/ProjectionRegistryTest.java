// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.core.memory.InMemoryEventStore;
import dev.annals.core.store.GlobalPosition;
import dev.annals.projections.memory.InMemoryDeadLetterStore;
import dev.annals.projections.memory.InMemoryViewStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ProjectionRegistryTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void statusesRebuildsAndDeadLettersAreAddressedByName() {
        InMemoryEventStore store = new InMemoryEventStore();
        InMemoryDeadLetterStore deadLetters = new InMemoryDeadLetterStore();  // shared, as in a service
        AtomicBoolean broken = new AtomicBoolean(true);
        RunnerOptions options = RunnerOptions.DEFAULTS.withRetries(1, Duration.ZERO, Duration.ZERO);
        ProjectionRunner plain = ProjectionRunner.builder(Projection.of("plain",
                        Tally.view(a -> broken.get() && a == 666), Tally.CODEC, Tally::keyOf, new InMemoryViewStore<>()), store)
                .deadLetters(deadLetters).options(options).build();
        BlueGreenProjection<Tally, Tally.Added> blueGreen = new BlueGreenProjection<>(
                Projection.of("bg", Tally.view(a -> broken.get() && a == 666), Tally.CODEC, Tally::keyOf,
                        new InMemoryViewStore<>()), store, v -> new InMemoryViewStore<>(), 1,
                b -> b.deadLetters(deadLetters).options(options), v -> { });
        PartitionedProjection<Tally, Tally.Added> partitioned = new PartitionedProjection<>(
                Projection.of("parts", Tally.view(), Tally.CODEC, Tally::keyOf, new InMemoryViewStore<>()), store, 2,
                i -> new InMemoryViewStore<>(), b -> b.deadLetters(deadLetters).options(options));
        try (ProjectionRegistry registry = new ProjectionRegistry().add(plain).add(blueGreen).add(partitioned)) {
            registry.startAll();
            Tally.append(store, "Tally-a", 1, 666, 2);
            GlobalPosition head = Tally.append(store, "Tally-b", 3);
            assertThat(plain.awaitApplied(head, WAIT)).isInstanceOf(AwaitResult.Reached.class);
            assertThat(blueGreen.awaitApplied(head, WAIT)).isInstanceOf(AwaitResult.Reached.class);
            assertThat(partitioned.awaitApplied(head, WAIT)).isInstanceOf(AwaitResult.Reached.class);

            assertThat(registry.statuses()).extracting(ProjectionStatus::name)
                    .containsExactly("plain", "bg", "parts.p0of2", "parts.p1of2");
            assertThat(registry.status("bg")).map(ProjectionStatus::deadLetters).contains(2);
            List<DeadLetter> letters = ((DeadLetterStore.Listing.Found) registry.deadLetters()).letters();
            assertThat(letters).extracting(DeadLetter::consumer).containsExactly("plain", "plain", "bg.v1", "bg.v1");

            broken.set(false);
            assertThat(registry.retryDeadLetter(letters.get(2).id(), WAIT)).isEqualTo(new DeadLetterOutcome.Resolved(2));
            assertThat(registry.skipDeadLetter(letters.get(0).id(), WAIT)).isEqualTo(new DeadLetterOutcome.Resolved(1));
            assertThat(registry.retryDeadLetter("nobody@12", WAIT)).isEqualTo(new DeadLetterOutcome.NotFound("nobody@12"));
            assertThat(((DeadLetterStore.Listing.Found) registry.deadLetters()).letters()).isEmpty();
            assertThat(blueGreen.reader().snapshot()).isEqualTo(Tally.replay(store));

            assertThat(registry.rebuild("bg")).isEqualTo(new BlueGreenProjection.RebuildOutcome.Started(2));
            assertThat(registry.rebuild("plain")).isInstanceOf(BlueGreenProjection.RebuildOutcome.NotStarted.class);
            assertThat(registry.rebuild("nothing")).isInstanceOf(BlueGreenProjection.RebuildOutcome.NotStarted.class);
            assertThat(blueGreen.awaitRebuild(WAIT)).isTrue();
            assertThat(blueGreen.reader().snapshot()).isEqualTo(Tally.replay(store));

            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            registry.metrics().bindTo(meters);
            assertThat(meters.get("annals.projection.lag").gauges()).hasSize(4);
            assertThat(meters.get("annals.projection.dead.letters").tag("projection", "bg").gauge().value()).isZero();
        }
    }
}
