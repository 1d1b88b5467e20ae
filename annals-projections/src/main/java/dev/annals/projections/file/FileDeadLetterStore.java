// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections.file;

import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.StorageFailure;
import dev.annals.core.store.StreamId;
import dev.annals.core.store.StreamVersion;
import dev.annals.core.store.WriteResult;
import dev.annals.projections.DeadLetter;
import dev.annals.projections.DeadLetterStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Dead letters in a CRC-framed append-only file ("dead-letters.*" in a directory), durable before
 * each call returns. Holds event coordinates and the failure reason, never payloads.
 */
public final class FileDeadLetterStore implements DeadLetterStore, AutoCloseable {
    private static final Comparator<DeadLetter> ORDER =
            Comparator.comparing(DeadLetter::consumer).thenComparing(DeadLetter::position);
    private final KeyedFile<DeadLetter> file;

    private FileDeadLetterStore(KeyedFile<DeadLetter> file) {
        this.file = file;
    }

    /** Opens the store in {@code dir}; I/O errors at open are infrastructure failures of the caller's setup. */
    public static FileDeadLetterStore open(Path dir) throws IOException {
        return new FileDeadLetterStore(KeyedFile.open(dir, "dead-letters", FileDeadLetterStore::write,
                FileDeadLetterStore::size, FileDeadLetterStore::read));
    }

    @Override
    public WriteResult park(DeadLetter letter) {
        return file.put(letter.id(), letter);
    }

    @Override
    public WriteResult parkAll(List<DeadLetter> letters) {
        java.util.Map<String, DeadLetter> byId = new java.util.LinkedHashMap<>();
        letters.forEach(l -> byId.put(l.id(), l));
        return file.putAll(byId);
    }

    @Override
    public Listing list(String consumer) {
        return listing(consumer);
    }

    @Override
    public Listing listAll() {
        return listing(null);
    }

    @Override
    public WriteResult remove(String id) {
        return file.remove(id);
    }

    @Override
    public void close() {
        file.close();
    }

    private Listing listing(@org.jspecify.annotations.Nullable String consumer) {
        StorageFailure failure = file.failure();
        if (failure != null) {
            return new Listing.Failed(failure);
        }
        List<DeadLetter> letters = new ArrayList<>();
        for (DeadLetter letter : file.values()) {
            if (consumer == null || letter.consumer().equals(consumer)) {
                letters.add(letter);
            }
        }
        letters.sort(ORDER);
        return new Listing.Found(letters);
    }

    private static int size(DeadLetter l) {
        return Binary.sizeOf(l.id()) + Binary.sizeOf(l.consumer()) + Binary.sizeOf(l.stream().value()) + 8 + 8 + 16
                + Binary.sizeOf(l.eventType()) + Binary.sizeOf(l.reason()) + 4 + 8 + Binary.sizeOf(l.behind());
    }

    private static void write(ByteBuffer b, DeadLetter l) {
        Binary.putString(b, l.id());
        Binary.putString(b, l.consumer());
        Binary.putString(b, l.stream().value());
        b.putLong(l.version().value()).putLong(l.position().value());
        b.putLong(l.eventId().getMostSignificantBits()).putLong(l.eventId().getLeastSignificantBits());
        Binary.putString(b, l.eventType());
        Binary.putString(b, l.reason());
        b.putInt(l.attempts()).putLong(l.parkedAt().toEpochMilli());
        Binary.putString(b, l.behind());
    }

    private static DeadLetter read(ByteBuffer b) {
        String id = Binary.getString(b);
        String consumer = Binary.getString(b);
        StreamId stream = StreamId.of(Binary.getString(b));
        StreamVersion version = StreamVersion.of(b.getLong());
        GlobalPosition position = GlobalPosition.of(b.getLong());
        UUID eventId = new UUID(b.getLong(), b.getLong());
        String eventType = Binary.getString(b);
        String reason = Binary.getString(b);
        int attempts = b.getInt();
        Instant parkedAt = Instant.ofEpochMilli(b.getLong());
        String behind = Binary.getNullableString(b);
        return new DeadLetter(id, consumer, stream, version, position, eventId, eventType, reason, attempts, parkedAt, behind);
    }
}
