// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.postgres;

/*
 * Why a validator here
 * --------------------
 * Event payloads are bytes. The store keeps those bytes exactly (bytea) and, beside them, a jsonb
 * copy for SQL queries when the bytes are JSON that PostgreSQL accepts. Casting bytes that are not
 * acceptable to jsonb would fail the whole append, so this class decides, conservatively, before
 * the bytes are sent: strict RFC 8259 grammar over well-formed UTF-8, plus jsonb's own limits (no
 * \u0000, no unpaired surrogate escapes, bounded nesting and number size). Anything in doubt is
 * "not JSON" and is simply stored without the jsonb copy; reads never depend on this choice.
 */
final class JsonPayloads {
    private static final int MAX_DEPTH = 256;
    private static final int MAX_NUMBER_LENGTH = 100;

    private final byte[] in;
    private int at;

    private JsonPayloads(byte[] in) {
        this.in = in;
    }

    /** Whether PostgreSQL will accept these bytes as jsonb. */
    static boolean isJsonb(byte[] bytes) {
        if (bytes.length == 0) {
            return false;
        }
        try {
            var parser = new JsonPayloads(bytes);
            parser.skipWhitespace();
            parser.value(0);
            parser.skipWhitespace();
            return parser.at == bytes.length;
        } catch (NotJson e) {
            return false;
        }
    }

    private static final class NotJson extends Exception {
        private static final long serialVersionUID = 1L;

        NotJson() {
            super(null, null, false, false);
        }
    }

    private static final NotJson NOT_JSON = new NotJson();

    private int peek() throws NotJson {
        if (at >= in.length) {
            throw NOT_JSON;
        }
        return in[at] & 0xFF;
    }

    private void expect(int c) throws NotJson {
        if (peek() != c) {
            throw NOT_JSON;
        }
        at++;
    }

    private void skipWhitespace() {
        while (at < in.length) {
            int c = in[at];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                at++;
            } else {
                return;
            }
        }
    }

    private void value(int depth) throws NotJson {
        if (depth > MAX_DEPTH) {
            throw NOT_JSON;
        }
        int c = peek();
        switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> number();
        }
    }

    private void object(int depth) throws NotJson {
        at++;
        skipWhitespace();
        if (peek() == '}') {
            at++;
            return;
        }
        while (true) {
            skipWhitespace();
            string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            value(depth + 1);
            skipWhitespace();
            int c = peek();
            at++;
            if (c == '}') {
                return;
            }
            if (c != ',') {
                throw NOT_JSON;
            }
        }
    }

    private void array(int depth) throws NotJson {
        at++;
        skipWhitespace();
        if (peek() == ']') {
            at++;
            return;
        }
        while (true) {
            skipWhitespace();
            value(depth + 1);
            skipWhitespace();
            int c = peek();
            at++;
            if (c == ']') {
                return;
            }
            if (c != ',') {
                throw NOT_JSON;
            }
        }
    }

    private void literal(String word) throws NotJson {
        for (int i = 0; i < word.length(); i++) {
            expect(word.charAt(i));
        }
    }

    private void number() throws NotJson {
        int start = at;
        if (peek() == '-') {
            at++;
        }
        if (peek() == '0') {
            at++;
        } else {
            digits();
        }
        if (at < in.length && in[at] == '.') {
            at++;
            digits();
        }
        if (at < in.length && (in[at] == 'e' || in[at] == 'E')) {
            at++;
            if (peek() == '+' || peek() == '-') {
                at++;
            }
            int exponentStart = at;
            digits();
            if (at - exponentStart > 4) {
                throw NOT_JSON;  // numeric's range ends near 1e131072; stay well inside it
            }
        }
        if (at - start > MAX_NUMBER_LENGTH) {
            throw NOT_JSON;
        }
    }

    private void digits() throws NotJson {
        int c = peek();
        if (c < '0' || c > '9') {
            throw NOT_JSON;
        }
        while (at < in.length && in[at] >= '0' && in[at] <= '9') {
            at++;
        }
    }

    private void string() throws NotJson {
        expect('"');
        while (true) {
            int c = peek();
            if (c == '"') {
                at++;
                return;
            }
            if (c < 0x20) {
                throw NOT_JSON;
            }
            if (c == '\\') {
                at++;
                escape();
            } else if (c < 0x80) {
                at++;
            } else {
                utf8Sequence(c);
            }
        }
    }

    private void escape() throws NotJson {
        int c = peek();
        at++;
        switch (c) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> { }
            case 'u' -> {
                int unit = hex4();
                if (unit == 0) {
                    throw NOT_JSON;  // jsonb cannot hold \u0000
                }
                if (unit >= 0xDC00 && unit <= 0xDFFF) {
                    throw NOT_JSON;  // a low surrogate without its high surrogate
                }
                if (unit >= 0xD800 && unit <= 0xDBFF) {
                    expect('\\');
                    expect('u');
                    int low = hex4();
                    if (low < 0xDC00 || low > 0xDFFF) {
                        throw NOT_JSON;
                    }
                }
            }
            default -> throw NOT_JSON;
        }
    }

    private int hex4() throws NotJson {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int c = peek();
            at++;
            int digit = Character.digit(c, 16);
            if (digit < 0) {
                throw NOT_JSON;
            }
            value = value * 16 + digit;
        }
        return value;
    }

    /** Consumes one well-formed UTF-8 sequence (RFC 3629: no overlongs, no surrogates, at most U+10FFFF). */
    private void utf8Sequence(int lead) throws NotJson {
        int length;
        int min;
        int codePoint;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
            min = 0x80;
            codePoint = lead & 0x1F;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            min = 0x800;
            codePoint = lead & 0x0F;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            min = 0x10000;
            codePoint = lead & 0x07;
        } else {
            throw NOT_JSON;
        }
        at++;
        for (int i = 1; i < length; i++) {
            int c = peek();
            if ((c & 0xC0) != 0x80) {
                throw NOT_JSON;
            }
            codePoint = (codePoint << 6) | (c & 0x3F);
            at++;
        }
        if (codePoint < min || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF)) {
            throw NOT_JSON;
        }
    }
}
