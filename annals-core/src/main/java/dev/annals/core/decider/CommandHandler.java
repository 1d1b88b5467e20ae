// SPDX-License-Identifier: Apache-2.0
package dev.annals.core.decider;

import dev.annals.core.event.DecodeResult;
import dev.annals.core.event.EventCodec;
import dev.annals.core.event.EventData;
import dev.annals.core.event.EventIds;
import dev.annals.core.event.Metadata;
import dev.annals.core.event.RecordedEvent;
import dev.annals.core.snapshot.Snapshot;
import dev.annals.core.snapshot.SnapshotStore;
import dev.annals.core.store.AppendResult;
import dev.annals.core.store.EventStore;
import dev.annals.core.store.ExpectedVersion;
import dev.annals.core.store.IdempotencyLookup;
import dev.annals.core.store.ReadDirection;
import dev.annals.core.store.ReadStreamResult;
import dev.annals.core.store.StorageFailure;
import dev.annals.core.store.StreamId;
import dev.annals.core.store.StreamVersion;
import dev.annals.core.store.WriteResult;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/*
 * Command handling
 * ----------------
 * 1. Idempotency: with a key, ask the store where the key's events went. Found with the same
 *    request hash: read those events back and answer the original outcome (isReplay), appending
 *    nothing. Found with another hash: IdempotencyKeyReused. The key is stored in the metadata of
 *    the first event of the append, so it is as durable as the events and survives restarts.
 * 2. Load: the latest snapshot whose state schema version matches the codec's (others are
 *    ignored), then the events after it, folded with evolve. With a state cache (opt-in, for
 *    deciders with immutable states), the cached state of the stream replaces the snapshot as the
 *    starting point: the events after its version are still read from the store and folded, so the
 *    cache can be behind but never decides on its own. An append that succeeded stores the evolved
 *    state at the appended version; a cached stream that the store no longer holds is forgotten.
 * 3. Check the caller's expected version (If-Match) against the loaded version.
 * 4. Decide. A rejection returns at once; nothing is written.
 * 5. Append with ExpectedVersion = the loaded version. The store is the judge of concurrency: on a
 *    wrong-expected-version outcome another writer won, so re-load and re-decide (the new state may
 *    now reject the command), up to maxAttempts with a small randomized back-off. With If-Match,
 *    a lost race is the caller's stale version: answer WrongExpectedVersion, no retry.
 * 6. Snapshot when the events folded since the last snapshot reach snapshotEvery. A failed
 *    snapshot write is logged and ignored: snapshots are an optimisation.
 *
 * Concurrency: safe to call from many threads. Without a state cache it keeps no state between
 * calls; the cache is lock-free (StateCache).
 */

/**
 * Handles commands for one decider: load, decide, append with optimistic concurrency, retry on
 * conflict, snapshot, replay idempotent repeats. Returns a sealed {@link HandleResult}.
 */
public final class CommandHandler<C, S, E, X> {
    private static final System.Logger LOG = System.getLogger(CommandHandler.class.getName());

    private final Decider<C, S, E, X> decider;
    private final EventCodec<E> codec;
    private final EventStore store;
    private final Function<C, StreamId> streamOf;
    private final @Nullable SnapshotStore snapshots;
    private final @Nullable StateCodec<S> stateCodec;
    private final int snapshotEvery;
    private final int maxAttempts;
    private final Supplier<UUID> eventIds;
    private final Clock clock;
    private final @Nullable StateCache<S> cache;

    private CommandHandler(Builder<C, S, E, X> builder) {
        this.decider = builder.decider;
        this.codec = builder.codec;
        this.store = builder.store;
        this.streamOf = builder.streamOf;
        this.snapshots = builder.snapshots;
        this.stateCodec = builder.stateCodec;
        this.snapshotEvery = builder.snapshotEvery;
        this.maxAttempts = builder.maxAttempts;
        this.eventIds = builder.eventIds;
        this.clock = builder.clock;
        this.cache = builder.cachedStreams > 0 ? new StateCache<>(builder.cachedStreams) : null;
    }

    public static <C, S, E, X> Builder<C, S, E, X> builder(
            Decider<C, S, E, X> decider, EventCodec<E> codec, EventStore store, Function<C, StreamId> streamOf) {
        return new Builder<>(decider, codec, store, streamOf);
    }

