// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections;

import dev.annals.core.event.RecordedEvent;
import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
 * How: both threads take chunks of CHUNK events from a shared counter; the runner folds chunk by
 * chunk as they become ready, so its folding overlaps the helper's decoding. The helper writes into
 * an array of its own and marks each chunk written with a volatile store (which orders the chunk's
 * slots before the runner's read). The runner never blocks on the helper: when it reaches a chunk
 * the helper holds unfinished, it decodes unclaimed chunks further on, then spins briefly, then
 * decodes that chunk itself, so a helper the scheduler put aside costs at most one chunk, and its
 * late writes land where nobody reads. Batches smaller than MIN_EVENTS (live traffic) are decoded
 * inline, on the runner's thread, during the fold.
 *
 * Invariants: prepare() is pure (Folder's contract), so decoding early or twice changes nothing; a
 * prepare that throws leaves its slot empty and the fold decodes that event itself, so the failure
 * surfaces where it always did (retries, parking); an Error on the helper ends its task, and the
 * runner decodes the chunks left. The helper is one daemon thread per runner, started on first use
 * and stopped with the runner; its tasks queue, and a stale one finds its counter used up.
 *
 * Polling ahead (catch-up only): after a full batch that did not reach the head, the runner hands
 * the subscription to the helper (pollAhead) before folding: the helper polls the next batch and
 * starts decoding it while the runner folds and commits the current one, so the poll, which the
 * runner used to wait for, overlaps its work. The subscription is still used by one thread at a
 * time: the runner touches it again only after taking the poll's result (the future orders the
 * helper's poll before the runner's next use), and it takes the subscription's position from the
 * result, not from the subscription. A queued poll comes before the rest of the batch the helper is
 * decoding (it stops claiming chunks and the runner decodes them): the runner is busy with that batch
 * anyway, while a late poll would leave it waiting at the next one. A result the runner
 * never takes (it stopped, was fenced or failed and resubscribes) is dropped: the events were only
 * read, and the next subscription starts from the committed checkpoint.
 */
final class DecodeAhead implements AutoCloseable {
    static final int MIN_EVENTS = 128;
    private static final int CHUNK = 32;
    private static final int WRITTEN = 1;
    /** How long the runner waits for a chunk the helper is decoding (one chunk takes ~50 µs). */
    private static final long SPIN_NANOS = 100_000;

    private final Folder<?> folder;
    private final String name;
    private @Nullable ExecutorService helper;
    /** A poll ahead is queued: the helper leaves the batch it is decoding to the runner and polls. */
    private volatile boolean pollWaiting;

    DecodeAhead(Folder<?> folder, String name) {
        this.folder = folder;
        this.name = name;
    }

    /**
     * What a batch's events were prepared into. {@link Prepared#get} is cheapest with rising indexes
     * (the fold's order); an index may be asked again (a chunk once served stays ready).
     */
    interface Prepared {
        /** The prepared value of event {@code index} (null: the fold decodes it itself). */
        @Nullable Object get(int index);
    }

    private static final Prepared NOTHING = index -> null;

    /** A poll the helper made ahead: its result, the subscription's position after it, and its decoding. */
    record Ahead(Subscription.Poll poll, GlobalPosition position, Prepared prepared) {}

    /**
     * Polls {@code subscription} on the helper thread, then starts decoding what it returned; the
     * future completes as soon as the poll has (the runner joins the decoding). Until then the
     * caller must not use the subscription.
     */
    CompletableFuture<Ahead> pollAhead(Subscription subscription, int maxCount, Duration timeout,
                                       Predicate<RecordedEvent> wanted) {
        var result = new CompletableFuture<Ahead>();
        pollWaiting = true;
        helper().execute(() -> {
            pollWaiting = false;
            InOrder batch = null;
            try {
                Subscription.Poll poll = subscription.poll(maxCount, timeout);
                if (poll instanceof Subscription.Poll.Events events && events.events().size() >= MIN_EVENTS) {
                    batch = new InOrder(events.events(), wanted);
                }
                result.complete(new Ahead(poll, subscription.position(), batch == null ? NOTHING : batch));
            } catch (Throwable e) {
                result.completeExceptionally(e);
                return;
            }
            if (batch != null) {
                batch.helperWork();
            }
        });
        return result;
    }

    /**
     * Starts preparing the events {@code wanted} accepts: the helper begins at once, the runner's
     * thread works as it asks for values (from the runner's thread only).
     */
    Prepared prepare(List<RecordedEvent> events, Predicate<RecordedEvent> wanted) {
        if (events.size() < MIN_EVENTS) {
            return NOTHING;
        }
        var batch = new InOrder(events, wanted);
        helper().execute(batch::helperWork);
        return batch;
    }

    /*
     * One batch. Chunks are claimed from `next` by both threads. The runner asks for its chunks in
     * order: a chunk it decoded itself (mineReady) or the helper has written (written, volatile) is
     * served at once; a chunk nobody has claimed yet the runner claims and decodes; a chunk the
     * helper holds unfinished: the runner first decodes chunks further on that nobody has claimed
     * (useful work), then spins for up to SPIN_NANOS, then decodes it itself. Each slot array has one
     * writer: helperOut the helper, mine the runner.
     */
    private final class InOrder implements Prepared {
        private final List<RecordedEvent> events;
        private final Predicate<RecordedEvent> wanted;
        private final int count;
        private final int chunks;
        private final AtomicInteger next = new AtomicInteger();
        private final @Nullable Object[] helperOut;
        private final AtomicIntegerArray written;
        private final @Nullable Object[] mine;
        private final boolean[] mineReady;
        private int current = -1;
        private @Nullable Object[] currentSlots;

        InOrder(List<RecordedEvent> events, Predicate<RecordedEvent> wanted) {
            this.events = events;
            this.wanted = wanted;
            this.count = events.size();
            this.chunks = (count + CHUNK - 1) / CHUNK;
            this.helperOut = new Object[count];
            this.written = new AtomicIntegerArray(chunks);
            this.mine = new Object[count];
            this.mineReady = new boolean[chunks];
        }

        void helperWork() {
            // a poll ahead waiting behind this batch comes first: the runner decodes what is left
            for (int chunk; !pollWaiting && (chunk = next.getAndIncrement()) < chunks; ) {
                fill(events, wanted, helperOut, chunk, count);
                written.set(chunk, WRITTEN);  // volatile: orders the chunk's slots before the runner's read
            }
        }

        @Override
        public @Nullable Object get(int index) {
            int chunk = index / CHUNK;
            if (chunk != current) {
                currentSlots = slotsOf(chunk);
                current = chunk;
            }
            return currentSlots[index];
        }

        private @Nullable Object[] slotsOf(int chunk) {
            while (true) {
                if (mineReady[chunk]) {
                    return mine;
                }
                if (written.get(chunk) == WRITTEN) {
                    return helperOut;
                }
                int claimed = next.getAndIncrement();
                if (claimed < chunks) {
                    decodeMine(claimed);  // this chunk, an earlier one nobody asked for, or one further on
                    continue;
                }
                // every chunk is claimed and the helper holds this one unfinished
                long deadline = System.nanoTime() + SPIN_NANOS;
                while (written.get(chunk) != WRITTEN && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                if (written.get(chunk) == WRITTEN) {
                    return helperOut;
                }
                decodeMine(chunk);  // the helper was put aside: its late writes go unread
                return mine;
            }
        }

        private void decodeMine(int chunk) {
            fill(events, wanted, mine, chunk, count);
            mineReady[chunk] = true;
        }
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
