// SPDX-License-Identifier: Apache-2.0
package dev.annals.core.decider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.core.decider.Counter.Added;
import dev.annals.core.decider.Counter.Command;
import dev.annals.core.decider.Counter.TooMuch;
import dev.annals.core.event.DecodeResult;
import dev.annals.core.event.EventCodec;
import dev.annals.core.event.EventData;
import dev.annals.core.event.EventIds;
import dev.annals.core.event.Metadata;
import dev.annals.core.event.SerializedEvent;
import dev.annals.core.memory.InMemoryEventStore;
import dev.annals.core.store.AppendResult;
import dev.annals.core.store.EventStore;
import dev.annals.core.store.ExpectedVersion;
import dev.annals.core.store.ReadDirection;
import dev.annals.core.store.ReadStreamResult;
import dev.annals.core.store.StorageFailure;
import dev.annals.core.store.StreamId;
import dev.annals.core.store.StreamVersion;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Loads of streams longer than one page: the next page is read while the current one is folded. */
class StreamFolderReadAheadTest {
    private static final StreamId STREAM = StreamId.of("Counter-long");
    private static final int EVENTS = 2 * StreamFolder.PAGE + StreamFolder.PAGE / 2;

    private final InMemoryEventStore memory = new InMemoryEventStore();
    private final ScriptedStore store = new ScriptedStore(memory);

    @Test
    void aStreamOfSeveralPagesLoadsWholeAndInOrder() {
        write(EVENTS);
        var order = new OrderCheckingCodec();

        var loaded = handler(order).loadState(STREAM);

        assertThat(loaded).isEqualTo(new CommandHandler.LoadResult.Loaded<>(sumTo(EVENTS), StreamVersion.of(EVENTS - 1)));
        assertThat(order.outOfOrder).isZero();
        assertThat(store.reads).containsExactly(StreamVersion.of(0), StreamVersion.of(StreamFolder.PAGE),
                StreamVersion.of(2L * StreamFolder.PAGE));
    }