    public HandleResult<E, X> handle(C command) {
        return handle(command, CommandContext.create());
    }

    public HandleResult<E, X> handle(C command, CommandContext context) {
        StreamId stream = streamOf.apply(command);
        IdempotencyKey key = context.idempotencyKey();
        for (int attempt = 1; ; attempt++) {
            if (key != null) {
                HandleResult<E, X> replay = replayIfSeen(key);
                if (replay != null) {
                    return replay;
                }
            }
            Loaded<S> loaded = load(stream);
            if (loaded.failure() != null) {
                return new HandleResult.StorageFailed<>(loaded.failure());
            }
            ExpectedVersion ifMatch = context.expectedVersion();
            if (ifMatch != null && !ifMatch.isMetBy(loaded.version())) {
                return new HandleResult.WrongExpectedVersion<>(stream, ifMatch, loaded.version());
            }
            List<E> events;
            switch (decider.decide(command, loaded.state())) {
                case Decision.Rejected<E, X> rejected -> {
                    return new HandleResult.Rejected<>(rejected.reason());
                }
                case Decision.Accepted<E, X> accepted -> events = accepted.events();
            }
            if (events.isEmpty()) {
                return new HandleResult.Unchanged<>(stream, loaded.version());
            }
            List<EventData> data = encode(events, context);
            ExpectedVersion expected = ExpectedVersion.from(loaded.version());
            switch (store.append(stream, expected, data)) {
                case AppendResult.Appended appended -> {
                    remember(stream, loaded, events, appended.lastVersion());
                    return new HandleResult.Accepted<>(stream, events, appended.lastVersion(), appended.lastPosition(), false);
                }
                case AppendResult.Failed failed -> {
                    return new HandleResult.StorageFailed<>(failed.failure());
                }
                case AppendResult.WrongExpectedVersion wrong -> {
                    if (ifMatch != null) {
                        return new HandleResult.WrongExpectedVersion<>(stream, ifMatch, wrong.actual());
                    }
                    if (attempt >= maxAttempts) {
                        return new HandleResult.Conflict<>(stream, attempt);
                    }
                    backOff(attempt);
                }
            }
        }
    }

    /** Loads a stream's current state as the decider sees it (snapshot, then later events). */
    public LoadResult<S> loadState(StreamId stream) {
        Loaded<S> loaded = load(stream);
        if (loaded.failure() != null) {
            return new LoadResult.Failed<>(loaded.failure());
        }
        return new LoadResult.Loaded<>(loaded.state(), loaded.version());
    }

    /** The state a command would be decided on. */
    public sealed interface LoadResult<S> {
        /** {@code version} is null when the stream does not exist. */
        record Loaded<S>(S state, @Nullable StreamVersion version) implements LoadResult<S> {}

        record Failed<S>(StorageFailure failure) implements LoadResult<S> {}
    }

    private record Loaded<S>(S state, @Nullable StreamVersion version, int eventsSinceSnapshot,
                             @Nullable StorageFailure failure) {}

    private Loaded<S> load(StreamId stream) {
        StateCache.Entry<S> cached = cache == null ? null : cache.get(stream);
        if (cached != null) {
            var folded = StreamFolder.fold(store, codec, stream, cached.state(), cached.version(), decider::evolve, e -> false);
            switch (folded) {
                case StreamFolder.Folded.State<S> s -> {
                    var loaded = new Loaded<>(s.state(), s.version(), cached.eventsSinceSnapshot() + s.eventsFolded(), null);
                    if (s.eventsFolded() > 0) {
                        cache.put(new StateCache.Entry<>(stream, s.state(), s.version(), loaded.eventsSinceSnapshot()));
                    }
                    return loaded;
                }
                case StreamFolder.Folded.StreamNotFound<S> n -> cache.remove(stream);  // the store was replaced
                case StreamFolder.Folded.Failed<S> f -> {
                    return new Loaded<>(cached.state(), null, 0, f.failure());
                }
            }
        }
        Loaded<S> loaded = loadFromStore(stream);
        if (cache != null && loaded.failure() == null && loaded.version() != null) {
            cache.put(new StateCache.Entry<>(stream, loaded.state(), loaded.version(), loaded.eventsSinceSnapshot()));
        }
        return loaded;
    }

