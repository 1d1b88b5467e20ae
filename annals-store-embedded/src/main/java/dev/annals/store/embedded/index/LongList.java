// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.embedded.index;

import java.util.Arrays;

/** A growable array of longs, sorted by construction where the index needs it. Not thread-safe. */
public final class LongList {
    private long[] values;
    private int size;

    public LongList(int initialCapacity) {
        values = new long[Math.max(1, initialCapacity)];
    }

    public void add(long value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, grow(values.length));
        }
        values[size++] = value;
    }

    static int grow(int length) {
        int next = length < 1024 ? length * 2 : length + (length >> 1);
        return Math.max(next, length + 1);
    }

    public long get(int index) {
        if (index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        return values[index];
    }

    /** Makes room for {@code capacity} values in all, so that adding up to that many does not grow the array. */
    public void ensureCapacity(int capacity) {
        if (capacity > values.length) {
            values = Arrays.copyOf(values, capacity);
        }
    }

    /** Appends all remaining values of {@code from} (one bulk copy). */
    public void addAll(java.nio.LongBuffer from) {
        int count = from.remaining();
        ensureCapacity(size + count);
        from.get(values, size, count);
        size += count;
    }

    public int size() {
        return size;
    }

    /** Index of the first value greater than {@code value} (the list must be sorted ascending). */
    public int firstAfter(long value) {
        int low = 0;
        int high = size;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (values[mid] > value) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low;
    }

    /** Copies {@code count} values starting at {@code from} into a new array. */
    public long[] copy(int from, int count) {
        return Arrays.copyOfRange(values, from, from + count);
    }

    /** Bytes held, for memory accounting. */
    public long capacityBytes() {
        return 16L + 8L * values.length;
    }
}
