// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.embedded.reliability;

import dev.annals.store.embedded.DamagePolicy;
import dev.annals.store.embedded.Durability;
import dev.annals.store.embedded.EmbeddedEventStore;
import dev.annals.store.embedded.EmbeddedStoreConfig;
import dev.annals.store.embedded.OpenResult;
import dev.annals.store.embedded.StorageIo;
import dev.annals.store.embedded.VerifySealedSegments;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the tests know about the store's files without knowing its format: segment files are the
 * files named by a number (decimal or hex) whose extension group holds the most bytes; the last
 * segment is the one with the highest number.
 */
final class StoreFiles {
    private static final Pattern NUMBERED = Pattern.compile("^([0-9a-fA-F]+)(\\..+)?$");

    private StoreFiles() {
    }

    /** The default index checkpoint interval of these tests: small, so that checkpoints are written and used. */
    static final long CHECKPOINT_EVERY = 64;

    static EmbeddedStoreConfig config(Path directory, long segmentBytes, DamagePolicy onDamage, StorageIo io) {
        return config(directory, segmentBytes, onDamage, io, CHECKPOINT_EVERY);
    }

    static EmbeddedStoreConfig config(Path directory, long segmentBytes, DamagePolicy onDamage, StorageIo io,
                                      long indexCheckpointEvery) {
        return EmbeddedStoreConfig.builder(directory)
                .segmentBytes(segmentBytes)
                .durability(Durability.FSYNC)
                .onDamage(onDamage)
                .indexCheckpointEvery(indexCheckpointEvery)
                .io(io)
                .build();
    }

    static OpenResult open(Path directory, long segmentBytes, DamagePolicy onDamage) {
        return EmbeddedEventStore.open(config(directory, segmentBytes, onDamage, StorageIo.system()));
    }

    static OpenResult open(Path directory, long segmentBytes, DamagePolicy onDamage, VerifySealedSegments verify) {
        return EmbeddedEventStore.open(EmbeddedStoreConfig.builder(directory)
                .segmentBytes(segmentBytes)
                .durability(Durability.FSYNC)
                .onDamage(onDamage)
                .indexCheckpointEvery(CHECKPOINT_EVERY)
                .verifySealedSegments(verify)
                .build());
    }

    /** The segment files of a store, oldest first. */
    static List<Path> segments(Path directory) {
        for (int attempt = 0; ; attempt++) {
            try {
                return segmentsOnce(directory);
            } catch (IOException | UncheckedIOException e) {
                // an open store replaces its index checkpoint files while we list: list again
                if (attempt >= 20) {
                    throw e instanceof IOException io ? new UncheckedIOException(io) : (UncheckedIOException) e;
                }
            }
        }
    }

    private static List<Path> segmentsOnce(Path directory) throws IOException {
        Map<String, List<Path>> byExtension = new HashMap<>();
        Map<String, Long> bytes = new HashMap<>();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                var matcher = NUMBERED.matcher(file.getFileName().toString());
                if (matcher.matches()) {
                    String extension = (file.getParent() + "|") + (matcher.group(2) == null ? "" : matcher.group(2));
                    byExtension.computeIfAbsent(extension, e -> new ArrayList<>()).add(file);
                    bytes.merge(extension, Files.size(file), Long::sum);
                }
            }
        }
        return bytes.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .map(best -> byExtension.get(best.getKey()).stream().sorted(SEGMENT_ORDER).toList())
                .orElse(List.of());
    }

    static final Comparator<Path> SEGMENT_ORDER = Comparator
            .comparing((Path p) -> number(p).replaceFirst("^0+(?=.)", "").length())
            .thenComparing(p -> number(p).replaceFirst("^0+(?=.)", "").toLowerCase());

    private static String number(Path file) {
        var matcher = NUMBERED.matcher(file.getFileName().toString());
        return matcher.matches() ? matcher.group(1) : "";
    }

    static Path lastSegment(Path directory) {
        List<Path> segments = segments(directory);
        if (segments.isEmpty()) {
            throw new IllegalStateException("no segment files in " + directory);
        }
        return segments.getLast();
    }

    /** The file's size without trailing zero bytes (a preallocated segment's written part). */
    static long dataEnd(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long end = channel.size();
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            while (end > 0) {
                long start = Math.max(0, end - buffer.capacity());
                buffer.clear().limit((int) (end - start));
                channel.read(buffer, start);
                for (int i = (int) (end - start) - 1; i >= 0; i--) {
                    if (buffer.get(i) != 0) {
                        return start + i + 1;
                    }
                }
                end = start;
            }
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void copyTree(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else if (Files.isRegularFile(source)) {
                    try {
                        Files.copy(source, target);
                    } catch (java.nio.file.NoSuchFileException e) {
                        // an index checkpoint file replaced or merged away by the open store meanwhile:
                        // checkpoints are caches, any mix of them is a state a crash could leave
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void truncate(Path file, long size) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void appendBytes(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void flipBit(Path file, long offset, int bit) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, offset);
            one.flip();
            byte flipped = (byte) (one.get(0) ^ (1 << bit));
            channel.write(ByteBuffer.wrap(new byte[] {flipped}), offset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
