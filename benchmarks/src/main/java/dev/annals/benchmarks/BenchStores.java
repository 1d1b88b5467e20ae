// SPDX-License-Identifier: Apache-2.0
package dev.annals.benchmarks;

import dev.annals.core.decider.StateCodec;
import dev.annals.core.memory.InMemoryEventStore;
import dev.annals.core.memory.InMemorySnapshotStore;
import dev.annals.core.snapshot.SnapshotStore;
import dev.annals.core.store.EventStore;
import dev.annals.core.view.ViewStore;
import dev.annals.store.postgres.OpenResult;
import dev.annals.store.postgres.PostgresEventStore;
import dev.annals.store.postgres.PostgresStoreConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Opens a fresh store for every run, so no run measures the leftovers of another. Embedded stores
 * (and file view stores) live in their own folder under {@code --dir} (or a temporary folder) and are
 * deleted after the run; PostgreSQL stores live in their own schema, dropped after the run. The
 * PostgreSQL server (--pg-url, or an embedded one) is shared by the runs of one invocation.
 */
final class BenchStores implements AutoCloseable {
    private final BenchOptions options;
    private final @Nullable Path dir;
    private @Nullable Path root;
    private boolean isTemporaryRoot;
    private @Nullable PgServer pg;
    private int opened;

    private BenchStores(BenchOptions options) {
        this.options = options;
        this.dir = options.dir;
    }

    static BenchStores create(BenchOptions options) {
        var stores = new BenchStores(options);
        if (options.store == StoreKind.POSTGRES) {
            stores.pg = PgServer.start(options.pgUrl, options.pgUser, options.pgPassword, options.durability);
        }
        return stores;
    }

    StoreKind kind() {
        return options.store;
    }

    /** A new, empty store; closing it deletes its files or drops its schema. */
    OpenedStore open() {
        opened++;
        return switch (options.store) {
            case MEMORY -> new OpenedStore(new InMemoryEventStore(), new InMemorySnapshotStore(), null, null, newFolder());
            case EMBEDDED -> {
                Path folder = newFolder();
                yield new OpenedStore(EmbeddedStores.open(folder, options.durability), EmbeddedStores.snapshots(folder),
                        null, null, folder);
            }
            case POSTGRES -> {
                PgServer server = requirePg();
                String schema = server.newSchemaName();
                var config = PostgresStoreConfig.of(server.url(), server.user(), server.password())
                        .withSchema(schema)
                        .withMaxPoolSize(Math.max(10, options.writers + 2))
                        .withDurability(options.durability == DurabilityMode.FSYNC
                                ? PostgresStoreConfig.Durability.REQUIRE_DURABLE_SERVER
                                : PostgresStoreConfig.Durability.UNSAFE_ALLOW_NON_DURABLE_SERVER);
                PostgresEventStore store = switch (PostgresEventStore.open(config)) {
                    case OpenResult.Opened ok -> ok.store();
                    case OpenResult.Refused refused -> throw new IllegalStateException(
                            "the PostgreSQL store refused to open: " + refused.reason() + " (--durability unsafe allows it)");
                    case OpenResult.Failed failed -> throw new IllegalStateException(
                            "the PostgreSQL store failed to open: " + failed.failure().kind() + ": " + failed.failure().detail());
                };
                yield new OpenedStore(store, store.snapshots(), server, schema, newFolder());
            }
        };
    }

    /** A fresh folder for this run (created on first use by the caller), deleted when the run's store closes. */
    private Path newFolder() {
        return requireRoot().resolve("run-" + opened + "-" + System.nanoTime());
    }

    private Path requireRoot() {
        if (root == null) {
            try {
                if (dir == null) {
                    root = Files.createTempDirectory("annals-bench-");
                    isTemporaryRoot = true;
                } else {
                    root = Files.createDirectories(dir);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the benchmark folder", e);
            }
        }
        return root;
    }

    private PgServer requirePg() {
        if (pg == null) {
            throw new IllegalStateException("no PostgreSQL server");
        }
        return pg;
    }

    @Override
    public void close() {
        try {
            if (pg != null) {
                pg.close();
            }
        } finally {
            if (isTemporaryRoot && root != null) {
                deleteRecursively(root);
            }
        }
    }

    static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path, e);
        }
    }

    /**
     * One run's store; closing it closes the store, deletes the run's folder and drops its
     * PostgreSQL schema.
     */
    static final class OpenedStore implements AutoCloseable {
        private final EventStore store;
        private final SnapshotStore snapshots;
        private final @Nullable PgServer pg;
        private final @Nullable String schema;
        private final Path folder;

        OpenedStore(EventStore store, SnapshotStore snapshots, @Nullable PgServer pg, @Nullable String schema, Path folder) {
            this.store = store;
            this.snapshots = snapshots;
            this.pg = pg;
            this.schema = schema;
            this.folder = folder;
        }

        EventStore store() {
            return store;
        }

        SnapshotStore snapshots() {
            return snapshots;
        }

        /** A folder of this run (for file view stores), deleted with the run. */
        Path folder(String name) {
            try {
                return Files.createDirectories(folder.resolve(name));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + folder.resolve(name), e);
            }
        }

        /** The PostgreSQL server and schema of this run, or null when the store is not PostgreSQL. */
        @Nullable PgServer pg() {
            return pg;
        }

        @Nullable String schema() {
            return schema;
        }

        /** The JDBC view store of the PostgreSQL store (states and checkpoint in one transaction). */
        <S> ViewStore<S> postgresViewStore(String name, StateCodec<S> codec) {
            if (!(store instanceof PostgresEventStore postgres)) {
                throw new IllegalArgumentException("--view-store postgres needs --store postgres");
            }
            return postgres.viewStore(name, codec);
        }

        @Override
        public void close() {
            try {
                store.close();
            } finally {
                if (pg != null && schema != null) {
                    pg.dropSchema(schema);
                }
                deleteRecursively(folder);
            }
        }
    }
}
