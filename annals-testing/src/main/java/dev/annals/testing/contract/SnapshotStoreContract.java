// SPDX-License-Identifier: Apache-2.0
package dev.annals.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.core.snapshot.Snapshot;
import dev.annals.core.snapshot.SnapshotStore;
import dev.annals.core.store.StreamId;
import dev.annals.core.store.StreamVersion;
import dev.annals.core.store.WriteResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The snapshot store contract: latest snapshot per stream, never backwards, atomic replacement. */
public abstract class SnapshotStoreContract {
    private static final Instant AT = Instant.parse("2026-01-02T03:04:05.123456Z");
    protected SnapshotStore store;

    protected abstract SnapshotStore newStore();

    /** Reopens the same data; stores that keep nothing return the store as is. */
    protected SnapshotStore restart(SnapshotStore current) {
        return current;
    }

    protected boolean isDurable() {
        return false;
    }

    @BeforeEach
    void openStore() {
        store = newStore();
    }

    @Test
    void aStreamWithoutSnapshotIsNotFound() {
        assertThat(store.load(StreamId.of("Order-1"))).isInstanceOf(SnapshotStore.Load.NotFound.class);
    }

    @Test
    void loadsTheSnapshotItSaved() {
        Snapshot snapshot = snapshot("Order-2", 10, "state-10");

        assertThat(store.save(snapshot)).isEqualTo(WriteResult.WRITTEN);

        assertThat(store.load(StreamId.of("Order-2"))).isEqualTo(new SnapshotStore.Load.Found(snapshot));
    }

    @Test
    void aNewerSnapshotReplacesAnOlderOne() {
        store.save(snapshot("Order-3", 10, "state-10"));
        Snapshot newer = snapshot("Order-3", 20, "state-20");

        store.save(newer);

        assertThat(store.load(StreamId.of("Order-3"))).isEqualTo(new SnapshotStore.Load.Found(newer));
    }

    @Test
    void anOlderSnapshotNeverReplacesANewerOne() {
        Snapshot newer = snapshot("Order-4", 20, "state-20");
        store.save(newer);

        assertThat(store.save(snapshot("Order-4", 10, "state-10"))).isEqualTo(WriteResult.WRITTEN);

        assertThat(store.load(StreamId.of("Order-4"))).isEqualTo(new SnapshotStore.Load.Found(newer));
    }

    @Test
    void keepsStreamsApartAndForgetsADeletedOne() {
        store.save(snapshot("Order-5", 1, "five"));
        store.save(snapshot("Order-6", 2, "six"));

        assertThat(store.delete(StreamId.of("Order-5"))).isEqualTo(WriteResult.WRITTEN);

        assertThat(store.load(StreamId.of("Order-5"))).isInstanceOf(SnapshotStore.Load.NotFound.class);
        assertThat(store.load(StreamId.of("Order-6"))).isEqualTo(new SnapshotStore.Load.Found(snapshot("Order-6", 2, "six")));
        assertThat(store.delete(StreamId.of("Order-404"))).isEqualTo(WriteResult.WRITTEN);
    }

    @Test
    void keepsBinaryStateExactly() {
        byte[] state = new byte[100_000];
        for (int i = 0; i < state.length; i++) {
            state[i] = (byte) (i * 31);
        }
        var snapshot = new Snapshot(StreamId.of("Order-7"), StreamVersion.of(9_999), 3, state, AT);

        store.save(snapshot);

        assertThat(store.load(StreamId.of("Order-7"))).isEqualTo(new SnapshotStore.Load.Found(snapshot));
    }

    @Test
    void concurrentSavesLeaveTheNewestVersion() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int v = thread; v < 200; v += 8) {
                        store.save(snapshot("Order-8", v, "state-" + v));
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.load(StreamId.of("Order-8"))).isEqualTo(new SnapshotStore.Load.Found(snapshot("Order-8", 199, "state-199")));
    }

    @Test
    void keepsSnapshotsAcrossARestart() {
        Assumptions.assumeTrue(isDurable(), "only durable stores keep data across restarts");
        Snapshot snapshot = snapshot("Order-9", 5, "state-5");
        store.save(snapshot);

        store = restart(store);

        assertThat(store.load(StreamId.of("Order-9"))).isEqualTo(new SnapshotStore.Load.Found(snapshot));
    }

    protected static Snapshot snapshot(String stream, long version, String state) {
        return new Snapshot(StreamId.of(stream), StreamVersion.of(version), 1,
                state.getBytes(StandardCharsets.UTF_8), AT.truncatedTo(ChronoUnit.MICROS));
    }
}
