// SPDX-License-Identifier: Apache-2.0
package dev.annals.core.decider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.core.store.StreamId;
import dev.annals.core.store.StreamVersion;
import org.junit.jupiter.api.Test;

class StateCacheTest {
    @Test
    void roundsTheSlotCountUpToAPowerOfTwo() {
        assertThat(new StateCache<String>(1000).capacity()).isEqualTo(1024);
        assertThat(new StateCache<String>(1024).capacity()).isEqualTo(1024);
        assertThat(new StateCache<String>(1).capacity()).isEqualTo(1);
    }

    @Test
    void aStreamSharingASlotWithAnotherIsAMissNeverTheOthersState() {
        var cache = new StateCache<String>(1);
        cache.put(entry("Order-1", "one", 3));

        assertThat(cache.get(StreamId.of("Order-2"))).isNull();
        cache.put(entry("Order-2", "two", 0));
        assertThat(cache.get(StreamId.of("Order-1"))).isNull();
        assertThat(cache.get(StreamId.of("Order-2"))).isEqualTo(entry("Order-2", "two", 0));
    }

    @Test
    void anOlderVersionOfTheSameStreamNeverReplacesANewerOne() {
        var cache = new StateCache<String>(16);
        cache.put(entry("Order-1", "at 5", 5));

        cache.put(entry("Order-1", "at 4", 4));
        assertThat(cache.get(StreamId.of("Order-1"))).isEqualTo(entry("Order-1", "at 5", 5));
        cache.put(entry("Order-1", "at 6", 6));
        assertThat(cache.get(StreamId.of("Order-1"))).isEqualTo(entry("Order-1", "at 6", 6));
    }

    @Test
    void removeForgetsOnlyTheNamedStream() {
        var cache = new StateCache<String>(1);
        cache.put(entry("Order-1", "one", 0));

        cache.remove(StreamId.of("Order-2"));
        assertThat(cache.get(StreamId.of("Order-1"))).isNotNull();
        cache.remove(StreamId.of("Order-1"));
        assertThat(cache.get(StreamId.of("Order-1"))).isNull();
    }

    private static StateCache.Entry<String> entry(String stream, String state, long version) {
        return new StateCache.Entry<>(StreamId.of(stream), state, StreamVersion.of(version), 0);
    }
}
