// SPDX-License-Identifier: Apache-2.0
package dev.annals.core.store;

/**
 * Names one stream: {@code <Category>-<id>}, for example {@code Order-42}. The category is the part
 * before the first {@code '-'}; a stream id without a dash is its own category.
 *
 * <p>Valid ids are 1 to 200 characters of letters, digits and {@code - _ . : @ +}; {@code $} starts
 * system names (such as {@code }) and is refused here.
 */
public record StreamId(String value) implements Comparable<StreamId> {
    public static final int MAX_LENGTH = 200;

    public StreamId {
        if (!isValid(value)) {
            throw new IllegalArgumentException("invalid stream id: '" + value + "' (1.." + MAX_LENGTH
                    + " characters of letters, digits and - _ . : @ +)");
        }
    }

    public static StreamId of(String value) {
        return new StreamId(value);
    }

    /** A stream id in a category, e.g. {@code of("Order", "42")} is {@code Order-42}. */
    public static StreamId of(String category, String id) {
        return new StreamId(category + "-" + id);
    }

    public static boolean isValid(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == ':' || c == '@' || c == '+';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The part before the first '-', or the whole id when it has none. */
    public String category() {
        int dash = value.indexOf('-');
        return dash < 0 ? value : value.substring(0, dash);
    }

    @Override
    public int compareTo(StreamId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