    @Test
    void theNextPageIsRequestedBeforeTheCurrentPageIsFolded() throws InterruptedException {
        write(EVENTS);
        var secondPageRequested = new CountDownLatch(1);
        store.onRead = from -> {
            if (from.value() == StreamFolder.PAGE) {
                secondPageRequested.countDown();
            }
            return null;
        };
        var waited = new boolean[1];
        var codec = new OrderCheckingCodec() {
            @Override
            public DecodeResult<Added> decode(SerializedEvent serialized) {
                if (seen == 0) {  // the first event of the first page: folding has only begun
                    try {
                        waited[0] = secondPageRequested.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return super.decode(serialized);
            }
        };

        var loaded = handler(codec).loadState(STREAM);

        assertThat(waited[0]).as("the second page was requested while the first was being folded").isTrue();
        assertThat(loaded).isEqualTo(new CommandHandler.LoadResult.Loaded<>(sumTo(EVENTS), StreamVersion.of(EVENTS - 1)));
    }

    @Test
    void aStreamOfOnePageStartsNoReadAhead() {
        write(StreamFolder.PAGE - 1);

        var loaded = handler(new OrderCheckingCodec()).loadState(STREAM);

        assertThat(loaded).isEqualTo(new CommandHandler.LoadResult.Loaded<>(sumTo(StreamFolder.PAGE - 1),
                StreamVersion.of(StreamFolder.PAGE - 2)));
        assertThat(store.reads).containsExactly(StreamVersion.of(0));
    }

    @Test
    void aFailedReadAheadFailsTheLoad() {
        write(EVENTS);
        var failure = StorageFailure.unavailable("connection lost");
        store.onRead = from -> from.value() == 2L * StreamFolder.PAGE ? new ReadStreamResult.Failed(failure) : null;

        var loaded = handler(new OrderCheckingCodec()).loadState(STREAM);

        assertThat(loaded).isEqualTo(new CommandHandler.LoadResult.Failed<>(failure));
    }

    @Test
    void anExceptionThrownByTheReadAheadReachesTheCallerAsItself() {
        write(EVENTS);
        store.onRead = from -> {
            if (from.value() == StreamFolder.PAGE) {
                throw new IllegalStateException("the store broke");
            }
            return null;
        };

        assertThatThrownBy(() -> handler(new OrderCheckingCodec()).loadState(STREAM))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the store broke");
    }

    @Test
    void aCorruptEventOnTheFirstPageStopsTheLoadThoughTheNextPageWasReadAhead() {
        write(EVENTS);
        var codec = new OrderCheckingCodec() {
            @Override
            public DecodeResult<Added> decode(SerializedEvent serialized) {
                return seen == 10 ? new DecodeResult.Malformed<>(serialized.eventType(), serialized.schemaVersion(), "torn")
                        : super.decode(serialized);
            }
        };

        var loaded = handler(codec).loadState(STREAM);

        assertThat(loaded).isInstanceOfSatisfying(CommandHandler.LoadResult.Failed.class, failed ->
                assertThat(failed.failure().kind()).isEqualTo(StorageFailure.Kind.CORRUPTED));
    }

    private static int sumTo(int n) {
        return n * (n + 1) / 2;
    }

    private CommandHandler<Command, Integer, Added, TooMuch> handler(EventCodec<Added> codec) {
        return CommandHandler.builder(new Counter.CounterDecider(), codec, (EventStore) store, Counter::streamOf).build();
    }

    private void write(int events) {
        var ids = new EventIds(Clock.systemUTC());
        var codec = new Counter.Codec();
        for (int written = 0; written < events; ) {
            List<EventData> batch = new ArrayList<>();
            for (int i = 0; i < Math.min(300, events - written); i++) {
                batch.add(EventData.of(ids.get(), codec.encode(new Added(written + i + 1)), Metadata.EMPTY));  // its version + 1
            }
            var expected = written == 0 ? ExpectedVersion.NO_STREAM : ExpectedVersion.exact(written - 1);
            assertThat(memory.append(STREAM, expected, batch)).isInstanceOf(AppendResult.Appended.class);
            written += batch.size();
        }
    }

    /** Counts the events it decodes and those that arrive out of version order (each event's amount is its version + 1). */
    private static class OrderCheckingCodec implements EventCodec<Added> {
        private final Counter.Codec codec = new Counter.Codec();
        int seen;
        int outOfOrder;

        @Override
        public SerializedEvent encode(Added event) {
            return codec.encode(event);
        }

        @Override
        public DecodeResult<Added> decode(SerializedEvent serialized) {
            seen++;
            DecodeResult<Added> decoded = codec.decode(serialized);
            if (decoded instanceof DecodeResult.Decoded<Added> ok && ok.event().amount() != seen) {
                outOfOrder++;
            }
            return decoded;
        }

        @Override
        public boolean knows(String eventType) {
            return codec.knows(eventType);
        }
    }

    /** Records the versions reads start from; {@link #onRead} may answer a read instead of the store, or throw. */
    private static final class ScriptedStore extends ForwardingEventStore {
        private final EventStore delegate;
        final List<StreamVersion> reads = new CopyOnWriteArrayList<>();
        volatile Function<StreamVersion, ReadStreamResult.@Nullable Failed> onRead = from -> null;

        ScriptedStore(EventStore delegate) {
            this.delegate = delegate;
        }

        @Override
        EventStore delegate() {
            return delegate;
        }

        @Override
        public ReadStreamResult readStream(StreamId stream, StreamVersion from, ReadDirection direction, int maxCount) {
            reads.add(from);
            ReadStreamResult scripted = onRead.apply(from);
            return scripted != null ? scripted : delegate.readStream(stream, from, direction, maxCount);
        }
    }
}
