// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.embedded;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/** Where and how the embedded store keeps its files. Immutable; made with {@link #builder(Path)}. */
public final class EmbeddedStoreConfig {
    /** Smallest allowed segment: room for the header, the footer and a few small records. */
    public static final long MIN_SEGMENT_BYTES = 4096;
    /** Largest allowed segment: in-segment offsets are ints. */
    public static final long MAX_SEGMENT_BYTES = 1L << 30;

    private final Path directory;
    private final long segmentBytes;
    private final Durability durability;
    private final DamagePolicy onDamage;
    private final long indexCheckpointEvery;
    private final VerifySealedSegments verifySealedSegments;
    private final Clock clock;
    private final StorageIo io;

    private EmbeddedStoreConfig(Builder builder) {
        this.directory = builder.directory;
        this.segmentBytes = builder.segmentBytes;
        this.durability = builder.durability;
        this.onDamage = builder.onDamage;
        this.indexCheckpointEvery = builder.indexCheckpointEvery;
        this.verifySealedSegments = builder.verifySealedSegments;
        this.clock = builder.clock;
        this.io = builder.io;
    }

    public static Builder builder(Path directory) {
        return new Builder(directory);
    }

    /** The defaults (see {@link Builder}) for a store in {@code directory}. */
    public static EmbeddedStoreConfig defaults(Path directory) {
        return builder(directory).build();
    }

    public Path directory() {
        return directory;
    }

    public long segmentBytes() {
        return segmentBytes;
    }

    public Durability durability() {
        return durability;
    }

    public DamagePolicy onDamage() {
        return onDamage;
    }

    public long indexCheckpointEvery() {
        return indexCheckpointEvery;
    }

    public VerifySealedSegments verifySealedSegments() {
        return verifySealedSegments;
    }

    public Clock clock() {
        return clock;
    }

    public StorageIo io() {
        return io;
    }

    @Override
    public String toString() {
        return "EmbeddedStoreConfig[" + directory + ", segmentBytes=" + segmentBytes + ", " + durability
                + ", onDamage=" + onDamage + ", indexCheckpointEvery=" + indexCheckpointEvery + ", verifySealedSegments="
                + verifySealedSegments + "]";
    }

    /**
     * Defaults: 64 MiB segments, {@link Durability#FSYNC}, {@link DamagePolicy#REFUSE}, index checkpoint every
     * 100,000 events, sealed segments verified in the {@link VerifySealedSegments#BACKGROUND background}.
     */
    public static final class Builder {
        private final Path directory;
        private long segmentBytes = 64L << 20;
        private Durability durability = Durability.FSYNC;
        private DamagePolicy onDamage = DamagePolicy.REFUSE;
        private long indexCheckpointEvery = 100_000;
        private VerifySealedSegments verifySealedSegments = VerifySealedSegments.BACKGROUND;
        private Clock clock = Clock.systemUTC();
        private StorageIo io = StorageIo.system();

        private Builder(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
        }

        public Builder segmentBytes(long bytes) {
            if (bytes < MIN_SEGMENT_BYTES || bytes > MAX_SEGMENT_BYTES) {
                throw new IllegalArgumentException("segment size must be " + MIN_SEGMENT_BYTES + ".." + MAX_SEGMENT_BYTES
                        + " bytes: " + bytes);
            }
            this.segmentBytes = bytes;
            return this;
        }

        public Builder durability(Durability durability) {
            this.durability = Objects.requireNonNull(durability, "durability");
            return this;
        }

        public Builder onDamage(DamagePolicy policy) {
            this.onDamage = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Writes an index checkpoint after this many new events (and on a clean close). */
        public Builder indexCheckpointEvery(long events) {
            if (events < 1) {
                throw new IllegalArgumentException("index checkpoint interval must be >= 1: " + events);
            }
            this.indexCheckpointEvery = events;
            return this;
        }

        /** When the data of sealed segments is checked against their footers: before open returns, or after. */
        public Builder verifySealedSegments(VerifySealedSegments when) {
            this.verifySealedSegments = Objects.requireNonNull(when, "when");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder io(StorageIo io) {
            this.io = Objects.requireNonNull(io, "io");
            return this;
        }

        public EmbeddedStoreConfig build() {
            return new EmbeddedStoreConfig(this);
        }
    }
}
