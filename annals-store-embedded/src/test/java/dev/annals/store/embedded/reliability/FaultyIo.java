// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.embedded.reliability;

import dev.annals.store.embedded.StorageIo;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/*
 * Fault injection below the store
 * -------------------------------
 * Wraps StorageIo.system(). Every operation the store does on files is counted per kind (Op); one
 * Fault may be armed at the N-th call (1-based) of one kind:
 *   FAIL_ONCE   that call throws IOException, later calls work (a transient EIO, "fsync fails once");
 *   FAIL_FROM   that call and every later call of the kind throw (a dead disk);
 *   HALT_BEFORE the process halts before the call runs; for a WRITE a random prefix of the buffer
 *               is written first, so the file ends in a torn record (crash during write);
 *   HALT_AFTER  the process halts right after the call returned (e.g. after force, before the ack).
 * HALT_* call Runtime.halt: only for child JVMs.
 *
 * Short writes: when enabled, every write writes a random 1..n of the n bytes asked, which
 * FileChannel allows; a correct store loops.
 *
 * Not covered: writes through a MappedByteBuffer obtained from map() bypass the counters.
 * Thread-safe: counters are atomic, the random source is guarded.
 */
final class FaultyIo implements StorageIo {
    enum Op { OPEN, CREATE, WRITE, FORCE, SYNC_DIRECTORY, MOVE, DELETE }

    enum Action { FAIL_ONCE, FAIL_FROM, HALT_BEFORE, HALT_AFTER }

    record Fault(Op op, long n, Action action) {
        static Fault parse(String text) {
            String[] parts = text.split(":");
            return new Fault(Op.valueOf(parts[0]), Long.parseLong(parts[2]), Action.valueOf(parts[1]));
        }

        String format() {
            return op + ":" + action + ":" + n;
        }
    }

    static final int HALT_STATUS = 77;

    private final StorageIo delegate;
    private final @Nullable Fault fault;
    private final boolean shortWrites;
    private final SplittableRandom random;
    private final Map<Op, AtomicLong> counts = new EnumMap<>(Op.class);
    private volatile boolean fired;

    FaultyIo(StorageIo delegate, @Nullable Fault fault, boolean shortWrites, long seed) {
        this.delegate = delegate;
        this.fault = fault;
        this.shortWrites = shortWrites;
        this.random = new SplittableRandom(seed);
        for (Op op : Op.values()) {
            counts.put(op, new AtomicLong());
        }
    }

    static FaultyIo counting() {
        return new FaultyIo(StorageIo.system(), null, false, 0);
    }

    long count(Op op) {
        return counts.get(op).get();
    }

    /** Whether the armed fault has been injected at least once. */
    boolean hasFired() {
        return fired;
    }

    @Override
    public FileChannel open(Path file, Set<? extends OpenOption> options) throws IOException {
        boolean creates = (options.contains(StandardOpenOption.CREATE) || options.contains(StandardOpenOption.CREATE_NEW))
                && !Files.exists(file);
        boolean haltAfter = before(Op.OPEN);
        if (creates) {
            haltAfter |= before(Op.CREATE);
        }
        FileChannel channel = delegate.open(file, options);
        after(haltAfter);
        return new FaultyChannel(channel, this);
    }

    @Override
    public void syncDirectory(Path directory) throws IOException {
        boolean haltAfter = before(Op.SYNC_DIRECTORY);
        delegate.syncDirectory(directory);
        after(haltAfter);
    }

    @Override
    public void move(Path from, Path to) throws IOException {
        boolean haltAfter = before(Op.MOVE);
        delegate.move(from, to);
        after(haltAfter);
    }

    @Override
    public void delete(Path file) throws IOException {
        boolean haltAfter = before(Op.DELETE);
        delegate.delete(file);
        after(haltAfter);
    }

    /** Counts one call; throws or halts when the fault says so; returns whether to halt after the call. */
    boolean before(Op op) throws IOException {
        long n = counts.get(op).incrementAndGet();
        Fault armed = fault;
        if (armed == null || armed.op() != op) {
            return false;
        }
        return switch (armed.action()) {
            case FAIL_ONCE -> {
                if (n == armed.n()) {
                    fired = true;
                    throw new IOException("injected " + op + " failure at call " + n);
                }
                yield false;
            }
            case FAIL_FROM -> {
                if (n >= armed.n()) {
                    fired = true;
                    throw new IOException("injected persistent " + op + " failure at call " + n);
                }
                yield false;
            }
            case HALT_BEFORE -> {
                if (n == armed.n()) {
                    Runtime.getRuntime().halt(HALT_STATUS);
                }
                yield false;
            }
            case HALT_AFTER -> n == armed.n();
        };
    }

    /** For a write: whether this call is the one to tear and halt at. */
    boolean isTornWriteHalt() {
        Fault armed = fault;
        return armed != null && armed.op() == Op.WRITE && armed.action() == Action.HALT_BEFORE
                && counts.get(Op.WRITE).get() + 1 == armed.n();
    }

    static void after(boolean halt) {
        if (halt) {
            Runtime.getRuntime().halt(HALT_STATUS);
        }
    }

    boolean isShortWrites() {
        return shortWrites;
    }

    /** A number in 1..bound (bound >= 1). */
    int nextLength(int bound) {
        synchronized (random) {
            return 1 + random.nextInt(bound);
        }
    }
}
