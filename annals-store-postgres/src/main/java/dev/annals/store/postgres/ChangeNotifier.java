// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Design
 * ------
 * Wakes readers that wait for new events. Three sources bump one generation counter:
 *   1. appends made through this process signal it directly after their commit;
 *   2. a listener thread holds its own connection (outside the pool) in LISTEN on the schema's
 *      channel and signals on every notification, so appends by other processes wake us too;
 *   3. waiters re-check the log every poll interval anyway (the safety net: a lost notification,
 *      a dropped listener connection, or the visibility horizon moving because some unrelated
 *      transaction ended cannot leave a reader stuck).
 *
 * NOTIFY is never sent inside an append's transaction: PostgreSQL serialises the commits of
 * notifying transactions on one lock, which would defeat group commit. A sender thread instead
 * issues one coalesced pg_notify after commits, at most one per notify interval.
 *
 * Concurrency: signal() is called by any appender thread; awaitChange() by any reader. The
 * listener and the sender are one virtual thread each; close() stops both and closes the listener
 * connection (which ends a blocked getNotifications call).
 */
final class ChangeNotifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeNotifier.class);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long generation;

    private final String channel;
    private final String url;
    private final Properties connectionProperties;
    private final DataSource pool;
    private final Duration notifyInterval;
    private final Semaphore notifyRequested = new Semaphore(0);
    private volatile boolean closed;
    private volatile @Nullable Connection listenConnection;
    private final Thread listener;
    private final Thread sender;

    ChangeNotifier(String channel, String url, Properties connectionProperties, DataSource pool, Duration notifyInterval) {
        this.channel = channel;
        this.url = url;
        this.connectionProperties = connectionProperties;
        this.pool = pool;
        this.notifyInterval = notifyInterval;
        this.listener = Thread.ofVirtual().name("annals-pg-listen-" + channel).unstarted(this::listen);
        this.sender = Thread.ofVirtual().name("annals-pg-notify-" + channel).unstarted(this::sendNotifications);
    }

    void start() {
        listener.start();
        sender.start();
    }

    long generation() {
        lock.lock();
        try {
            return generation;
        } finally {
            lock.unlock();
        }
    }

    /** Events were committed by this process: wake local waiters now, other processes soon. */
    void appended() {
        signal();
        if (notifyRequested.availablePermits() == 0) {
            notifyRequested.release();
        }
    }

    private void signal() {
        lock.lock();
        try {
            generation++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the generation differs from {@code seen} or {@code nanos} pass; returns at once when closed. */
    void awaitChange(long seen, long nanos) {
        lock.lock();
        try {
            long remaining = nanos;
            while (generation == seen && remaining > 0 && !closed) {
                remaining = changed.awaitNanos(remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    private void listen() {
        long backoffMillis = 50;
        while (!closed) {
            try (Connection connection = new org.postgresql.Driver().connect(url, connectionProperties)) {
                if (connection == null) {
                    throw new SQLException("driver refused the URL", "08001");
                }
                listenConnection = connection;
                try (Statement statement = connection.createStatement()) {
                    statement.execute("listen " + channel);
                }
                backoffMillis = 50;
                signal();  // events may have been appended while we were not listening
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (!closed) {
                    var notifications = pg.getNotifications(1000);
                    if (notifications != null && notifications.length > 0) {
                        signal();
                    }
                }
            } catch (SQLException e) {
                if (closed) {
                    return;
                }
                LOG.warn("LISTEN connection on {} lost ({}); polling until it is back", channel, e.getMessage());
                sleepQuietly(backoffMillis);
                backoffMillis = Math.min(5_000, backoffMillis * 2);
            } finally {
                listenConnection = null;
            }
        }
    }

    private void sendNotifications() {
        while (!closed) {
            try {
                notifyRequested.acquire();
                notifyRequested.drainPermits();
                if (closed) {
                    return;
                }
                try (Connection connection = pool.getConnection();
                     var statement = connection.prepareStatement("select pg_notify(?, '')")) {
                    statement.setString(1, channel);
                    statement.execute();
                } catch (SQLException e) {
                    if (!closed) {
                        LOG.debug("NOTIFY on {} failed: {}", channel, e.getMessage());
                    }
                }
                if (!notifyInterval.isZero()) {
                    Thread.sleep(notifyInterval);  // rate limit: later appends coalesce into the next NOTIFY
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        signal();
        sender.interrupt();
        Connection connection = listenConnection;
        if (connection != null) {
            try {
                connection.abort(Runnable::run);  // ends a blocked getNotifications without waiting for it
            } catch (SQLException e) {
                LOG.debug("closing LISTEN connection: {}", e.getMessage());
            }
        }
        listener.interrupt();
        try {
            sender.join(2_000);
            listener.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
