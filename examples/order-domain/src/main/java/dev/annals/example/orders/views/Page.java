// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.views;

/**
 * Which page of a result to return: {@code number} counts from 1, {@code size} is 1 to
 * {@value #MAX_SIZE}. Out-of-range values are programming errors here; adapters check with
 * {@link #isValid} and answer 400.
 */
public record Page(int number, int size) {
    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;
    /** Far pages are refused rather than scanned: offset stays below 1,000,000 rows. */
    public static final int MAX_NUMBER = 1_000_000 / MAX_SIZE;
    public static final Page FIRST = new Page(1, DEFAULT_SIZE);

    public Page {
        if (!isValid(number, size)) {
            throw new IllegalArgumentException("page must be 1.." + MAX_NUMBER + " and size 1.." + MAX_SIZE + ": page "
                    + number + ", size " + size);
        }
    }

    public static Page of(int number, int size) {
        return new Page(number, size);
    }

    public static boolean isValid(int number, int size) {
        return number >= 1 && number <= MAX_NUMBER && size >= 1 && size <= MAX_SIZE;
    }

    /** How many items come before this page. */
    public int offset() {
        return (number - 1) * size;
    }
}
