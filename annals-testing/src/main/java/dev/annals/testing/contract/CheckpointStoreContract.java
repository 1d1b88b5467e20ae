// SPDX-License-Identifier: Apache-2.0
package dev.annals.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.core.checkpoint.CheckpointStore;
import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.WriteResult;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The checkpoint store contract: named positions, replaced atomically, in either direction. */
public abstract class CheckpointStoreContract {
    protected CheckpointStore store;

    protected abstract CheckpointStore newStore();

    /** Reopens the same data; stores that keep nothing return the store as is. */
    protected CheckpointStore restart(CheckpointStore current) {
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
    void anUnknownNameIsNotFound() {
        assertThat(store.load("order-summary")).isInstanceOf(CheckpointStore.Load.NotFound.class);
    }

    @Test
    void loadsThePositionItSaved() {
        assertThat(store.save("order-summary", GlobalPosition.of(42))).isEqualTo(WriteResult.WRITTEN);

        assertThat(store.load("order-summary")).isEqualTo(new CheckpointStore.Load.Found(GlobalPosition.of(42)));
    }

    @Test
    void aSaveReplacesThePreviousPositionInEitherDirection() {
        store.save("p", GlobalPosition.of(42));
        store.save("p", GlobalPosition.of(100));
        assertThat(store.load("p")).isEqualTo(new CheckpointStore.Load.Found(GlobalPosition.of(100)));

        store.save("p", GlobalPosition.of(7));

        assertThat(store.load("p")).isEqualTo(new CheckpointStore.Load.Found(GlobalPosition.of(7)));
    }

    @Test
    void keepsNamesApart() {
        store.save("order-summary", GlobalPosition.of(1));
        store.save("order-summary:partition-1", GlobalPosition.of(2));

        assertThat(store.load("order-summary")).isEqualTo(new CheckpointStore.Load.Found(GlobalPosition.of(1)));
        assertThat(store.load("order-summary:partition-1")).isEqualTo(new CheckpointStore.Load.Found(GlobalPosition.of(2)));
    }

    @Test
    void refusesInvalidNames() {
        assertThatThrownBy(() -> store.save("../escape", GlobalPosition.of(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.save("", GlobalPosition.of(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.load("a b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keepsCheckpointsAcrossARestart() {
        Assumptions.assumeTrue(isDurable(), "only durable stores keep data across restarts");
        store.save("order-summary", GlobalPosition.of(1234));

        store = restart(store);

        assertThat(store.load("order-summary")).isEqualTo(new CheckpointStore.Load.Found(GlobalPosition.of(1234)));
    }
}
