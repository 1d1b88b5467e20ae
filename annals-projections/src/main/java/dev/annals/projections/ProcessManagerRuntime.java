// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections;

import dev.annals.core.decider.CommandContext;
import dev.annals.core.decider.IdempotencyKey;
import dev.annals.core.event.DecodeResult;
import dev.annals.core.event.EventEnvelope;
import dev.annals.core.event.RecordedEvent;
import dev.annals.core.process.ProcessManager;
import dev.annals.core.store.EventStore;
import dev.annals.core.store.WriteResult;
import dev.annals.core.view.ViewStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/*
 * Process-manager handling of one event
 * -------------------------------------
 * 1. Decode with the first input whose codec knows the type; map to a message (or skip).
 * 2. Load the instance's state from the batch (keyed by instanceId). Skip when the instance has
 *    already applied this position, or is finished.
 * 3. Deliver: evolve, then send every command react returns. Each command goes out with
 *    causation = the event id, correlation = the event's correlation id (or its id), the event's
 *    tenant and user, and idempotency key "<consumer>:<event id>:<n>" where n counts the commands sent
 *    for this event in order. A rejection that maps to a message is delivered the same way (its
 *    commands continue the count), so handling one event is a deterministic function of the stored
 *    state and the command outcomes.
 * 4. Put the new state into the batch (committed with the checkpoint), then reconcile deadlines.
 *
 * Dead letters: an event that cannot be handled is parked, and so is every later event of its
 * stream AND of its instance (blocksByKey), whichever stream it comes from: an instance's state is
 * order-sensitive, so it must not hear the outcome of a command before the event that sent it.
 *
 * At most once: if the runner dies after sending and before its commit, the event comes again, the
 * state is the old one, react returns the same commands with the same keys, and the command handler
 * replays the recorded outcome instead of appending. A command that failed (storage) makes the whole
 * event fail: it is retried with the same keys and parked after maxAttempts.
 *
 * Deadlines: wanted deadlines are due at the event's recordedAt + duration, so a redelivery schedules
 * the same instant (an upsert). Due deadlines are fired in tick(), on the runner thread, once it is
 * live (so a deadline that came due during downtime is judged after the events that may have settled
 * it; a command it sends anyway is refused by the aggregate, the expected race), with keys
 * "<consumer>:deadline:<instance>:<name>:<due millis>:<n>"; the deadline is cancelled after its
 * commands were sent, so a crash in between sends them again under the same keys.
 */

/** Builds runners for process managers: durable per-instance state, at-most-once effects, deadlines. */
public final class ProcessManagerRuntime {
    private ProcessManagerRuntime() {
    }

    public static <S, M, C> Builder<S, M, C> builder(String name, ProcessManager<S, M, C> processManager,
                                                     CommandGateway<C, M> gateway, ViewStore<S> stateStore,
                                                     EventStore eventStore) {
        return new Builder<>(name, processManager, gateway, stateStore, eventStore);
    }

    /** Configures one process manager's runner. */
    public static final class Builder<S, M, C> {
        private final String name;
        private final ProcessManager<S, M, C> processManager;
        private final CommandGateway<C, M> gateway;
        private final ViewStore<S> stateStore;
        private final EventStore eventStore;
        private final java.util.ArrayList<MessageInput<?, M>> inputs = new java.util.ArrayList<>();
        private DeadlineStore deadlines = new dev.annals.projections.memory.InMemoryDeadlineStore();
        private DeadlineRule<S, C> deadlineRule = DeadlineRule.none();
        private Clock clock = Clock.systemUTC();
        private final ProjectionRunner.Builder runner;

        private Builder(String name, ProcessManager<S, M, C> processManager, CommandGateway<C, M> gateway,
                        ViewStore<S> stateStore, EventStore eventStore) {
            this.name = ConsumerNames.require(name);
            this.processManager = Objects.requireNonNull(processManager);
            this.gateway = Objects.requireNonNull(gateway);
            this.stateStore = Objects.requireNonNull(stateStore);
            this.eventStore = Objects.requireNonNull(eventStore);
            this.runner = ProjectionRunner.builder(name, eventStore, stateStore, new PmFolder<>(this));
        }