    private Loaded<S> loadFromStore(StreamId stream) {
        S start = decider.initialState();
        StreamVersion startVersion = null;
        if (snapshots != null && stateCodec != null) {
            switch (snapshots.load(stream)) {
                case SnapshotStore.Load.Found found -> {
                    Snapshot snapshot = found.snapshot();
                    if (snapshot.stateSchemaVersion() == stateCodec.schemaVersion()) {
                        var decoded = stateCodec.decode(snapshot.state());
                        if (decoded.isPresent()) {
                            start = decoded.get();
                            startVersion = snapshot.version();
                        }
                    }
                }
                case SnapshotStore.Load.NotFound notFound -> { }
                case SnapshotStore.Load.Failed failed ->
                        LOG.log(System.Logger.Level.WARNING, "snapshot of {0} not loaded ({1}); folding all events",
                                stream, failed.failure().detail());
            }
        }
        var folded = StreamFolder.fold(store, codec, stream, start, startVersion, decider::evolve, e -> false);
        return switch (folded) {
            case StreamFolder.Folded.State<S> s -> new Loaded<>(s.state(), s.version(), s.eventsFolded(), null);
            case StreamFolder.Folded.StreamNotFound<S> n -> startVersion == null
                    ? new Loaded<>(start, null, 0, null)
                    // a snapshot of a stream the store does not hold: the store was replaced; trust the store
                    : new Loaded<>(decider.initialState(), null, 0, null);
            case StreamFolder.Folded.Failed<S> f -> new Loaded<>(start, null, 0, f.failure());
        };
    }

    private @Nullable HandleResult<E, X> replayIfSeen(IdempotencyKey key) {
        switch (store.findIdempotencyKey(key.value())) {
            case IdempotencyLookup.NotFound notFound -> {
                return null;
            }
            case IdempotencyLookup.Failed failed -> {
                return new HandleResult.StorageFailed<>(failed.failure());
            }
            case IdempotencyLookup.Found found -> {
                if (!Objects.equals(found.requestHash(), key.requestHash())) {
                    return new HandleResult.IdempotencyKeyReused<>(key.value());
                }
                int count = (int) (found.lastVersion().value() - found.firstVersion().value() + 1);
                var read = store.readStream(found.stream(), found.firstVersion(), ReadDirection.FORWARD, count);
                switch (read) {
                    case ReadStreamResult.Found events -> {
                        List<E> decoded = new ArrayList<>(count);
                        for (RecordedEvent recorded : events.events()) {
                            if (recorded.version().isAfter(found.lastVersion())) {
                                break;
                            }
                            if (codec.decode(recorded.serialized()) instanceof DecodeResult.Decoded<E> d) {
                                decoded.add(d.event());
                            } else {
                                return new HandleResult.StorageFailed<>(StorageFailure.corrupted(
                                        "cannot decode " + recorded.eventType() + " at " + found.stream() + "@" + recorded.version()));
                            }
                        }
                        return new HandleResult.Accepted<>(found.stream(), decoded, found.lastVersion(), found.lastPosition(), true);
                    }
                    case ReadStreamResult.NotFound nf -> {
                        return new HandleResult.StorageFailed<>(StorageFailure.corrupted(
                                "idempotency key " + key.value() + " points at missing stream " + found.stream()));
                    }
                    case ReadStreamResult.Failed failed -> {
                        return new HandleResult.StorageFailed<>(failed.failure());
                    }
                }
            }
        }
    }

