// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections.file;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/** Length-prefixed UTF-8 strings in records; -1 marks null. */
final class Binary {
    private Binary() {
    }

    static int sizeOf(@Nullable String value) {
        return 4 + (value == null ? 0 : value.length() * 3);
    }

    static void putString(ByteBuffer buffer, @Nullable String value) {
        if (value == null) {
            buffer.putInt(-1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        buffer.putInt(bytes.length).put(bytes);
    }

    static @Nullable String getNullableString(ByteBuffer buffer) {
        int length = buffer.getInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static String getString(ByteBuffer buffer) {
        String value = getNullableString(buffer);
        if (value == null) {
            throw new IllegalStateException("a required string is missing from a record");
        }
        return value;
    }
}
