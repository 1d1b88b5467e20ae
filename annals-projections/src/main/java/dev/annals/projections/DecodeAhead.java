// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections;

import dev.annals.core.event.RecordedEvent;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/*
 * Decoding a batch on two threads
 * -------------------------------
 * Why: in a catch-up the runner's time goes mostly to decoding payloads (Jackson: about half of an
 * order-summary replay), and folding must stay on the runner's thread, in order. Decoding does not
 * depend on order: a batch's events are decoded by the runner's thread and one helper thread at the
 * same time, then folded one by one as before.
 *
 * How: both threads take chunks of CHUNK events from a shared counter. The helper writes into an
 * array of its own and marks each chunk written with a volatile store; the runner writes into the
 * result. When the counter runs out the runner never waits: it copies the helper's written chunks
 * (the volatile read orders their slots before the copy) and decodes again any chunk the helper
 * claimed but has not finished, so a helper the scheduler put aside costs at most that chunk, and
 * its late writes land in an array nobody reads any more. Batches smaller than MIN_EVENTS (live
 * traffic) are decoded inline, on the runner's thread, during the fold.
 *
 * Invariants: prepare() is pure (Folder's contract), so decoding early or twice changes nothing; a
 * prepare that throws leaves its slot empty and the fold decodes that event itself, so the failure
 * surfaces where it always did (retries, parking); an Error on the helper ends its task, and the
 * runner decodes the chunks left. The helper is one daemon thread per runner, started on first use
 * and stopped with the runner; its tasks queue, and a stale one finds its counter used up.
 */
final class DecodeAhead implements AutoCloseable {
    static final int MIN_EVENTS = 128;
    private static final int CHUNK = 32;
    private static final int WRITTEN = 1;

    private final Folder<?> folder;
    private final String name;
    private @Nullable ExecutorService helper;

    DecodeAhead(Folder<?> folder, String name) {
        this.folder = folder;
        this.name = name;
    }

    /** Each event's prepared value (null: the fold decodes it itself), for the events {@code wanted} accepts. */
    @Nullable Object[] prepare(List<RecordedEvent> events, Predicate<RecordedEvent> wanted) {
        int count = events.size();
        @Nullable Object[] prepared = new Object[count];
        if (count < MIN_EVENTS) {
            return prepared;
        }
        int chunks = (count + CHUNK - 1) / CHUNK;
        AtomicInteger next = new AtomicInteger();
        @Nullable Object[] helperOut = new Object[count];
        AtomicIntegerArray written = new AtomicIntegerArray(chunks);
        helper().execute(() -> {
            for (int chunk; (chunk = next.getAndIncrement()) < chunks; ) {
                fill(events, wanted, helperOut, chunk, count);
                written.set(chunk, WRITTEN);  // volatile: orders the chunk's slots before the runner's read
            }
        });
        boolean[] mine = new boolean[chunks];
        for (int chunk; (chunk = next.getAndIncrement()) < chunks; ) {
            mine[chunk] = true;
            fill(events, wanted, prepared, chunk, count);
        }
        // the helper's chunks: take the written ones, decode the rest here rather than wait for a
        // thread the scheduler may have put aside (prepare is pure; its late writes go unread)
        for (int chunk = 0; chunk < chunks; chunk++) {
            if (mine[chunk]) {
                continue;
            }
            if (written.get(chunk) == WRITTEN) {
                int from = chunk * CHUNK;
                System.arraycopy(helperOut, from, prepared, from, Math.min(count, from + CHUNK) - from);
            } else {
                fill(events, wanted, prepared, chunk, count);
            }
        }
        return prepared;
    }

    private void fill(List<RecordedEvent> events, Predicate<RecordedEvent> wanted, @Nullable Object[] out,
                      int chunk, int count) {
        for (int i = chunk * CHUNK, end = Math.min(count, i + CHUNK); i < end; i++) {
            RecordedEvent event = events.get(i);
            out[i] = wanted.test(event) ? prepareOne(event) : null;
        }
    }

    private @Nullable Object prepareOne(RecordedEvent event) {
        try {
            return folder.prepare(event);
        } catch (RuntimeException e) {
            return null;  // the fold decodes it again and meets the failure where it is handled
        }
    }

    private ExecutorService helper() {
        ExecutorService h = helper;
        if (h == null) {
            h = Executors.newSingleThreadExecutor(task -> {
                Thread thread = new Thread(task, "annals-decode-" + name);
                thread.setDaemon(true);
                return thread;
            });
            helper = h;
        }
        return h;
    }

    @Override
    public void close() {
        ExecutorService h = helper;
        helper = null;
        if (h != null) {
            h.shutdownNow();
        }
    }
}
