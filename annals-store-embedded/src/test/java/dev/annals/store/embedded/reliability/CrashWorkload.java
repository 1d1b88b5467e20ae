// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.embedded.reliability;

import dev.annals.core.event.EventData;
import dev.annals.core.store.AppendResult;
import dev.annals.core.store.ExpectedVersion;
import dev.annals.core.store.ReadDirection;
import dev.annals.core.store.ReadStreamResult;
import dev.annals.core.store.StreamId;
import dev.annals.core.store.StreamVersion;
import dev.annals.store.embedded.DamagePolicy;
import dev.annals.store.embedded.EmbeddedEventStore;
import dev.annals.store.embedded.OpenResult;
import dev.annals.store.embedded.StorageIo;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/*
 * The child JVM of the crash tests
 * --------------------------------
 * Arguments: directory seed round writers streams segmentBytes maxAppends [fault]
 *
 * Opens the store, prints READY, then runs `writers` threads over `streams` streams until it is
 * killed (or until maxAppends appends were answered, then prints DONE and waits to be killed).
 * The first quarter of the streams is contended: every writer may append there, with the exact
 * version it just read, and re-reads on a conflict. The other streams each belong to one writer,
 * which knows their version. Every event is Workload.event(seed, id).
 *
 * Output protocol, one line per write(2) so that a kill never leaves half a line:
 *   TRY <eventId> <stream>                          before the append of each event
 *   ACK <eventId> <stream> <version> <position>     after Appended (-1: position not reported)
 *   FAILED <kind> <detail> / CONFLICT <detail>      the store misbehaved; the parent fails the trial
 * An optional fault (FaultyIo.Fault syntax) arms a crash point: the process halts inside the I/O
 * layer at that point (T1b).
 */
final class CrashWorkload {
    private static final FileOutputStream OUT = new FileOutputStream(FileDescriptor.out);

    private CrashWorkload() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path directory = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        int round = Integer.parseInt(args[2]);
        int writers = Integer.parseInt(args[3]);
        int streams = Integer.parseInt(args[4]);
        long segmentBytes = Long.parseLong(args[5]);
        long maxAppends = Long.parseLong(args[6]);
        StorageIo io = args.length > 7
                ? new FaultyIo(StorageIo.system(), FaultyIo.Fault.parse(args[7]), false, seed)
                : StorageIo.system();

        OpenResult opened = EmbeddedEventStore.open(StoreFiles.config(directory, segmentBytes, DamagePolicy.REFUSE, io));
        if (!(opened instanceof OpenResult.Opened(EmbeddedEventStore store, var report))) {
            emit("OPEN-FAILED " + opened);
            System.exit(3);
            return;
        }
        emit("READY");
        var answered = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            threads.add(Thread.ofPlatform().name("writer-" + w).start(
                    () -> write(store, seed, round, writer, writers, streams, maxAppends, answered)));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        emit("DONE");
        Thread.currentThread().join();
    }

    private static void write(EmbeddedEventStore store, long seed, int round, int writer, int writers, int streams,
                              long maxAppends, AtomicLong answered) {
        var random = new SplittableRandom(Workload.mix(seed + 31L * round + writer));
        int contended = streams / 4;
        List<Integer> own = new ArrayList<>();
        for (int s = contended; s < streams; s++) {
            if ((s - contended) % writers == writer) {
                own.add(s);
            }
        }
        Map<StreamId, StreamVersion> known = new HashMap<>();
        long sequence = 0;
        while (answered.incrementAndGet() <= maxAppends) {
            boolean isContended = own.isEmpty() || random.nextInt(4) == 0;
            StreamId stream = Workload.stream("Crash", isContended ? random.nextInt(contended) : own.get(random.nextInt(own.size())));
            int size = random.nextInt(8) == 0 ? 2 + random.nextInt(3) : 1;
            List<EventData> batch = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                EventData event = Workload.event(seed, Workload.eventId(seed, round, writer, sequence++));
                batch.add(event);
                emit("TRY " + event.eventId() + " " + stream);
            }
            StreamVersion current = isContended || !known.containsKey(stream) ? lastVersion(store, stream) : known.get(stream);
            while (true) {
                AppendResult result = store.append(stream, ExpectedVersion.from(current), batch);
                switch (result) {
                    case AppendResult.Appended appended -> {
                        long first = appended.lastVersion().value() - size + 1;
                        for (int i = 0; i < size; i++) {
                            long position = i == size - 1 ? appended.lastPosition().value() : -1;
                            emit("ACK " + batch.get(i).eventId() + " " + stream + " " + (first + i) + " " + position);
                        }
                        known.put(stream, appended.lastVersion());
                    }
                    case AppendResult.WrongExpectedVersion wrong -> {
                        if (!isContended) {
                            emit("CONFLICT on own stream " + stream + ": " + wrong);
                            return;
                        }
                        current = lastVersion(store, stream);
                        continue;
                    }
                    case AppendResult.Failed failed -> {
                        emit("FAILED " + failed.failure().kind() + " " + failed.failure().detail().replace('\n', ' '));
                        return;
                    }
                }
                break;
            }
        }
    }

    private static @Nullable StreamVersion lastVersion(EmbeddedEventStore store, StreamId stream) {
        return switch (store.readStream(stream, StreamVersion.END, ReadDirection.BACKWARD, 1)) {
            case ReadStreamResult.Found found -> found.lastVersion();
            case ReadStreamResult.NotFound notFound -> null;
            case ReadStreamResult.Failed failed -> throw new IllegalStateException("read failed: " + failed.failure());
        };
    }

    static void emit(String line) {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (OUT) {
            try {
                OUT.write(bytes);
                OUT.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
