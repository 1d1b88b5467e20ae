// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections;

import dev.annals.core.decider.CommandHandler;
import dev.annals.core.decider.Decider;
import dev.annals.core.decider.Decision;
import dev.annals.core.decider.HandleResult;
import dev.annals.core.event.DecodeResult;
import dev.annals.core.event.EventCodec;
import dev.annals.core.event.EventEnvelope;
import dev.annals.core.event.SerializedEvent;
import dev.annals.core.process.ProcessManager;
import dev.annals.core.store.EventStore;
import dev.annals.core.store.StreamId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small test workflow for the process-manager runtime: a transfer debits one account and credits
 * another. A refused debit cancels the transfer; a refused credit (closed account) is compensated by
 * refunding the debit, then the transfer is cancelled. Transfers from "Account-manual-*" wait for an
 * approval that never comes: a deadline cancels them.
 */
final class Bank {
    private Bank() {
    }

    // ---------------------------------------------------------------- events (one codec for all)

    sealed interface Event {}

    record TransferRequested(String id, String from, String to, int amount) implements Event {}

    record TransferCompleted(String id) implements Event {}

    record TransferCancelled(String id, String reason) implements Event {}

    record Debited(String account, String transfer, int amount) implements Event {}

    record Credited(String account, String transfer, int amount) implements Event {}

