// SPDX-License-Identifier: Apache-2.0
package dev.annals.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokensTest {
    @TempDir
    Path data;

    @Test
    void generatesTheAdminTokenIntoAnOwnerOnlyFileAndReadsItBackNextTime() throws Exception {
        Tokens.Loaded first = Tokens.load(Map.of(), data);
        assertThat(first.isGenerated()).isTrue();
        Path file = first.adminTokenFile();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String token = Files.readString(file).strip();
        assertThat(first.tokens().authenticate("Bearer " + token))
                .isInstanceOfSatisfying(Tokens.Authentication.Authenticated.class,
                        a -> assertThat(a.caller().role()).isEqualTo(Role.ADMIN));

        Tokens.Loaded second = Tokens.load(Map.of(), data);
        assertThat(second.isGenerated()).isFalse();
        assertThat(second.tokens().authenticate("Bearer " + token)).isInstanceOf(Tokens.Authentication.Authenticated.class);
    }

    @Test
    void grantsTheRolesOfAnnalsTokensAndRefusesEverythingElse() {
        Tokens tokens = Tokens.load(Map.of(Tokens.ADMIN_TOKEN_ENV, "a-token", Tokens.TOKENS_ENV, "reader:r-token, writer:w-token"),
                data).tokens();
        assertThat(tokens.authenticate("Bearer r-token")).isInstanceOfSatisfying(Tokens.Authentication.Authenticated.class,
                a -> assertThat(a.caller().role()).isEqualTo(Role.READER));
        assertThat(tokens.authenticate("bearer w-token")).isInstanceOfSatisfying(Tokens.Authentication.Authenticated.class,
                a -> assertThat(a.caller().name()).isEqualTo("writer#2"));
        assertThat(tokens.authenticate(null)).isInstanceOf(Tokens.Authentication.Missing.class);
        assertThat(tokens.authenticate("Bearer r-token-but-longer")).isInstanceOf(Tokens.Authentication.Invalid.class);
        assertThat(tokens.authenticate("Basic YTpi")).isInstanceOf(Tokens.Authentication.Invalid.class);
        assertThat(Files.exists(data.resolve(Tokens.ADMIN_TOKEN_FILE))).isFalse();
    }

    @Test
    void refusesAMalformedTokenList() {
        assertThatThrownBy(() -> Tokens.load(Map.of(Tokens.ADMIN_TOKEN_ENV, "a", Tokens.TOKENS_ENV, "superuser:x"), data))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("x\"");
        assertThatThrownBy(() -> Tokens.load(Map.of(Tokens.ADMIN_TOKEN_ENV, "a", Tokens.TOKENS_ENV, "reader"), data))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