        /** Listen to the events {@code input}'s codec knows. Several inputs: the first that knows a type decodes it. */
        public <E> Builder<S, M, C> listen(MessageInput<E, M> input) {
            inputs.add(input);
            return this;
        }

        public Builder<S, M, C> deadlines(DeadlineStore store, DeadlineRule<S, C> rule) {
            this.deadlines = Objects.requireNonNull(store);
            this.deadlineRule = Objects.requireNonNull(rule);
            return this;
        }

        /** The clock deadlines are judged by (tests move it forward). */
        public Builder<S, M, C> clock(Clock value) {
            this.clock = Objects.requireNonNull(value);
            runner.clock(value);
            return this;
        }

        public Builder<S, M, C> deadLetters(DeadLetterStore store) {
            runner.deadLetters(store);
            return this;
        }

        public Builder<S, M, C> locks(ProjectionLocks value) {
            runner.locks(value);
            return this;
        }

        public Builder<S, M, C> options(RunnerOptions value) {
            runner.options(value);
            return this;
        }

        public ProjectionRunner build() {
            if (inputs.isEmpty()) {
                throw new IllegalStateException("process manager " + name + " listens to nothing");
            }
            return runner.build();
        }
    }

    private static final class CommandFailed extends RuntimeException {
        CommandFailed(String message) {
            super(message, null, false, false);
        }
    }

    private static final class PmFolder<S, M, C> implements Folder<S> {
        private static final int MAX_MESSAGES_PER_EVENT = 1000;
        private final Builder<S, M, C> config;

        PmFolder(Builder<S, M, C> config) {
            this.config = config;
        }

        @Override
        public void apply(RecordedEvent event, Batch<S> batch) {
            M message = messageOf(event);
            if (message == null) {
                return;
            }
            ProcessManager<S, M, C> pm = config.processManager;
            String instanceId = pm.instanceId(message);
            if (batch.isApplied(instanceId, event.position())) {
                return;
            }
            S state = batch.state(instanceId, pm.initialState());
            if (pm.isFinished(state)) {
                return;
            }
            String correlation = event.metadata().correlationId() != null
                    ? event.metadata().correlationId() : event.eventId().toString();
            CommandContext base = CommandContext.create()
                    .withCausationId(event.eventId().toString())
                    .withCorrelationId(correlation)
                    .withTenant(event.metadata().tenant())
                    .withUserId(event.metadata().userId());
            S next = deliver(state, message, base, config.name + ":" + event.eventId());
            batch.put(instanceId, next, event.position());
            reconcileDeadlines(instanceId, next, event.recordedAt());
        }

        @Override
        public boolean blocksByKey() {
            return true;
        }

        @Override
        public @Nullable String blockingKey(RecordedEvent event) {
            M message = messageOf(event);
            return message == null ? null : config.processManager.instanceId(message);
        }

        @Override
        public void tick(Batch<S> batch) {
            Instant now = config.clock.instant();
            List<Deadline> due = switch (config.deadlines.due(config.name, now, 100)) {
                case DeadlineStore.Listing.Found found -> found.deadlines();
                case DeadlineStore.Listing.Failed failed -> throw new StorageProblem(failed.failure());
            };
            for (Deadline deadline : due) {
                S state = batch.state(deadline.instanceId(), config.processManager.initialState());
                if (!config.processManager.isFinished(state)
                        && config.deadlineRule.deadlines(state).containsKey(deadline.name())) {
                    CommandContext base = CommandContext.create()
                            .withCausationId(deadline.key())
                            .withCorrelationId(deadline.instanceId());
                    String prefix = config.name + ":deadline:" + deadline.instanceId() + ":" + deadline.name() + ":"
                            + deadline.dueAt().toEpochMilli();
                    int index = 0;
                    for (C command : config.deadlineRule.onDeadline(deadline.instanceId(), state, deadline.name(),
                            deadline.dueAt())) {
                        // a rejection here (the order was paid meanwhile) is the expected race: nothing to hear
                        send(command, base, prefix, index++);
                    }
                }
                write(config.deadlines.cancel(deadline));
            }
        }