    static final EventCodec<Event> CODEC = new EventCodec<>() {
        @Override
        public SerializedEvent encode(Event event) {
            String[] parts = switch (event) {
                case TransferRequested e -> new String[] {"test.TransferRequested", e.id(), e.from(), e.to(), "" + e.amount()};
                case TransferCompleted e -> new String[] {"test.TransferCompleted", e.id()};
                case TransferCancelled e -> new String[] {"test.TransferCancelled", e.id(), e.reason()};
                case Debited e -> new String[] {"test.Debited", e.account(), e.transfer(), "" + e.amount()};
                case Credited e -> new String[] {"test.Credited", e.account(), e.transfer(), "" + e.amount()};
            };
            String data = String.join("|", List.of(parts).subList(1, parts.length));
            return new SerializedEvent(parts[0], 1, data.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public DecodeResult<Event> decode(SerializedEvent s) {
            String[] f = new String(s.data(), StandardCharsets.UTF_8).split("\\|", -1);
            Event e = switch (s.eventType()) {
                case "test.TransferRequested" -> new TransferRequested(f[0], f[1], f[2], Integer.parseInt(f[3]));
                case "test.TransferCompleted" -> new TransferCompleted(f[0]);
                case "test.TransferCancelled" -> new TransferCancelled(f[0], f[1]);
                case "test.Debited" -> new Debited(f[0], f[1], Integer.parseInt(f[2]));
                case "test.Credited" -> new Credited(f[0], f[1], Integer.parseInt(f[2]));
                default -> null;
            };
            return e == null ? new DecodeResult.UnknownType<>(s.eventType(), s.schemaVersion()) : new DecodeResult.Decoded<>(e);
        }

        @Override
        public boolean knows(String eventType) {
            return eventType.startsWith("test.") && !eventType.equals(Tally.TYPE);
        }
    };

    // ---------------------------------------------------------------- commands and deciders

    sealed interface Command {}

    record RequestTransfer(String id, String from, String to, int amount) implements Command {}

    record CompleteTransfer(String id) implements Command {}

    record CancelTransfer(String id, String reason) implements Command {}

    record Debit(String account, String transfer, int amount) implements Command {}

    record Credit(String account, String transfer, int amount) implements Command {}

    enum TransferState { NONE, REQUESTED, COMPLETED, CANCELLED }

    static final Decider<Command, TransferState, Event, String> TRANSFER = new Decider<>() {
        @Override
        public TransferState initialState() {
            return TransferState.NONE;
        }

        @Override
        public Decision<Event, String> decide(Command command, TransferState state) {
            return switch (command) {
                case RequestTransfer c -> state == TransferState.NONE
                        ? Decision.accept(new TransferRequested(c.id(), c.from(), c.to(), c.amount()))
                        : Decision.reject("exists");
                case CompleteTransfer c -> state == TransferState.REQUESTED
                        ? Decision.accept(new TransferCompleted(c.id())) : Decision.reject("not open");
                case CancelTransfer c -> state == TransferState.REQUESTED
                        ? Decision.accept(new TransferCancelled(c.id(), c.reason())) : Decision.reject("not open");
                default -> throw new IllegalArgumentException("not a transfer command: " + command);
            };
        }

        @Override
        public TransferState evolve(TransferState state, Event event) {
            return switch (event) {
                case TransferRequested e -> TransferState.REQUESTED;
                case TransferCompleted e -> TransferState.COMPLETED;
                case TransferCancelled e -> TransferState.CANCELLED;
                default -> state;
            };
        }
    };

    /** Balance; every account opens with 100. Accounts named Account-closed-* refuse credits. */
    static final Decider<Command, Integer, Event, String> ACCOUNT = new Decider<>() {
        @Override
        public Integer initialState() {
            return 100;
        }

        @Override
        public Decision<Event, String> decide(Command command, Integer balance) {
            return switch (command) {
                case Debit c -> c.amount() <= balance
                        ? Decision.accept(new Debited(c.account(), c.transfer(), c.amount())) : Decision.reject("insufficient");
                case Credit c -> c.account().startsWith("Account-closed")
                        ? Decision.reject("closed") : Decision.accept(new Credited(c.account(), c.transfer(), c.amount()));
                default -> throw new IllegalArgumentException("not an account command: " + command);
            };
        }

        @Override
        public Integer evolve(Integer balance, Event event) {
            return switch (event) {
                case Debited e -> balance - e.amount();
                case Credited e -> balance + e.amount();
                default -> balance;
            };
        }
    };

    static CommandHandler<Command, TransferState, Event, String> transfers(EventStore store) {
        return CommandHandler.builder(TRANSFER, CODEC, store, (Command c) -> StreamId.of("Transfer-" + switch (c) {
            case RequestTransfer r -> r.id();
            case CompleteTransfer r -> r.id();
            case CancelTransfer r -> r.id();
            default -> throw new IllegalArgumentException();
        })).build();
    }

    static CommandHandler<Command, Integer, Event, String> accounts(EventStore store) {
        return CommandHandler.builder(ACCOUNT, CODEC, store, (Command c) -> StreamId.of(switch (c) {
            case Debit d -> d.account();
            case Credit d -> d.account();
            default -> throw new IllegalArgumentException();
        })).build();
    }

    // ---------------------------------------------------------------- the process manager

    sealed interface Message {
        String transfer();
    }

    record Requested(String transfer, String from, String to, int amount) implements Message {}

    record WasDebited(String transfer, String account) implements Message {}

    record WasCredited(String transfer, String account) implements Message {}

    record DebitRefused(String transfer) implements Message {}

    record CreditRefused(String transfer) implements Message {}

    record Ended(String transfer) implements Message {}

    enum Phase { NEW, REQUESTED, DEBITED, REFUNDING, DONE }

    record Flow(Phase phase, String from, String to, int amount) {
        static final Flow NEW = new Flow(Phase.NEW, "", "", 0);

        Flow in(Phase next) {
            return new Flow(next, from, to, amount);
        }
    }

    static final ProcessManager<Flow, Message, Command> FULFILMENT = new ProcessManager<>() {
        @Override
        public Flow initialState() {
            return Flow.NEW;
        }

        @Override
        public String instanceId(Message message) {
            return message.transfer();
        }

        @Override
        public Flow evolve(Flow state, Message message) {
            return switch (message) {
                case Requested m -> new Flow(Phase.REQUESTED, m.from(), m.to(), m.amount());
                case WasDebited m -> state.in(Phase.DEBITED);
                case CreditRefused m -> state.in(Phase.REFUNDING);
                case WasCredited m -> state;
                case DebitRefused m -> state;
                case Ended m -> state.in(Phase.DONE);
            };
        }

        @Override
        public List<Command> react(Flow state, Message message) {
            return switch (message) {
                case Requested m -> m.from().startsWith("Account-manual") ? List.of()
                        : List.of(new Debit(m.from(), m.transfer(), m.amount()));
                case WasDebited m -> List.of(new Credit(state.to(), m.transfer(), state.amount()));
                case WasCredited m when m.account().equals(state.to()) && state.phase() == Phase.DEBITED ->
                        List.of(new CompleteTransfer(m.transfer()));
                case WasCredited m -> List.of();
                case CreditRefused m -> List.of(new Credit(state.from(), m.transfer(), state.amount()),
                        new CancelTransfer(m.transfer(), "credit refused"));
                case DebitRefused m -> List.of(new CancelTransfer(m.transfer(), "insufficient funds"));
                case Ended m -> List.of();
            };
        }

        @Override
        public boolean isFinished(Flow state) {
            return state.phase() == Phase.DONE;
        }
    };

    static final Duration APPROVAL = Duration.ofMinutes(10);

    static final DeadlineRule<Flow, Command> APPROVAL_DEADLINE = new DeadlineRule<>() {
        @Override
        public Map<String, Duration> deadlines(Flow state) {
            return state.phase() == Phase.REQUESTED && state.from().startsWith("Account-manual")
                    ? Map.of("approval", APPROVAL) : Map.of();
        }

        @Override
        public List<Command> onDeadline(String instanceId, Flow state, String name, Instant dueAt) {
            return List.of(new CancelTransfer(instanceId, "approval timed out"));
        }
    };

    static MessageInput<Event, Message> input() {
        return MessageInput.of(CODEC, (EventEnvelope<Event> e) -> Optional.of(switch (e.event()) {
            case TransferRequested t -> new Requested(t.id(), t.from(), t.to(), t.amount());
            case TransferCompleted t -> new Ended(t.id());
            case TransferCancelled t -> new Ended(t.id());
            case Debited d -> new WasDebited(d.transfer(), d.account());
            case Credited c -> new WasCredited(c.transfer(), c.account());
        }));
    }

    /** Routes commands to the two handlers; counts replayed (idempotent) outcomes. */
    static final class Gateway implements CommandGateway<Command, Message> {
        final CommandHandler<Command, TransferState, Event, String> transfers;
        final CommandHandler<Command, Integer, Event, String> accounts;
        final AtomicInteger replays = new AtomicInteger();
        final AtomicInteger sends = new AtomicInteger();

        Gateway(EventStore store) {
            this.transfers = Bank.transfers(store);
            this.accounts = Bank.accounts(store);
        }

        @Override
        public Outcome<Message> send(Command command, dev.annals.core.decider.CommandContext context) {
            sends.incrementAndGet();
            HandleResult<Event, String> result = command instanceof Debit || command instanceof Credit
                    ? accounts.handle(command, context) : transfers.handle(command, context);
            return switch (result) {
                case HandleResult.Accepted<Event, String> a -> {
                    if (a.isReplay()) {
                        replays.incrementAndGet();
                    }
                    yield new Outcome.Accepted<>();
                }
                case HandleResult.Unchanged<Event, String> u -> new Outcome.Accepted<>();
                case HandleResult.Rejected<Event, String> r -> new Outcome.Rejected<>(switch (command) {
                    case Debit d -> new DebitRefused(d.transfer());
                    case Credit c -> new CreditRefused(c.transfer());
                    default -> null;
                });
                case HandleResult.StorageFailed<Event, String> f -> new Outcome.Failed<>(f.failure());
                default -> new Outcome.Failed<>(dev.annals.core.store.StorageFailure.unavailable(result.toString()));
            };
        }
    }
}
