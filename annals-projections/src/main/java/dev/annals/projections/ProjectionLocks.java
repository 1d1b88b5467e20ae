// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections;

import dev.annals.core.store.StorageFailure;

/**
 * At most one active runner per lock name (a projection or one of its partitions). Every
 * acquisition hands out a fencing token higher than any before it for that name; the runner passes
 * it with each view-store commit, so a runner that lost its lock while paused is refused by the
 * store instead of overwriting newer work. The lock is advisory, the token is the guarantee.
 */
public interface ProjectionLocks {
    /**
     * Takes the lock if it is free. The token handed out is greater than every token this lock
     * issued for {@code name} and greater than {@code minimumToken} (the highest token the view store
     * has accepted), so a lock that forgot its history, such as an in-memory one after a restart,
     * still issues a token the store accepts and tokens stay ordered by acquisition.
     */
    Acquisition acquire(String name, String owner, long minimumToken);

    /** Whether {@code token} still holds the lock, extending its lease if it has one; a runner asks before each batch. */
    boolean renew(String name, long token);

    void release(String name, long token);

    sealed interface Acquisition {
        record Acquired(long fencingToken) implements Acquisition {}

        record HeldByOther(String owner) implements Acquisition {}

        record Failed(StorageFailure failure) implements Acquisition {}
    }
}
