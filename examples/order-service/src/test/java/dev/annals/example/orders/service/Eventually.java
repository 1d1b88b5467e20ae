// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.service;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/** Waits for something asynchronous (the fulfilment process, a rebuild) with a deadline, polling briefly. */
final class Eventually {
    private Eventually() {
    }

    static <T> T await(String what, Supplier<T> probe, java.util.function.Predicate<T> isDone) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        T last = probe.get();
        while (!isDone.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; last seen: " + last);
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            last = probe.get();
        }
        return last;
    }
}
