// SPDX-License-Identifier: Apache-2.0
package dev.annals.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/** Runs the same body on N platform threads that start together; answers the wall time of the lot. */
final class Workers {
    private Workers() {
    }

    /**
     * Runs {@code body(worker)} for worker 0..threads-1 and returns the nanoseconds from the common
     * start to the end of the last one. A failure in any worker fails the run.
     */
    static long run(int threads, IntConsumer body) {
        var ready = new CountDownLatch(threads);
        var start = new CountDownLatch(1);
        var failure = new AtomicReference<Throwable>();
        List<Thread> started = new ArrayList<>(threads);
        for (int i = 0; i < threads; i++) {
            int worker = i;
            started.add(Thread.ofPlatform().name("bench-worker-" + i).start(() -> {
                ready.countDown();
                try {
                    start.await();
                    body.accept(worker);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }));
        }
        try {
            ready.await();
            long began = System.nanoTime();
            start.countDown();
            for (Thread thread : started) {
                thread.join();
            }
            long elapsed = System.nanoTime() - began;
            Throwable t = failure.get();
            if (t != null) {
                throw new IllegalStateException("a benchmark worker failed: " + t, t);
            }
            return elapsed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static double perSecond(long count, long nanos) {
        return count * 1e9 / Math.max(1, nanos);
    }
}
