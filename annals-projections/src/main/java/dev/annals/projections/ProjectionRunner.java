// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections;

import dev.annals.core.event.RecordedEvent;
import dev.annals.core.store.EventStore;
import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.ReadAllResult;
import dev.annals.core.store.ReadDirection;
import dev.annals.core.store.ReadStreamResult;
import dev.annals.core.store.StorageFailure;
import dev.annals.core.store.StreamId;
import dev.annals.core.store.Subscription;
import dev.annals.core.store.WriteResult;
import dev.annals.core.view.ViewStore;
import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/*
 * Runner loop
 * -----------
 *   acquire the lock (standby while another runner holds it) -> fencing token T
 *   load the view store's checkpoint C; commit nothing at C with T (fences every earlier holder)
 *   load the dead letters (which streams/instances are blocked, behind which event) -> subscribe after C
 *   repeat: handle dead-letter requests; tick (deadlines, once live); poll up to batchSize events;
 *           fold each into a Batch (keyed states cached for the batch);
 *           commit(changes, last position of the poll, T) -> checkpoint moves, waiters wake
 * Catch-up and live are the same loop: catch-up polls return full batches (one commit per batch),
 * live polls return what has arrived (one commit per poll).
 *
 * Invariants
 * ----------
 * - The committed checkpoint only moves forward, to the last position of a poll whose every event
 *   was folded or parked (its dead letters are written, durably, before that commit). Events at or
 *   below the checkpoint (a source that redelivers) are dropped before folding. A crash replays from
 *   the last commit; with an atomic store the replay starts from exactly the states that checkpoint
 *   describes, with a non-atomic one the per-key appliedAt skips what was already applied. Either
 *   way the read model converges to a fresh replay.
 * - Per-stream order: once an event of stream S is parked, every later event of S is parked behind
 *   it (letter.behind = the first one's id: one group) until the group is retried or skipped. For
 *   process managers the same holds per instance (Folder.blocksByKey): an instance hears several
 *   streams. Other streams and instances keep flowing. A redelivered event that is already parked
 *   stays parked as it was; a redelivered event before its group's first one is applied (it preceded
 *   the failure). On takeover the groups are rebuilt from the dead-letter store.
 * - Retry applies a group's events in position order with the per-key appliedAt check off (a parked
 *   event is older than later events of other streams folded into the same key), commits, then
 *   removes the letters; if one fails again it heads the group from then on. A crash between that
 *   commit and the removal leaves letters whose events are in the read model already: retrying them
 *   again would apply them twice (for process managers the command handler's idempotency keys still
 *   keep the effects single). The window is one commit wide and needs an operator retry to hit it.
 * - Fencing: every commit carries T. A store that has accepted a higher token answers Fenced; the
 *   runner drops its batch, releases the lock and goes back to standby. Lock tokens are issued above
 *   the store's highest token, so a fresh lock never fences a legitimate successor. The empty commit
 *   at takeover means no earlier holder commits after it, so two holders never both fold an event
 *   into states they commit. (A predecessor's commit that lands between the successor's checkpoint
 *   read and its takeover commit is moved back to that checkpoint; the per-key appliedAt then skips
 *   those events on the way forward.)
 *
 * Failure modes
 * -------------
 * - A fold that throws is retried (Failsafe, exponential back-off) up to maxAttempts, then parked
 *   as a dead letter. A payload that cannot be decoded is parked at once.
 * - Storage failures (view store load/commit, dead-letter store, subscription) never park anything:
 *   commits are retried with back-off until they succeed or the runner stops; other failures drop
 *   the batch and resubscribe from the last commit.
 *
 * Concurrency
 * -----------
 * One thread per runner owns the subscription, the batch and the view store's write side. Other
 * threads talk to it through volatile status fields, a condition for awaitApplied, and a request
 * queue for dead-letter retries and skips, which the loop serves between polls. A large poll
 * (catch-up) is decoded before its fold by that thread and one helper thread together (DecodeAhead,
 * RunnerOptions.parallelDecoding); the fold itself stays on the runner's thread, in order. During
 * catch-up, after a full batch the runner lends the subscription to the helper, which polls the next
 * batch and starts decoding it while the runner folds and commits; the runner takes the result (and
 * the subscription back) before its next poll, so one thread at a time uses the subscription, and
 * the events reach the fold in the order the subscription delivered them.
 */

