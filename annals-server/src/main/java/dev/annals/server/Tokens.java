// SPDX-License-Identifier: Apache-2.0
package dev.annals.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/*
 * Bearer tokens
 * -------------
 * Only SHA-256 hashes of tokens are kept in memory. A presented token is hashed and compared with
 * every known hash using MessageDigest.isEqual (constant time), without stopping at the first
 * match, so timing reveals neither a token's prefix nor which entry matched.
 *
 * The admin token comes from ANNALS_ADMIN_TOKEN, else from <data>/admin.token, else it is
 * generated (32 bytes of SecureRandom, URL-safe base64 without padding) and written there with
 * owner-only permissions (rw-------), created with those permissions so it is never readable by
 * others, not even for an instant. Tokens are never logged; only the file's location is.
 */

/** The tokens a server accepts and the role each one grants. Immutable and thread-safe. */
public final class Tokens {
    public static final String ADMIN_TOKEN_ENV = "ANNALS_ADMIN_TOKEN";
    public static final String TOKENS_ENV = "ANNALS_TOKENS";
    public static final String ADMIN_TOKEN_FILE = "admin.token";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private record Entry(byte[] hash, Caller caller) {}

    private final List<Entry> entries;

    private Tokens(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** What a request's credentials amount to. */
    public sealed interface Authentication {
        record Missing() implements Authentication {}

        record Invalid() implements Authentication {}

        record Authenticated(Caller caller) implements Authentication {}
    }

    /** The tokens of a server, and where the admin token was written when it was generated or read from a file. */
    public record Loaded(Tokens tokens, @Nullable Path adminTokenFile, boolean isGenerated) {}

    /** Tokens from explicit (role, token) pairs; for tests and embedding. */
    public static Tokens of(Map<String, Role> tokenToRole) {
        List<Entry> entries = new ArrayList<>();
        int index = 0;
        for (var entry : tokenToRole.entrySet()) {
            entries.add(entry(entry.getKey(), entry.getValue(), index++));
        }
        return new Tokens(entries);
    }

    /**
     * Loads the admin token ({@value #ADMIN_TOKEN_ENV}, else {@code <dataDir>/admin.token}, generated
     * when missing) and the extra tokens of {@value #TOKENS_ENV} ({@code role:token,role:token}).
     * A malformed {@value #TOKENS_ENV} is a configuration error and throws.
     */
    public static Loaded load(Map<String, String> environment, Path dataDir) {
        List<Entry> entries = new ArrayList<>();
        Path file = null;
        boolean generated = false;
        String admin = environment.get(ADMIN_TOKEN_ENV);
        if (admin == null || admin.isBlank()) {
            file = dataDir.resolve(ADMIN_TOKEN_FILE);
            generated = !Files.exists(file);
            admin = generated ? generate(file) : readTokenFile(file);
        }
        entries.add(entry(admin.strip(), Role.ADMIN, 0));
        String extra = environment.get(TOKENS_ENV);
        if (extra != null && !extra.isBlank()) {
            int index = 1;
            for (String pair : extra.split(",")) {
                String trimmed = pair.strip();
                int colon = trimmed.indexOf(':');
                if (colon <= 0 || colon == trimmed.length() - 1) {
                    throw new IllegalArgumentException(TOKENS_ENV + " must be comma-separated role:token pairs (entry "
                            + index + " is not)");
                }
                Role role = parseRole(trimmed.substring(0, colon), index);
                entries.add(entry(trimmed.substring(colon + 1), role, index));
                index++;
            }
        }
        return new Loaded(new Tokens(entries), file, generated);
    }

    /** Checks an {@code Authorization} header value. */
    public Authentication authenticate(@Nullable String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return new Authentication.Missing();
        }
        if (authorization.length() < 8 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return new Authentication.Invalid();
        }
        String token = authorization.substring(7).strip();
        if (token.isEmpty() || token.length() > 512) {
            return new Authentication.Invalid();
        }
        byte[] presented = sha256(token);
        Caller match = null;
        for (Entry entry : entries) {
            // no early exit: every entry is compared, in constant time each
            if (MessageDigest.isEqual(entry.hash(), presented) && match == null) {
                match = entry.caller();
            }
        }
        return match == null ? new Authentication.Invalid() : new Authentication.Authenticated(match);
    }

    private static Role parseRole(String raw, int index) {
        return switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "reader" -> Role.READER;
            case "writer" -> Role.WRITER;
            case "admin" -> Role.ADMIN;
            default -> throw new IllegalArgumentException(TOKENS_ENV + " entry " + index
                    + " has an unknown role (reader, writer or admin)");
        };
    }

    private static Entry entry(String token, Role role, int index) {
        if (token.isEmpty()) {
            throw new IllegalArgumentException("a token must not be empty");
        }
        if (role == Role.PUBLIC) {
            throw new IllegalArgumentException("a token cannot grant the public role");
        }
        return new Entry(sha256(token), new Caller(role, role.wireName() + "#" + index));
    }

    private static String generate(Path file) {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        try {
            Files.createDirectories(file.getParent());
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
            return token;
        } catch (FileAlreadyExistsException e) {
            return readTokenFile(file);  // another process won the race: use its token
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the admin token file " + file, e);
        }
    }

    private static String readTokenFile(Path file) {
        try {
            if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
            String token = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (token.isEmpty()) {
                throw new IllegalStateException("the admin token file " + file + " is empty");
            }
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the admin token file " + file, e);
        }
    }

    /*
     * A fresh digest per call, cloned from one untouched prototype: MessageDigest.getInstance walks
     * the security providers on every call (2.5% of the request threads' CPU under command load).
     * No cache of presented tokens or of their hashes is kept: every request still hashes the token
     * it carries and compares in constant time, and no raw token outlives its request.
     */
    private static final MessageDigest SHA_256 = newSha256();

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    static byte[] sha256(String token) {
        MessageDigest digest;
        try {
            digest = (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            digest = newSha256();  // a provider whose digests cannot be cloned: look one up per call
        }
        return digest.digest(token.getBytes(StandardCharsets.UTF_8));
    }
}
