// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.service.readmodels;

import dev.annals.core.decider.StateCodec;
import dev.annals.core.store.StorageFailure;
import dev.annals.projections.DeadLetterStore;
import dev.annals.projections.ReadableViewStore;
import dev.annals.projections.file.FileDeadLetterStore;
import dev.annals.projections.file.FileViewStore;
import dev.annals.projections.memory.InMemoryDeadLetterStore;
import dev.annals.projections.memory.InMemoryViewStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/*
 * Generations
 * -----------
 * Each read model lives in views/<name>/gen-<n>/; views/<name>/current names the generation
 * queries use. A rebuild fills gen-<n+1> beside the live one and, once it has caught up, replaces
 * the "current" file atomically (write a temporary file, fsync, rename), so a crash at any moment
 * leaves either the old or the new generation current, never a half-built one. Leftovers of an
 * interrupted rebuild are deleted when the next rebuild starts.
 */

/** Where read-model states and dead letters live: files under the data directory, or memory. */
public sealed interface ViewStorage {
    /** The generation queries use (0 when none was ever recorded). */
    int currentGeneration(String name);

    /** Opens (creating when needed) one generation of a read model; a fresh generation is empty. */
    <S> Opened<S> open(String name, int generation, StateCodec<S> codec);

    /** Records {@code generation} as the one queries use, durably. */
    void makeCurrent(String name, int generation);

    /** Deletes a generation that is no longer current (best effort). */
    void discard(String name, int generation);

    DeadLetterStore deadLetters();

    /** Releases the dead-letter file (view stores are closed by their owners). */
    void close();

    /** An opened view store, or why it could not be opened. */
    sealed interface Opened<S> {
        record Store<S>(ReadableViewStore<S> store) implements Opened<S> {}

        record Failed<S>(StorageFailure failure) implements Opened<S> {}
    }

    static ViewStorage inMemory() {
        return new Memory(new InMemoryDeadLetterStore());
    }

    static ViewStorage files(Path directory) {
        try {
            Files.createDirectories(directory);
            return new FileSystem(directory, FileDeadLetterStore.open(directory.resolve("dead-letters")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the read-model directory " + directory, e);
        }
    }

    /** States in memory: every start replays the log. */
    record Memory(DeadLetterStore deadLetters) implements ViewStorage {
        @Override
        public int currentGeneration(String name) {
            return 0;
        }

        @Override
        public <S> Opened<S> open(String name, int generation, StateCodec<S> codec) {
            return new Opened.Store<>(new InMemoryViewStore<>());
        }

        @Override
        public void makeCurrent(String name, int generation) {
        }

        @Override
        public void discard(String name, int generation) {
        }

        @Override
        public void close() {
        }
    }

    /** Durable, atomic file view stores (one directory per read model and generation). */
    record FileSystem(Path directory, FileDeadLetterStore deadLetters) implements ViewStorage {
        private static final String CURRENT = "current";

        @Override
        public int currentGeneration(String name) {
            Path file = directory.resolve(name).resolve(CURRENT);
            try {
                return Files.exists(file) ? Integer.parseInt(Files.readString(file, StandardCharsets.UTF_8).strip()) : 0;
            } catch (IOException | NumberFormatException e) {
                throw new IllegalStateException("cannot read " + file + "; restore it or delete the read model's directory", e);
            }
        }

        @Override
        public <S> Opened<S> open(String name, int generation, StateCodec<S> codec) {
            return switch (FileViewStore.open(generationDir(name, generation), codec)) {
                case FileViewStore.OpenResult.Opened<S> opened -> new Opened.Store<>(opened.store());
                case FileViewStore.OpenResult.Failed<S> failed -> new Opened.Failed<>(failed.failure());
            };
        }

        @Override
        public void makeCurrent(String name, int generation) {
            Path dir = directory.resolve(name);
            Path temporary = dir.resolve(CURRENT + ".tmp");
            try {
                Files.createDirectories(dir);
                Files.writeString(temporary, Integer.toString(generation) + "\n", StandardCharsets.UTF_8);
                try (var channel = java.nio.channels.FileChannel.open(temporary, java.nio.file.StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
                Files.move(temporary, dir.resolve(CURRENT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                try (var channel = java.nio.channels.FileChannel.open(dir, java.nio.file.StandardOpenOption.READ)) {
                    channel.force(true);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot record generation " + generation + " of " + name, e);
            }
        }

        @Override
        public void discard(String name, int generation) {
            Path dir = generationDir(name, generation);
            if (!Files.exists(dir)) {
                return;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            } catch (IOException e) {
                System.getLogger(ViewStorage.class.getName()).log(System.Logger.Level.WARNING,
                        "cannot delete " + dir + " (left behind)", e);
            }
        }

        @Override
        public void close() {
            deadLetters.close();
        }

        private Path generationDir(String name, int generation) {
            return directory.resolve(name).resolve("gen-" + generation);
        }
    }
}
