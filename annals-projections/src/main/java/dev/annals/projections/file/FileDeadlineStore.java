// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections.file;

import dev.annals.core.store.StorageFailure;
import dev.annals.core.store.WriteResult;
import dev.annals.projections.Deadline;
import dev.annals.projections.DeadlineStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Process-manager deadlines in a CRC-framed append-only file ("deadlines.*"), durable before each call returns. */
public final class FileDeadlineStore implements DeadlineStore, AutoCloseable {
    private final KeyedFile<Deadline> file;

    private FileDeadlineStore(KeyedFile<Deadline> file) {
        this.file = file;
    }

    public static FileDeadlineStore open(Path dir) throws IOException {
        return new FileDeadlineStore(KeyedFile.open(dir, "deadlines", FileDeadlineStore::write,
                FileDeadlineStore::size, FileDeadlineStore::read));
    }

    @Override
    public WriteResult schedule(Deadline deadline) {
        return file.put(deadline.key(), deadline);
    }

    @Override
    public WriteResult cancel(Deadline deadline) {
        return file.remove(deadline.key());
    }

    @Override
    public Listing forInstance(String consumer, String instanceId) {
        StorageFailure failure = file.failure();
        if (failure != null) {
            return new Listing.Failed(failure);
        }
        List<Deadline> found = new ArrayList<>();
        for (Deadline d : file.values()) {
            if (d.consumer().equals(consumer) && d.instanceId().equals(instanceId)) {
                found.add(d);
            }
        }
        return new Listing.Found(found);
    }

    @Override
    public Listing due(String consumer, Instant now, int maxCount) {
        StorageFailure failure = file.failure();
        if (failure != null) {
            return new Listing.Failed(failure);
        }
        List<Deadline> due = new ArrayList<>();
        for (Deadline d : file.values()) {
            if (d.consumer().equals(consumer) && !d.dueAt().isAfter(now)) {
                due.add(d);
            }
        }
        due.sort(Comparator.comparing(Deadline::dueAt).thenComparing(Deadline::key));
        return new Listing.Found(due.size() > maxCount ? due.subList(0, maxCount) : due);
    }

    @Override
    public void close() {
        file.close();
    }

    private static int size(Deadline d) {
        return Binary.sizeOf(d.consumer()) + Binary.sizeOf(d.instanceId()) + Binary.sizeOf(d.name()) + 12;
    }

    private static void write(ByteBuffer b, Deadline d) {
        Binary.putString(b, d.consumer());
        Binary.putString(b, d.instanceId());
        Binary.putString(b, d.name());
        b.putLong(d.dueAt().getEpochSecond()).putInt(d.dueAt().getNano());
    }

    private static Deadline read(ByteBuffer b) {
        return new Deadline(Binary.getString(b), Binary.getString(b), Binary.getString(b),
                Instant.ofEpochSecond(b.getLong(), b.getInt()));
    }
}
