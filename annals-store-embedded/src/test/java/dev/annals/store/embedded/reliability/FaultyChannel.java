// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.embedded.reliability;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A FileChannel that delegates to a real one and lets {@link FaultyIo} fail, tear, shorten or halt
 * its writes and forces. Reads are passed through unchanged.
 */
final class FaultyChannel extends FileChannel {
    private final FileChannel delegate;
    private final FaultyIo io;

    FaultyChannel(FileChannel delegate, FaultyIo io) {
        this.delegate = delegate;
        this.io = io;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return delegate.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return delegate.read(dsts, offset, length);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return delegate.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return write(src, -1);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        if (io.isTornWriteHalt() && src.remaining() > 0) {
            writeLimited(src, position, io.nextLength(src.remaining()) - 1);
            delegate.force(false);
            Runtime.getRuntime().halt(FaultyIo.HALT_STATUS);
        }
        boolean haltAfter = io.before(FaultyIo.Op.WRITE);
        int limit = io.isShortWrites() && src.remaining() > 1 ? io.nextLength(src.remaining()) : src.remaining();
        int written = writeLimited(src, position, limit);
        FaultyIo.after(haltAfter);
        return written;
    }

    private int writeLimited(ByteBuffer src, long position, int limit) throws IOException {
        if (limit <= 0) {
            return 0;
        }
        ByteBuffer slice = src.duplicate();
        slice.limit(src.position() + limit);
        int written = position < 0 ? delegate.write(slice) : delegate.write(slice, position);
        src.position(src.position() + written);
        return written;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        if (io.isShortWrites() || io.isTornWriteHalt()) {
            for (int i = offset; i < offset + length; i++) {
                if (srcs[i].hasRemaining()) {
                    return write(srcs[i]);
                }
            }
            return 0;
        }
        boolean haltAfter = io.before(FaultyIo.Op.WRITE);
        long written = delegate.write(srcs, offset, length);
        FaultyIo.after(haltAfter);
        return written;
    }

    @Override
    public long position() throws IOException {
        return delegate.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        delegate.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return delegate.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        boolean haltAfter = io.before(FaultyIo.Op.WRITE);
        delegate.truncate(size);
        FaultyIo.after(haltAfter);
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        boolean haltAfter = io.before(FaultyIo.Op.FORCE);
        delegate.force(metaData);
        FaultyIo.after(haltAfter);
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return delegate.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        boolean haltAfter = io.before(FaultyIo.Op.WRITE);
        long transferred = delegate.transferFrom(src, position, count);
        FaultyIo.after(haltAfter);
        return transferred;
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        return delegate.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return delegate.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return delegate.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        delegate.close();
    }
}
