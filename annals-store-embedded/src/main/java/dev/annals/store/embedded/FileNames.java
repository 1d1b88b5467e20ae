// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.embedded;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * File names for stream ids and checkpoint names: letters, digits, '-', '_' and '.' are kept, any
 * other character becomes '~' and two hex digits, and a name that would be too long (or start with
 * '.') becomes the SHA-256 of the name. The original name is stored inside the file and checked on load.
 */
final class FileNames {
    private static final int MAX = 180;

    private FileNames() {
    }

    static String of(String name, String suffix) {
        StringBuilder out = new StringBuilder(name.length() + suffix.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || (c == '.' && i > 0)) {
                out.append(c);
            } else {
                for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
                    out.append('~').append(HexFormat.of().toHexDigits(b));
                }
            }
        }
        if (out.length() > MAX) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
                return "~" + HexFormat.of().formatHex(digest) + suffix;
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing from this JDK", e);
            }
        }
        return out.append(suffix).toString();
    }
}
