// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.postgres;

import dev.annals.core.event.Metadata;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Metadata as the jsonb column holds it: {@code {"correlationId":…, "causationId":…, "userId":…,
 * "tenant":…, "entries":{…}}}, absent fields omitted. The reader accepts what PostgreSQL prints
 * back (any key order, any whitespace) and nothing beyond strings, null and one nested object.
 * Empty metadata (the common case) encodes to the constant {@code {}} without building anything;
 * the event store's row mapper answers {@link Metadata#EMPTY} for a stored {@code {}} without
 * calling {@link #decode}.
 */
final class MetadataJson {
    private MetadataJson() {}

    static String encode(Metadata metadata) {
        if (metadata.correlationId() == null && metadata.causationId() == null && metadata.userId() == null
                && metadata.tenant() == null && metadata.entries().isEmpty()) {
            return "{}";
        }
        var out = new StringBuilder(64);
        out.append('{');
        boolean first = field(out, true, "correlationId", metadata.correlationId());
        first = field(out, first, "causationId", metadata.causationId());
        first = field(out, first, "userId", metadata.userId());
        first = field(out, first, "tenant", metadata.tenant());
        if (!metadata.entries().isEmpty()) {
            if (!first) {
                out.append(',');
            }
            out.append("\"entries\":{");
            boolean firstEntry = true;
            for (Map.Entry<String, String> entry : metadata.entries().entrySet()) {
                if (!firstEntry) {
                    out.append(',');
                }
                firstEntry = false;
                string(out, entry.getKey());
                out.append(':');
                string(out, entry.getValue());
            }
            out.append('}');
        }
        return out.append('}').toString();
    }

    private static boolean field(StringBuilder out, boolean first, String name, @Nullable String value) {
        if (value == null) {
            return first;
        }
        if (!first) {
            out.append(',');
        }
        out.append('"').append(name).append("\":");
        string(out, value);
        return false;
    }

    private static void string(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c) && !validSurrogateAt(value, i)) {
                        // jsonb refuses \u0000 and lone surrogates; keep them representable as U+FFFD
                        out.append(c == 0 || Character.isSurrogate(c) ? "\\ufffd" : String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean validSurrogateAt(String value, int i) {
        char c = value.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
    }

    static Metadata decode(String json) {
        var reader = new Reader(json);
        String correlationId = null;
        String causationId = null;
        String userId = null;
        String tenant = null;
        Map<String, String> entries = Map.of();
        reader.expect('{');
        if (!reader.consumeIf('}')) {
            do {
                String name = reader.string();
                reader.expect(':');
                switch (name) {
                    case "correlationId" -> correlationId = reader.nullableString();
                    case "causationId" -> causationId = reader.nullableString();
                    case "userId" -> userId = reader.nullableString();
                    case "tenant" -> tenant = reader.nullableString();
                    case "entries" -> entries = reader.stringMap();
                    default -> throw new IllegalStateException("unknown metadata field '" + name + "'");
                }
            } while (reader.consumeIf(','));
            reader.expect('}');
        }
        return new Metadata(correlationId, causationId, userId, tenant, entries);
    }

    /** A reader for the one shape above; a malformed column is a corrupted store, reported by the caller. */
    private static final class Reader {
        private final String in;
        private int at;

        Reader(String in) {
            this.in = in;
        }

        void skipWhitespace() {
            while (at < in.length() && Character.isWhitespace(in.charAt(at))) {
                at++;
            }
        }

        void expect(char c) {
            skipWhitespace();
            if (at >= in.length() || in.charAt(at) != c) {
                throw new IllegalStateException("malformed metadata json at " + at);
            }
            at++;
        }

        boolean consumeIf(char c) {
            skipWhitespace();
            if (at < in.length() && in.charAt(at) == c) {
                at++;
                return true;
            }
            return false;
        }

        @Nullable String nullableString() {
            skipWhitespace();
            if (in.startsWith("null", at)) {
                at += 4;
                return null;
            }
            return string();
        }

        Map<String, String> stringMap() {
            var map = new TreeMap<String, String>();
            expect('{');
            if (consumeIf('}')) {
                return map;
            }
            do {
                String key = string();
                expect(':');
                map.put(key, string());
            } while (consumeIf(','));
            expect('}');
            return map;
        }

        String string() {
            expect('"');
            int start = at;
            while (at < in.length()) {
                char c = in.charAt(at);
                if (c == '"') {
                    return in.substring(start, at++);
                }
                if (c == '\\') {
                    return escapedRest(start);
                }
                at++;
            }
            throw new IllegalStateException("unterminated string in metadata json");
        }

        private String escapedRest(int start) {
            var out = new StringBuilder(in.substring(start, at));
            while (at < in.length()) {
                char c = in.charAt(at++);
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = in.charAt(at++);
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(in, at, at + 4, 16));
                        at += 4;
                    }
                    default -> throw new IllegalStateException("bad escape in metadata json");
                }
            }
            throw new IllegalStateException("unterminated string in metadata json");
        }
    }
}
