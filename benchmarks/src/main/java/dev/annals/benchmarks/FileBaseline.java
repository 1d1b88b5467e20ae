// SPDX-License-Identifier: Apache-2.0
package dev.annals.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/*
 * The embedded store's baseline: the plainest durable group-commit loop, measured in the same run
 * on the same disk. N client threads each hand one record (the appended events' payload bytes plus a
 * 32-byte frame per event, roughly what the store writes) to one writer thread and park; the writer
 * takes everything queued, appends it to one file with a single write, fdatasyncs, and unparks the
 * clients. No index, no checksums, no concurrency checks, no recovery format: the gap between this
 * and the store is what the store's own work costs.
 */
final class FileBaseline {
    private static final int FRAME_BYTES = 32;

    private FileBaseline() {
    }

    private static final class Request {
        final byte[] bytes;
        final Thread client;
        volatile boolean isDone;

        Request(byte[] bytes, Thread client) {
            this.bytes = bytes;
            this.client = client;
        }
    }

    /** Durable appends per second of {@code clients} threads doing {@code appendsPerClient} appends each. */
    static double appendsPerSecond(Path dir, int clients, int appendsPerClient, int eventsPerAppend, int eventBytes) {
        Path file = dir.resolve("baseline-" + System.nanoTime() + ".log");
        var queue = new LinkedBlockingQueue<Request>();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            Thread writer = Thread.ofPlatform().name("baseline-writer").daemon().start(() -> writeLoop(channel, queue));
            byte[] record = new byte[eventsPerAppend * (eventBytes + FRAME_BYTES)];
            long nanos = Workers.run(clients, worker -> {
                for (int i = 0; i < appendsPerClient; i++) {
                    var request = new Request(record, Thread.currentThread());
                    queue.add(request);
                    while (!request.isDone) {
                        LockSupport.park(request);
                    }
                }
            });
            writer.interrupt();
            return Workers.perSecond((long) clients * appendsPerClient, nanos);
        } catch (IOException e) {
            throw new UncheckedIOException("the baseline file failed", e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a leftover baseline file is deleted with the run's folder
            }
        }
    }

    private static void writeLoop(FileChannel channel, LinkedBlockingQueue<Request> queue) {
        List<Request> group = new ArrayList<>();
        try {
            while (true) {
                group.add(queue.take());
                queue.drainTo(group);
                int bytes = 0;
                for (Request request : group) {
                    bytes += request.bytes.length;
                }
                ByteBuffer buffer = ByteBuffer.allocate(bytes);
                for (Request request : group) {
                    buffer.put(request.bytes);
                }
                buffer.flip();
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(false);
                for (Request request : group) {
                    request.isDone = true;
                    LockSupport.unpark(request.client);
                }
                group.clear();
            }
        } catch (InterruptedException e) {
            // the run is over
        } catch (IOException e) {
            throw new UncheckedIOException("the baseline writer failed", e);
        }
    }
}
