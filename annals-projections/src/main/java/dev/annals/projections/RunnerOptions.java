// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections;

import java.time.Duration;

/**
 * How a runner paces itself. {@code batchSize}: events per poll and per commit during catch-up.
 * {@code pollTimeout}: how long a live poll waits for new events (also the longest delay before a
 * dead-letter request or a due deadline is handled). {@code maxAttempts}, {@code firstBackoff},
 * {@code maxBackoff}: how often and how patiently a failing event is retried before it is parked,
 * and the back-off of storage retries. {@code standbyInterval}: how often a standby runner asks for
 * the lock. {@code liveCommitDelay}: while live, after a commit of a partial batch the runner waits
 * this long before polling again, so events arriving meanwhile share one commit (one fsync of a
 * durable view store) instead of one each; it adds at most that much to the view's lag (default 0).
 * {@code parallelDecoding}: a large batch (catch-up) is decoded by the runner's thread and one
 * helper thread together before it is folded in order, and during catch-up the helper polls and
 * starts decoding the next batch while the runner folds the current one (default on; see DecodeAhead).
 */
public record RunnerOptions(int batchSize, Duration pollTimeout, int maxAttempts, Duration firstBackoff,
                            Duration maxBackoff, Duration standbyInterval, Duration liveCommitDelay,
                            boolean parallelDecoding) {
    public static final RunnerOptions DEFAULTS = new RunnerOptions(1000, Duration.ofMillis(100), 5,
            Duration.ofMillis(10), Duration.ofSeconds(2), Duration.ofMillis(500), Duration.ZERO, true);

    public RunnerOptions {
        if (batchSize < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("batchSize and maxAttempts must be >= 1");
        }
        if (firstBackoff.isNegative() || maxBackoff.compareTo(firstBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= firstBackoff <= maxBackoff");
        }
        if (liveCommitDelay.isNegative()) {
            throw new IllegalArgumentException("liveCommitDelay must be >= 0");
        }
    }

    public RunnerOptions withBatchSize(int value) {
        return new RunnerOptions(value, pollTimeout, maxAttempts, firstBackoff, maxBackoff, standbyInterval, liveCommitDelay, parallelDecoding);
    }

    public RunnerOptions withPollTimeout(Duration value) {
        return new RunnerOptions(batchSize, value, maxAttempts, firstBackoff, maxBackoff, standbyInterval, liveCommitDelay, parallelDecoding);
    }

    public RunnerOptions withRetries(int attempts, Duration first, Duration max) {
        return new RunnerOptions(batchSize, pollTimeout, attempts, first, max, standbyInterval, liveCommitDelay, parallelDecoding);
    }

    public RunnerOptions withStandbyInterval(Duration value) {
        return new RunnerOptions(batchSize, pollTimeout, maxAttempts, firstBackoff, maxBackoff, value, liveCommitDelay, parallelDecoding);
    }

    public RunnerOptions withLiveCommitDelay(Duration value) {
        return new RunnerOptions(batchSize, pollTimeout, maxAttempts, firstBackoff, maxBackoff, standbyInterval, value, parallelDecoding);
    }

    public RunnerOptions withParallelDecoding(boolean value) {
        return new RunnerOptions(batchSize, pollTimeout, maxAttempts, firstBackoff, maxBackoff, standbyInterval,
                liveCommitDelay, value);
    }
}