    private List<EventData> encode(List<E> events, CommandContext context) {
        String commandId = context.commandId().toString();
        Metadata metadata = new Metadata(
                context.correlationId() != null ? context.correlationId() : commandId,
                context.causationId() != null ? context.causationId() : commandId,
                context.userId(), context.tenant(), context.entries());
        List<EventData> data = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            Metadata eventMetadata = metadata;
            IdempotencyKey key = context.idempotencyKey();
            if (i == 0 && key != null) {
                eventMetadata = eventMetadata.withEntry(Metadata.IDEMPOTENCY_KEY, key.value());
                if (key.requestHash() != null) {
                    eventMetadata = eventMetadata.withEntry(Metadata.REQUEST_HASH, key.requestHash());
                }
            }
            data.add(EventData.of(eventIds.get(), codec.encode(events.get(i)), eventMetadata));
        }
        return data;
    }

    /** After an append: snapshot when due, and keep the new state in the cache. */
    private void remember(StreamId stream, Loaded<S> loaded, List<E> events, StreamVersion lastVersion) {
        int sinceSnapshot = loaded.eventsSinceSnapshot() + events.size();
        boolean snapshotDue = snapshots != null && stateCodec != null && sinceSnapshot >= snapshotEvery;
        if (!snapshotDue && cache == null) {
            return;
        }
        S state = loaded.state();
        for (E event : events) {
            state = decider.evolve(state, event);
        }
        if (snapshotDue) {
            var snapshot = new Snapshot(stream, lastVersion, stateCodec.schemaVersion(), stateCodec.encode(state), clock.instant());
            if (snapshots.save(snapshot) instanceof WriteResult.Failed failed) {
                LOG.log(System.Logger.Level.WARNING, "snapshot of {0}@{1} not saved: {2}", stream, lastVersion, failed.failure().detail());
            } else {
                sinceSnapshot = 0;
            }
        }
        if (cache != null) {
            cache.put(new StateCache.Entry<>(stream, state, lastVersion, sinceSnapshot));
        }
    }

    private static void backOff(int attempt) {
        long maxNanos = 200_000L * Math.min(attempt, 10);
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(maxNanos));
    }

    /**
     * Configures a {@link CommandHandler}; defaults: no snapshots, no state cache, 5 attempts, UUIDv7
     * ids, UTC clock.
     */
    public static final class Builder<C, S, E, X> {
        private final Decider<C, S, E, X> decider;
        private final EventCodec<E> codec;
        private final EventStore store;
        private final Function<C, StreamId> streamOf;
        private @Nullable SnapshotStore snapshots;
        private @Nullable StateCodec<S> stateCodec;
        private int snapshotEvery = Integer.MAX_VALUE;
        private int maxAttempts = 5;
        private Supplier<UUID> eventIds = EventIds::newId;
        private Clock clock = Clock.systemUTC();
        private int cachedStreams;

        private Builder(Decider<C, S, E, X> decider, EventCodec<E> codec, EventStore store, Function<C, StreamId> streamOf) {
            this.decider = Objects.requireNonNull(decider);
            this.codec = Objects.requireNonNull(codec);
            this.store = Objects.requireNonNull(store);
            this.streamOf = Objects.requireNonNull(streamOf);
        }

        /** Snapshot a stream whenever {@code everyEvents} events were folded on top of the last snapshot. */
        public Builder<C, S, E, X> snapshots(SnapshotStore store, StateCodec<S> codec, int everyEvents) {
            if (everyEvents < 1) {
                throw new IllegalArgumentException("everyEvents must be >= 1");
            }
            this.snapshots = store;
            this.stateCodec = codec;
            this.snapshotEvery = everyEvents;
            return this;
        }

        /**
         * Keeps the state of up to about {@code streams} recently used streams in memory, so a command
         * on a known stream reads and folds only the events appended since. Only for deciders whose
         * states are immutable values: one cached state is shared by every later command on its
         * stream. The store still decides every race (expected version), and the events after the
         * cached version are always read, so other writers (other processes) are seen.
         */
        public Builder<C, S, E, X> stateCache(int streams) {
            if (streams < 1) {
                throw new IllegalArgumentException("streams must be >= 1");
            }
            this.cachedStreams = streams;
            return this;
        }

        public Builder<C, S, E, X> maxAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("attempts must be >= 1");
            }
            this.maxAttempts = attempts;
            return this;
        }

        public Builder<C, S, E, X> eventIds(Supplier<UUID> ids) {
            this.eventIds = Objects.requireNonNull(ids);
            return this;
        }

        public Builder<C, S, E, X> clock(Clock value) {
            this.clock = Objects.requireNonNull(value);
            return this;
        }

        public CommandHandler<C, S, E, X> build() {
            return new CommandHandler<>(this);
        }
    }
}
