// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.embedded.index;

import java.util.Arrays;

/** A growable array of ints. Not thread-safe. */
public final class IntList {
    private int[] values;
    private int size;

    public IntList(int initialCapacity) {
        values = new int[Math.max(1, initialCapacity)];
    }

    public void add(int value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, LongList.grow(values.length));
        }
        values[size++] = value;
    }

    public int get(int index) {
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
    public void addAll(java.nio.IntBuffer from) {
        int count = from.remaining();
        ensureCapacity(size + count);
        from.get(values, size, count);
        size += count;
    }

    public int size() {
        return size;
    }

    /** Index of the last value &lt;= {@code value} (sorted ascending), or -1. */
    public int lastAtOrBefore(int value) {
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
        return low - 1;
    }

    public long capacityBytes() {
        return 16L + 4L * values.length;
    }
}