/**
 * Runs one consumer of the global log (a projection, a partition of one, or a process manager) on its
 * own thread: catch-up, then live, with batching, retries, dead letters and fencing.
 */
public final class ProjectionRunner implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ProjectionRunner.class.getName());
    private static final AtomicLong OWNERS = new AtomicLong();

    private final String name;
    private final EventStore eventStore;
    private final Function<GlobalPosition, Subscription> source;
    private final Stage<?> stage;
    private final DeadLetterStore deadLetters;
    private final ProjectionLocks locks;
    private final RunnerOptions options;
    private final Predicate<StreamId> accepts;
    private final Clock clock;
    private final String owner;
    private final @Nullable RetryPolicy<Object> retriesAfterFirst;
    /** Decodes large batches on two threads before the fold; null when off or the folder has nothing to prepare. */
    private final @Nullable DecodeAhead decodeAhead;

    private final ReentrantLock progressLock = new ReentrantLock();
    private final Condition progressed = progressLock.newCondition();
    private final Object wakeUp = new Object();
    private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
    private final AtomicReference<@Nullable Thread> thread = new AtomicReference<>();
    private volatile ProjectionStatus.State state = ProjectionStatus.State.NEW;
    private volatile GlobalPosition committed = GlobalPosition.START;
    private volatile long eventsApplied;
    private volatile @Nullable String lastError;
    private volatile boolean stopping;
    private volatile @Nullable Subscription subscription;

    /** What an event waits behind: the group (root id) and the position of the group's first event. */
    private record Blocker(String rootId, GlobalPosition position) {}

    /**
     * "s:" + stream, and for process managers also "k:" + instance id, to the group blocking it: the
     * first parked event of a stream (or instance) and every later one wait behind the same root.
     */
    private final Map<String, Blocker> blockers = new HashMap<>();
    private boolean fenced;
    /** Ids of every dead letter of this runner, so a redelivered parked event is not parked again. */
    private final Set<String> parkedIds = new HashSet<>();
    private final List<DeadLetter> toPark = new ArrayList<>();

    private ProjectionRunner(Builder builder, Stage<?> stage) {
        this.name = builder.name;
        this.eventStore = builder.eventStore;
        this.source = builder.source != null ? builder.source : eventStore::subscribeToAll;
        this.stage = stage;
        this.deadLetters = builder.deadLetters;
        this.locks = builder.locks;
        this.options = builder.options;
        this.accepts = builder.accepts;
        this.clock = builder.clock;
        this.owner = ProcessHandle.current().pid() + "-" + OWNERS.incrementAndGet() + "-" + name;
        this.decodeAhead = options.parallelDecoding() && stage.prepares() ? new DecodeAhead(stage.folder(), name) : null;
        // the first attempt runs outside Failsafe (applyWithRetries); this policy covers the rest
        this.retriesAfterFirst = options.maxAttempts() < 2 ? null : RetryPolicy.builder()
                .handleIf(e -> !(e instanceof StorageProblem) && !(e instanceof PoisonEvent))
                .withMaxAttempts(options.maxAttempts() - 1)
                .withBackoff(options.firstBackoff().isZero() ? Duration.ofNanos(1) : options.firstBackoff(),
                        options.maxBackoff().isZero() ? Duration.ofNanos(2) : options.maxBackoff())
                .build();
    }

    /** A runner for a projection: folds each event into its key's state through the projection's view. */
    public static <S, E> Builder builder(Projection<S, E> projection, EventStore eventStore) {
        return new Builder(projection.name(), eventStore, new Stage<>(projection.viewStore(), new ProjectionFolder<>(projection)));
    }

    static <S> Builder builder(String name, EventStore eventStore, ViewStore<S> store, Folder<S> folder) {
        return new Builder(name, eventStore, new Stage<>(store, folder));
    }

    public String name() {
        return name;
    }

    /** Starts the runner's thread. A runner starts once. */
    public void start() {
        Thread t = Thread.ofPlatform().name("projection-" + name).daemon(true).unstarted(this::run);
        if (!thread.compareAndSet(null, t)) {
            throw new IllegalStateException("runner " + name + " was already started");
        }
        t.start();
    }

    /** Stops the runner and waits (up to 10 s) for its thread; the lock is released. */
    public void stop() {
        stopping = true;
        Subscription s = subscription;
        if (s != null) {
            s.close();
        }
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
        Thread t = thread.get();
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        state = ProjectionStatus.State.STOPPED;
        signalProgress();
    }

    @Override
    public void close() {
        stop();
    }

    /** The position up to which the read model has been committed. */
    public GlobalPosition checkpoint() {
        return committed;
    }

    public ProjectionStatus.State state() {
        return state;
    }

    /** Checkpoint, head, lag, state and dead letters; reads the store's head and the dead-letter count. */
    public ProjectionStatus status() {
        GlobalPosition head = head(eventStore);
        GlobalPosition checkpoint = committed;
        long lag = Math.max(0, head.value() - checkpoint.value());
        int parked = switch (deadLetters.list(name)) {
            case DeadLetterStore.Listing.Found found -> found.letters().size();
            case DeadLetterStore.Listing.Failed failed -> -1;
        };
        return new ProjectionStatus(name, checkpoint, head, lag, state, parked, eventsApplied, lastError);
    }

    static GlobalPosition head(EventStore store) {
        return switch (store.readAll(GlobalPosition.of(Long.MAX_VALUE - 1), 1)) {
            case ReadAllResult.Page page -> page.head();
            case ReadAllResult.Failed failed -> GlobalPosition.START;
        };
    }

    /** Waits until the read model has applied {@code position} (read-your-writes), or the timeout passes. */
    public AwaitResult awaitApplied(GlobalPosition position, Duration timeout) {
        long nanos = timeout.toNanos();
        progressLock.lock();
        try {
            while (true) {
                GlobalPosition now = committed;
                if (!now.isBefore(position)) {
                    return new AwaitResult.Reached(now);
                }
                if (state == ProjectionStatus.State.STOPPED) {
                    return new AwaitResult.Stopped(now);
                }
                if (nanos <= 0) {
                    return new AwaitResult.TimedOut(now);
                }
                nanos = progressed.awaitNanos(nanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new AwaitResult.TimedOut(committed);
        } finally {
            progressLock.unlock();
        }
    }

    /** The events this runner has parked, in position order. */
    public DeadLetterStore.Listing deadLetters() {
        return deadLetters.list(name);
    }

    /**
     * Applies the parked events of the dead letter's group again (the first parked event of its stream,
     * or process-manager instance, and everything parked behind it), in order, after a fix was
     * deployed. Served by the runner's thread between polls; waits up to {@code timeout}.
     */
    public DeadLetterOutcome retryDeadLetter(String id, Duration timeout) {
        return submit(new Request(id, false), timeout);
    }

    /** Drops the parked event and applies the ones parked behind it, in order. */
    public DeadLetterOutcome skipDeadLetter(String id, Duration timeout) {
        return submit(new Request(id, true), timeout);
    }

    private DeadLetterOutcome submit(Request request, Duration timeout) {
        if (state == ProjectionStatus.State.STOPPED) {
            return new DeadLetterOutcome.NotActive("runner " + name + " is stopped");
        }
        requests.add(request);
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
        try {
            if (request.done.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return Objects.requireNonNull(request.outcome);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        requests.remove(request);
        return new DeadLetterOutcome.NotActive("runner " + name + " did not answer within " + timeout
                + " (state " + state + ")");
    }

    // ---------------------------------------------------------------- the loop

    private void run() {
        while (!stopping) {
            Long acquired = acquire();
            if (acquired == null) {
                break;
            }
            long token = acquired;
            try {
                runOwned(token);
            } catch (StorageProblem e) {
                fail("storage: " + e.getMessage());
                pause(options.maxBackoff());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "runner " + name + " failed; restarting from its checkpoint", e);
                fail(e.toString());
                pause(options.maxBackoff());
            } finally {
                locks.release(name, token);
                Subscription s = subscription;
                if (s != null) {
                    s.close();
                }
                subscription = null;
            }
        }
        if (decodeAhead != null) {
            decodeAhead.close();
        }
        state = ProjectionStatus.State.STOPPED;
        for (Request r; (r = requests.poll()) != null; ) {
            r.answer(new DeadLetterOutcome.NotActive("runner " + name + " stopped"));
        }
        signalProgress();
    }

    /** Takes the lock, standing by while another runner holds it; null when stopping. */
    private @Nullable Long acquire() {
        while (!stopping) {
            Long floor = switch (stage.checkpoint()) {
                case ViewStore.CheckpointLoad.Found found -> found.fencingToken();
                case ViewStore.CheckpointLoad.NotFound notFound -> 0L;
                case ViewStore.CheckpointLoad.Failed failed -> {
                    fail("view store: " + failed.failure().detail());
                    yield null;
                }
            };
            if (floor != null) {
                switch (locks.acquire(name, owner, floor)) {
                    case ProjectionLocks.Acquisition.Acquired acquired -> {
                        return acquired.fencingToken();
                    }
                    case ProjectionLocks.Acquisition.HeldByOther other -> state = ProjectionStatus.State.STANDBY;
                    case ProjectionLocks.Acquisition.Failed failed -> fail("lock: " + failed.failure().detail());
                }
            }
            rejectRequests("runner " + name + " is on standby");
            pause(options.standbyInterval());
        }
        return null;
    }

    private void runOwned(long token) {
        GlobalPosition from = switch (stage.checkpoint()) {
            case ViewStore.CheckpointLoad.Found found -> found.position();
            case ViewStore.CheckpointLoad.NotFound notFound -> GlobalPosition.START;
            case ViewStore.CheckpointLoad.Failed failed -> throw new StorageProblem(failed.failure());
        };
        fenced = false;
        // Fence at takeover: an empty commit with the new token makes the store refuse every commit of
        // an earlier holder from now on, before this runner reads a single state. Without it a paused
        // predecessor could still commit between this acquisition and this runner's first commit.
        if (!advance(from, token)) {
            return;
        }
        committed = from;
        loadBlockedStreams();
        state = ProjectionStatus.State.CATCHING_UP;
        signalProgress();
        Subscription sub = source.apply(from);
        subscription = sub;
        if (stopping) {
            sub.close();
        }
        // a poll the helper is making ahead (catch-up); while it is pending only the helper uses sub
        @Nullable CompletableFuture<DecodeAhead.Ahead> ahead = null;
        while (!stopping) {
            if (!locks.renew(name, token)) {
                LOG.log(System.Logger.Level.WARNING, "runner {0} lost its lock; standing by", name);
                return;
            }
            // deadlines are judged against states that are up to date: a deadline that came due
            // while the runner was down waits until the events that may have settled it are folded
            if (!serveRequests(token) || (state == ProjectionStatus.State.LIVE && !tick(token))) {
                return;
            }
            Subscription.Poll poll;
            GlobalPosition position;
            DecodeAhead.@Nullable Prepared prepared = null;
            if (ahead != null) {
                DecodeAhead.Ahead polled = take(ahead);
                ahead = null;
                poll = polled.poll();
                position = polled.position();
                prepared = polled.prepared();
            } else {
                poll = sub.poll(options.batchSize(), options.pollTimeout());
                position = sub.position();
            }
            switch (poll) {
                case Subscription.Poll.Closed closed -> {
                    return;
                }
                case Subscription.Poll.Failed failed -> {
                    fail("subscription: " + failed.failure().detail());
                    pause(options.firstBackoff());
                    return;
                }
                case Subscription.Poll.Events events -> {
                    List<RecordedEvent> batch = events.events();
                    if (decodeAhead != null && !batch.isEmpty()) {
                        if (prepared == null) {
                            GlobalPosition done = committed;
                            prepared = decodeAhead.prepare(batch, e -> e.position().isAfter(done) && accepts.test(e.streamId()));
                        }
                        if (!events.isCaughtUp() && batch.size() >= options.batchSize()) {
                            // catch-up: the helper polls and decodes the next batch while this one is folded
                            ahead = decodeAhead.pollAhead(sub, options.batchSize(), options.pollTimeout(),
                                    e -> accepts.test(e.streamId()));
                        }
                    }
                    if (!batch.isEmpty() && !handle(batch, prepared, token)) {
                        return;
                    }
                    if (batch.isEmpty() && position.isAfter(committed) && !advance(position, token)) {
                        // a category subscription skipped other categories' events: move the
                        // checkpoint with it so lag and read-your-writes see the projection caught up
                        return;
                    }
                    state = events.isCaughtUp() ? ProjectionStatus.State.LIVE : ProjectionStatus.State.CATCHING_UP;
                    if (state == ProjectionStatus.State.LIVE && !batch.isEmpty()
                            && batch.size() < options.batchSize() && options.liveCommitDelay().isPositive()) {
                        pause(options.liveCommitDelay());  // let the next commit take what arrives meanwhile
                    }
                }
            }
        }
    }

    /** The helper's poll ahead; its failure surfaces here, on the runner's thread, as the poll's would. */
    private static DecodeAhead.Ahead take(CompletableFuture<DecodeAhead.Ahead> ahead) {
        try {
            return ahead.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** Folds one poll's events and commits them; false when fenced or stopping before the commit. */
    private boolean handle(List<RecordedEvent> events, DecodeAhead.@Nullable Prepared prepared, long token) {
        stage.begin(false);
        toPark.clear();
        long applied = 0;
        GlobalPosition seen = committed;
        if (prepared != null && events.size() >= DecodeAhead.MIN_EVENTS && stage.prefersLoadMany()) {
            // a remote view store: the batch's keys in one round trip instead of one per new key
            // (this waits for the whole batch's decoding, which a remote store's round trips outweigh)
            stage.preload(events, prepared);
        }
        for (int index = 0; index < events.size(); index++) {
            RecordedEvent event = events.get(index);
            if (!event.position().isAfter(seen)) {
                continue;  // a redelivery of something this runner has committed or just handled
            }
            seen = event.position();
            if (!accepts.test(event.streamId())) {
                continue;
            }
            if (!parkedIds.isEmpty() && parkedIds.contains(DeadLetter.idOf(name, event.position()))) {
                continue;  // redelivered after a crash: it stays parked as it was
            }
            Blocker blocker = blockerOf(event);
            if (blocker != null) {
                park(event, "parked behind " + blocker.rootId(), 0, blocker);
                continue;
            }
            try {
                applyWithRetries(event, prepared == null ? null : prepared.get(index));
                applied++;
            } catch (StorageProblem e) {
                throw e;
            } catch (PoisonEvent e) {
                park(event, e.getMessage(), 1, null);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "runner " + name + " parks " + event.streamId() + "@"
                        + event.version() + " after " + options.maxAttempts() + " attempts", e);
                park(event, describe(e), options.maxAttempts(), null);
            }
        }
        // letters are durable before the checkpoint passes their events, or a crash would lose them
        if (!toPark.isEmpty()) {
            WriteResult parked = deadLetters.parkAll(List.copyOf(toPark));
            toPark.clear();
            if (parked instanceof WriteResult.Failed failed) {
                throw new StorageProblem(failed.failure());
            }
        }
        if (!seen.isAfter(committed)) {
            return true;  // nothing new in this poll
        }
        return commit(seen, token, applied);
    }

    /**
     * The first attempt runs directly: building a Failsafe execution per event costs more than most
     * folds. Only a fold that threw a retryable exception goes through the retry policy (with its
     * back-off) for the remaining attempts.
     */
    private void applyWithRetries(RecordedEvent event, @Nullable Object prepared) {
        try {
            stage.apply(event, prepared);
        } catch (StorageProblem | PoisonEvent e) {
            throw e;
        } catch (RuntimeException first) {
            if (retriesAfterFirst == null) {
                throw first;
            }
            LockSupport.parkNanos(options.firstBackoff().toNanos());  // the back-off before attempt 2
            Failsafe.with(retriesAfterFirst).run(() -> stage.apply(event, prepared));
        }
    }

    private boolean tick(long token) {
        stage.begin(false);
        stage.tick();
        return !stage.hasChanges() || commit(committed, token, 0);
    }

    /** Commits no state change, only the checkpoint (and the token); never a stale batch left by a failure. */
    private boolean advance(GlobalPosition checkpoint, long token) {
        stage.begin(false);
        return commit(checkpoint, token, 0);
    }

    /** Commits the stage's current batch, retrying storage failures; false when fenced or stopping. */
    private boolean commit(GlobalPosition checkpoint, long token, long applied) {
        Duration backoff = options.firstBackoff();
        while (true) {
            switch (stage.commit(checkpoint, token)) {
                case ViewStore.CommitResult.Committed committedResult -> {
                    eventsApplied += applied;  // before the signal, so a woken waiter sees the count
                    committed = checkpoint;
                    if (state == ProjectionStatus.State.RETRYING) {
                        state = ProjectionStatus.State.CATCHING_UP;
                    }
                    signalProgress();
                    return true;
                }
                case ViewStore.CommitResult.Fenced refused -> {
                    LOG.log(System.Logger.Level.WARNING, "runner {0} fenced (token {1} < {2}); standing by",
                            name, token, refused.currentToken());
                    lastError = "fenced by token " + refused.currentToken();
                    fenced = true;
                    state = ProjectionStatus.State.STANDBY;
                    return false;
                }
                case ViewStore.CommitResult.Failed failed -> {
                    fail("commit: " + failed.failure().detail());
                    if (stopping) {
                        return false;
                    }
                    pause(backoff);
                    backoff = min(backoff.multipliedBy(2), options.maxBackoff());
                }
            }
        }
    }

    /** Parks in memory; the poll's letters are written together, before its commit. */
    private void park(RecordedEvent event, String reason, int attempts, @Nullable Blocker behind) {
        String id = DeadLetter.idOf(name, event.position());
        DeadLetter letter = new DeadLetter(id, name, event.streamId(), event.version(), event.position(),
                event.eventId(), event.eventType(), reason, attempts, clock.instant(),
                behind == null ? null : behind.rootId());
        toPark.add(letter);
        parkedIds.add(id);
        block(event, behind != null ? behind : new Blocker(id, event.position()));
    }

    /** The group an event has to wait behind: its stream's (or instance's) earlier parked event, if any. */
    private @Nullable Blocker blockerOf(RecordedEvent event) {
        if (blockers.isEmpty()) {
            return null;
        }
        Blocker byStream = blockers.get("s:" + event.streamId().value());
        if (byStream != null && event.position().isAfter(byStream.position())) {
            return byStream;
        }
        if (stage.blocksByKey()) {
            String key = stage.blockingKey(event);
            Blocker byKey = key == null ? null : blockers.get("k:" + key);
            if (byKey != null && event.position().isAfter(byKey.position())) {
                return byKey;
            }
        }
        return null;
    }

    private void block(RecordedEvent event, Blocker blocker) {
        blockers.putIfAbsent("s:" + event.streamId().value(), blocker);
        if (stage.blocksByKey()) {
            String key = stage.blockingKey(event);
            if (key != null) {
                blockers.putIfAbsent("k:" + key, blocker);
            }
        }
    }

    /** The group of a letter: the id of the event it waits behind, or its own when it is the first. */
    private static String rootOf(DeadLetter letter) {
        String behind = letter.behind();
        return behind != null ? behind : letter.id();
    }

    private void loadBlockedStreams() {
        blockers.clear();
        parkedIds.clear();
        switch (deadLetters.list(name)) {
            case DeadLetterStore.Listing.Found found -> {
                Map<String, Blocker> groups = new HashMap<>();
                for (DeadLetter letter : found.letters()) {  // position order: a group's first event comes first
                    Blocker group = groups.computeIfAbsent(rootOf(letter), root -> new Blocker(root, letter.position()));
                    parkedIds.add(letter.id());
                    blockers.putIfAbsent("s:" + letter.stream().value(), group);
                    if (stage.blocksByKey()) {
                        block(readEvent(letter), group);
                    }
                }
            }
            case DeadLetterStore.Listing.Failed failed -> throw new StorageProblem(failed.failure());
        }
    }

    // ---------------------------------------------------------------- dead-letter requests

    /** Serves queued retry/skip requests; false when a commit was fenced. */
    private boolean serveRequests(long token) {
        for (Request request; (request = requests.poll()) != null; ) {
            DeadLetterOutcome outcome;
            try {
                outcome = serve(request, token);
            } catch (StorageProblem e) {
                outcome = new DeadLetterOutcome.Failed(e.failure());
            }
            request.answer(outcome);
            if (fenced) {
                return false;
            }
        }
        return true;
    }

    private DeadLetterOutcome serve(Request request, long token) {
        List<DeadLetter> letters = switch (deadLetters.list(name)) {
            case DeadLetterStore.Listing.Found found -> found.letters();
            case DeadLetterStore.Listing.Failed failed -> {
                yield null;
            }
        };
        if (letters == null) {
            return new DeadLetterOutcome.Failed(StorageFailure.unavailable("dead letters cannot be listed"));
        }
        DeadLetter target = null;
        for (DeadLetter letter : letters) {
            if (letter.id().equals(request.id)) {
                target = letter;
            }
        }
        if (target == null) {
            return new DeadLetterOutcome.NotFound(request.id);
        }
        String root = rootOf(target);
        List<DeadLetter> group = new ArrayList<>();
        for (DeadLetter letter : letters) {
            if (rootOf(letter).equals(root)) {
                group.add(letter);
            }
        }
        for (DeadLetter letter : group) {
            if (letter.position().isAfter(committed)) {
                // parked by a batch that crashed before its commit: the redelivery has to pass first,
                // or a skipped event would be applied when it comes again
                return new DeadLetterOutcome.NotActive("runner " + name + " is still catching up to "
                        + letter.position() + "; try again");
            }
        }
        List<DeadLetter> toApply = new ArrayList<>(group);
        if (request.isSkip) {
            toApply.remove(target);
            if (deadLetters.remove(target.id()) instanceof WriteResult.Failed failed) {
                return new DeadLetterOutcome.Failed(failed.failure());
            }
            parkedIds.remove(target.id());
        }
        stage.begin(true);
        List<DeadLetter> applied = new ArrayList<>();
        String stillFailing = null;
        DeadLetter newRoot = null;
        for (DeadLetter letter : toApply) {
            RecordedEvent event = readEvent(letter);
            try {
                stage.apply(event, null);
                applied.add(letter);
            } catch (StorageProblem e) {
                throw e;
            } catch (RuntimeException e) {
                stillFailing = e instanceof PoisonEvent ? e.getMessage() : describe(e);
                newRoot = new DeadLetter(letter.id(), letter.consumer(), letter.stream(), letter.version(),
                        letter.position(), letter.eventId(), letter.eventType(), stillFailing, letter.attempts() + 1,
                        letter.parkedAt(), null);
                break;
            }
        }
        // States first, then the letters: a crash in between leaves letters whose events are already
        // in the read model (retrying them again would apply them twice; see the class comment).
        if (stage.hasChanges() && !commit(committed, token, applied.size())) {
            return new DeadLetterOutcome.NotActive("runner " + name + " was fenced");
        }
        for (DeadLetter letter : applied) {
            if (deadLetters.remove(letter.id()) instanceof WriteResult.Failed failed) {
                return new DeadLetterOutcome.Failed(failed.failure());
            }
            parkedIds.remove(letter.id());
        }
        int remaining = toApply.size() - applied.size();
        if (newRoot == null) {
            blockers.values().removeIf(b -> b.rootId().equals(root));
            return new DeadLetterOutcome.Resolved(applied.size());
        }
        // the event that failed again heads the group now: the rest wait behind it
        List<DeadLetter> regrouped = new ArrayList<>();
        regrouped.add(newRoot);
        for (DeadLetter letter : toApply.subList(applied.size() + 1, toApply.size())) {
            regrouped.add(new DeadLetter(letter.id(), letter.consumer(), letter.stream(), letter.version(),
                    letter.position(), letter.eventId(), letter.eventType(), letter.reason(), letter.attempts(),
                    letter.parkedAt(), newRoot.id()));
        }
        if (deadLetters.parkAll(regrouped) instanceof WriteResult.Failed failed) {
            throw new StorageProblem(failed.failure());
        }
        Blocker next = new Blocker(newRoot.id(), newRoot.position());
        blockers.replaceAll((k, b) -> b.rootId().equals(root) ? next : b);
        return new DeadLetterOutcome.StillParked(applied.size(), remaining, Objects.requireNonNull(stillFailing));
    }

    private RecordedEvent readEvent(DeadLetter letter) {
        return switch (eventStore.readStream(letter.stream(), letter.version(), ReadDirection.FORWARD, 1)) {
            case ReadStreamResult.Found found when !found.events().isEmpty() -> found.events().getFirst();
            case ReadStreamResult.Found found -> throw new StorageProblem(StorageFailure.corrupted(
                    "parked event " + letter.stream() + "@" + letter.version() + " is missing from the store"));
            case ReadStreamResult.NotFound notFound -> throw new StorageProblem(StorageFailure.corrupted(
                    "stream of parked event " + letter.stream() + " is missing from the store"));
            case ReadStreamResult.Failed failed -> throw new StorageProblem(failed.failure());
        };
    }

    private void rejectRequests(String detail) {
        for (Request r; (r = requests.poll()) != null; ) {
            r.answer(new DeadLetterOutcome.NotActive(detail));
        }
    }

    private static final class Request {
        final String id;
        final boolean isSkip;
        final CountDownLatch done = new CountDownLatch(1);
        volatile @Nullable DeadLetterOutcome outcome;

        Request(String id, boolean isSkip) {
            this.id = id;
            this.isSkip = isSkip;
        }

        void answer(DeadLetterOutcome value) {
            outcome = value;
            done.countDown();
        }
    }

    // ---------------------------------------------------------------- helpers

    private void fail(String detail) {
        lastError = detail;
        state = ProjectionStatus.State.RETRYING;
        LOG.log(System.Logger.Level.WARNING, "runner {0}: {1}", name, detail);
    }

    private void signalProgress() {
        progressLock.lock();
        try {
            progressed.signalAll();
        } finally {
            progressLock.unlock();
        }
    }

    private void pause(Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        synchronized (wakeUp) {
            long remaining;
            while (!stopping && requests.isEmpty() && (remaining = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(wakeUp, remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** The typed half of the runner: one view store, one folder, the current batch. */
    private static final class Stage<S> {
        private final ViewStore<S> store;
        private final Folder<S> folder;
        private Batch<S> batch;

        Stage(ViewStore<S> store, Folder<S> folder) {
            this.store = store;
            this.folder = folder;
            this.batch = new Batch<>(store, false);
        }

        void begin(boolean isRetry) {
            batch = new Batch<>(store, isRetry);
        }

        void apply(RecordedEvent event, @Nullable Object prepared) {
            folder.apply(event, prepared, batch);
        }

        boolean prepares() {
            return folder.prepares();
        }

        boolean prefersLoadMany() {
            return store.prefersLoadMany();
        }

        void preload(List<RecordedEvent> events, DecodeAhead.Prepared prepared) {
            Set<String> keys = new LinkedHashSet<>();
            for (int i = 0; i < events.size(); i++) {
                String key = folder.keyOf(events.get(i), prepared.get(i));
                if (key != null) {
                    keys.add(key);
                }
            }
            batch.preload(keys);
        }

        Folder<S> folder() {
            return folder;
        }

        void tick() {
            folder.tick(batch);
        }

        boolean blocksByKey() {
            return folder.blocksByKey();
        }

        @Nullable String blockingKey(RecordedEvent event) {
            try {
                return folder.blockingKey(event);
            } catch (RuntimeException e) {
                return null;  // cannot even be decoded: it blocks its stream only
            }
        }

        boolean hasChanges() {
            return batch.hasChanges();
        }

        ViewStore.CheckpointLoad checkpoint() {
            return store.checkpoint();
        }

        ViewStore.CommitResult commit(GlobalPosition checkpoint, long token) {
            return store.commit(batch.changes(), checkpoint, token);
        }
    }

    /** Configures a runner; defaults: all streams, in-memory locks and dead letters, {@link RunnerOptions#DEFAULTS}. */
    public static final class Builder {
        private final String name;
        private final EventStore eventStore;
        private final Stage<?> stage;
        private @Nullable Function<GlobalPosition, Subscription> source;
        private DeadLetterStore deadLetters = new dev.annals.projections.memory.InMemoryDeadLetterStore();
        private ProjectionLocks locks = new dev.annals.projections.memory.InMemoryProjectionLocks();
        private RunnerOptions options = RunnerOptions.DEFAULTS;
        private Predicate<StreamId> accepts = stream -> true;
        private Clock clock = Clock.systemUTC();

        private Builder(String name, EventStore eventStore, Stage<?> stage) {
            this.name = ConsumerNames.require(name);
            this.eventStore = Objects.requireNonNull(eventStore);
            this.stage = stage;
        }

        /** Where events come from (tests wrap subscriptions to inject redeliveries). */
        Builder subscription(Function<GlobalPosition, Subscription> value) {
            this.source = Objects.requireNonNull(value);
            return this;
        }

        /** Subscribe to one category instead of {@code $all}. */
        public Builder category(String category) {
            this.source = after -> eventStore.subscribeToCategory(category, after);
            return this;
        }

        public Builder deadLetters(DeadLetterStore store) {
            this.deadLetters = Objects.requireNonNull(store);
            return this;
        }

        public Builder locks(ProjectionLocks value) {
            this.locks = Objects.requireNonNull(value);
            return this;
        }

        public Builder options(RunnerOptions value) {
            this.options = Objects.requireNonNull(value);
            return this;
        }

        /** Handle only events of streams this accepts (a partition); the checkpoint still moves past the others. */
        public Builder streams(Predicate<StreamId> filter) {
            this.accepts = Objects.requireNonNull(filter);
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value);
            return this;
        }

        public ProjectionRunner build() {
            return new ProjectionRunner(this, stage);
        }
    }
}
