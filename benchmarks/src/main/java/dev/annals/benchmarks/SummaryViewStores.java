// SPDX-License-Identifier: Apache-2.0
package dev.annals.benchmarks;

import dev.annals.core.decider.StateCodec;
import dev.annals.core.view.ViewStore;
import dev.annals.example.orders.views.summary.OrderSummary;
import dev.annals.projections.ReadableViewStore;
import dev.annals.projections.file.FileViewStore;
import dev.annals.projections.memory.InMemoryViewStore;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Where the order-summary benchmarks keep the read model: {@code --view-store memory|file|postgres}. */
final class SummaryViewStores {
    static final String VIEW_NAME = "order-summary";
    /** The summary state as the order service stores it: a summary as its JSON, empty as zero bytes. */
    private static final StateCodec<Optional<OrderSummary>> STATE = OrderEvents.CODECS.viewState(OrderSummary.class);

    enum Kind {
        MEMORY,
        FILE,
        POSTGRES;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private SummaryViewStores() {
    }

    /** One run's view store; closing it releases its files (the folder goes with the run's store). */
    static final class Opened implements AutoCloseable {
        private final ViewStore<Optional<OrderSummary>> store;
        private final @Nullable ReadableViewStore<Optional<OrderSummary>> readable;
        private final @Nullable FileViewStore<Optional<OrderSummary>> file;

        private Opened(ViewStore<Optional<OrderSummary>> store, @Nullable ReadableViewStore<Optional<OrderSummary>> readable,
                       @Nullable FileViewStore<Optional<OrderSummary>> file) {
            this.store = store;
            this.readable = readable;
            this.file = file;
        }

        ViewStore<Optional<OrderSummary>> store() {
            return store;
        }

        /** Every state, when the store can list them (memory, file); null otherwise. */
        @Nullable List<Optional<OrderSummary>> all() {
            return readable == null ? null : readable.all();
        }

        @Override
        public void close() {
            if (file != null) {
                file.close();
            }
        }
    }

    static Opened open(Kind kind, BenchStores.OpenedStore run) {
        return switch (kind) {
            case MEMORY -> {
                var memory = new InMemoryViewStore<Optional<OrderSummary>>();
                yield new Opened(memory, memory, null);
            }
            case FILE -> switch (FileViewStore.open(run.folder(VIEW_NAME), STATE)) {
                case FileViewStore.OpenResult.Opened<Optional<OrderSummary>> ok -> new Opened(ok.store(), ok.store(), ok.store());
                case FileViewStore.OpenResult.Failed<Optional<OrderSummary>> failed -> throw new IllegalStateException(
                        "the file view store did not open: " + failed.failure().detail());
            };
            case POSTGRES -> new Opened(run.postgresViewStore(VIEW_NAME, STATE), null, null);
        };
    }

    /**
     * Checks the read model after a replay of {@code events} order events written by
     * {@link OrderWriter}: all states when the store lists them, else every order's state loaded by key
     * (a sample of at most 2,000 orders).
     */
    static void verify(Opened opened, OrderWriter.Written written) {
        List<Optional<OrderSummary>> all = opened.all();
        if (all != null) {
            OrderEvents.verifySummaries(all, written.orderIds().size(), written.events());
            return;
        }
        int orders = written.orderIds().size();
        int step = Math.max(1, orders / 2000);
        for (int i = 0; i < orders; i += step) {
            var id = written.orderIds().get(i);
            long expectedVersion = written.lastVersions()[i];
            switch (opened.store().load(id.value())) {
                case ViewStore.Load.Found<Optional<OrderSummary>> found when found.state().isPresent()
                        && found.state().get().version().value() == expectedVersion -> {
                }
                case ViewStore.Load<Optional<OrderSummary>> other -> throw new IllegalStateException(
                        "order " + id.value() + " should be at version " + expectedVersion + " in the view: " + other);
            }
        }
    }
}