        private @Nullable M messageOf(RecordedEvent event) {
            for (MessageInput<?, M> input : config.inputs) {
                if (input.codec().knows(event.eventType())) {
                    return decode(input, event);
                }
            }
            return null;
        }

        private static <E, M> @Nullable M decode(MessageInput<E, M> input, RecordedEvent event) {
            return switch (input.codec().decode(event.serialized())) {
                case DecodeResult.UnknownType<E> unknown -> null;
                case DecodeResult.Malformed<E> malformed -> throw new PoisonEvent(
                        "cannot decode " + malformed.eventType() + ".v" + malformed.schemaVersion() + ": " + malformed.reason());
                case DecodeResult.Decoded<E> decoded -> {
                    Optional<M> message = input.toMessage().apply(EventEnvelope.of(event, decoded.event()));
                    yield message.orElse(null);
                }
            };
        }

        private S deliver(S state, M first, CommandContext base, String prefix) {
            ProcessManager<S, M, C> pm = config.processManager;
            ArrayDeque<M> inbox = new ArrayDeque<>();
            inbox.add(first);
            int index = 0;
            int delivered = 0;
            S current = state;
            while (!inbox.isEmpty()) {
                if (++delivered > MAX_MESSAGES_PER_EVENT) {
                    throw new IllegalStateException("process manager " + config.name + " keeps answering rejections");
                }
                M message = inbox.poll();
                current = pm.evolve(current, message);
                for (C command : pm.react(current, message)) {
                    M answer = send(command, base, prefix, index++);
                    if (answer != null) {
                        inbox.add(answer);
                    }
                }
            }
            return current;
        }

        private @Nullable M send(C command, CommandContext base, String prefix, int index) {
            CommandContext context = base.withIdempotencyKey(new IdempotencyKey(key(prefix + ":" + index), null));
            return switch (config.gateway.send(command, context)) {
                case CommandGateway.Outcome.Accepted<M> accepted -> null;
                case CommandGateway.Outcome.Rejected<M> rejected -> rejected.message();
                case CommandGateway.Outcome.Failed<M> failed -> throw new CommandFailed(
                        "command " + command.getClass().getSimpleName() + " failed: " + failed.failure().kind() + " "
                                + failed.failure().detail());
            };
        }

        private void reconcileDeadlines(String instanceId, S state, Instant heardAt) {
            Map<String, Duration> wanted = config.processManager.isFinished(state)
                    ? Map.of() : config.deadlineRule.deadlines(state);
            List<Deadline> existing = switch (config.deadlines.forInstance(config.name, instanceId)) {
                case DeadlineStore.Listing.Found found -> found.deadlines();
                case DeadlineStore.Listing.Failed failed -> throw new StorageProblem(failed.failure());
            };
            for (Deadline deadline : existing) {
                if (!wanted.containsKey(deadline.name())) {
                    write(config.deadlines.cancel(deadline));
                }
            }
            for (Map.Entry<String, Duration> entry : wanted.entrySet()) {
                boolean isScheduled = existing.stream().anyMatch(d -> d.name().equals(entry.getKey()));
                if (!isScheduled) {
                    write(config.deadlines.schedule(new Deadline(config.name, instanceId, entry.getKey(),
                            heardAt.plus(entry.getValue()))));
                }
            }
        }

        private static void write(WriteResult result) {
            if (result instanceof WriteResult.Failed failed) {
                throw new StorageProblem(failed.failure());
            }
        }

        /** Keys longer than the limit are shortened to a SHA-256 of themselves. */
        private static String key(String raw) {
            if (raw.length() <= IdempotencyKey.MAX_LENGTH && raw.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
                return raw;
            }
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(raw.getBytes(StandardCharsets.UTF_8));
                return "pm:" + HexFormat.of().formatHex(digest);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is always available", e);
            }
        }
    }
}
