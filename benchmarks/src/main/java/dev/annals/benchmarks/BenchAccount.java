// SPDX-License-Identifier: Apache-2.0
package dev.annals.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annals.core.decider.CommandHandler;
import dev.annals.core.decider.Decider;
import dev.annals.core.decider.Decision;
import dev.annals.core.snapshot.SnapshotStore;
import dev.annals.core.store.EventStore;
import dev.annals.core.store.StreamId;
import dev.annals.json.EventTypes;
import dev.annals.json.JacksonEventCodec;
import dev.annals.json.JacksonStateCodec;
import dev.annals.json.JsonMappers;
import org.jspecify.annotations.Nullable;

/**
 * The benchmarks' own small boundary: an account that takes deposits. It goes through the same
 * path as a real one (Jackson codec with a versioned registry, CommandHandler, optimistic append),
 * and the note pads each event to the payload size under test.
 */
final class BenchAccount {
    private static final ObjectMapper MAPPER = JsonMappers.create();
    static final EventTypes<Deposited> TYPES = EventTypes.builder(Deposited.class)
            .register(Deposited.class, "bench.Deposited", 1)
            .build();
    static final JacksonEventCodec<Deposited> CODEC = JacksonEventCodec.of(TYPES, MAPPER);
    static final JacksonStateCodec<Balance> STATE_CODEC = JacksonStateCodec.of(Balance.class, 1, MAPPER);

    private BenchAccount() {
    }

    record Deposit(String accountId, long amount, String note) {}

    record Deposited(String accountId, long amount, long balance, String note) {}

    record Balance(long balance, long deposits) {}

    enum Rejection { AMOUNT_NOT_POSITIVE }

    static final class AccountDecider implements Decider<Deposit, Balance, Deposited, Rejection> {
        @Override
        public Balance initialState() {
            return new Balance(0, 0);
        }

        @Override
        public Decision<Deposited, Rejection> decide(Deposit command, Balance state) {
            if (command.amount() <= 0) {
                return Decision.reject(Rejection.AMOUNT_NOT_POSITIVE);
            }
            return Decision.accept(new Deposited(command.accountId(), command.amount(),
                    state.balance() + command.amount(), command.note()));
        }

        @Override
        public Balance evolve(Balance state, Deposited event) {
            return new Balance(event.balance(), state.deposits() + 1);
        }
    }

    static StreamId stream(String accountId) {
        return StreamId.of("Account", accountId);
    }

    static CommandHandler<Deposit, Balance, Deposited, Rejection> handler(EventStore store, @Nullable SnapshotStore snapshots) {
        var builder = CommandHandler.builder(new AccountDecider(), CODEC, store, (Deposit c) -> stream(c.accountId()));
        if (snapshots != null) {
            builder.snapshots(snapshots, STATE_CODEC, Integer.MAX_VALUE);
        }
        return builder.build();
    }

    /** A note that makes an encoded event about {@code eventBytes} long. */
    static String note(int eventBytes) {
        return "x".repeat(Math.max(0, eventBytes - 70));
    }
}
