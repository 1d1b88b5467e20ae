// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Durable mode refuses servers that can lose acknowledged commits, and says which setting is the problem. */
class PostgresDurabilityTest {

    @Test
    void opensOnADurableServer() {
        String url = PgTestServer.newDatabase("durable");

        var result = PostgresEventStore.open(PgTestServer.config(url, "annals"));

        assertThat(result).isInstanceOf(OpenResult.Opened.class);
        ((OpenResult.Opened) result).store().close();
    }

    @Test
    void refusesADatabaseWhoseSessionsCommitAsynchronouslyAndNamesTheSetting() throws Exception {
        String url = PgTestServer.newDatabase("async");
        String database = url.substring(url.lastIndexOf('/') + 1).replaceFirst("\\?.*", "");
        try (Connection admin = PgTestServer.connect(url); Statement statement = admin.createStatement()) {
            statement.execute("alter database " + database + " set synchronous_commit = off");
        }

        var refused = PostgresEventStore.open(PgTestServer.config(url, "annals"));
        var unsafe = PostgresEventStore.open(PgTestServer.config(url, "annals")
                .withDurability(PostgresStoreConfig.Durability.UNSAFE_ALLOW_NON_DURABLE_SERVER));

        assertThat(refused).isInstanceOfSatisfying(OpenResult.Refused.class,
                r -> assertThat(unsafeSettingsIn(r.reason())).isEqualTo("synchronous_commit=off"));
        assertThat(unsafe).isInstanceOf(OpenResult.Opened.class);
        ((OpenResult.Opened) unsafe).store().close();
    }

    @Test
    void refusesAServerRunningWithoutFsyncOrFullPageWritesAndNamesBoth() throws Exception {
        Assumptions.assumeTrue(PgTestServer.isEmbedded(), "needs its own server: ANNALS_TEST_PG_URL is set");
        try (EmbeddedPostgres unsafeServer = PgTestServer.start(
                Map.of("fsync", "off", "full_page_writes", "off", "synchronous_commit", "on"))) {
            String url = "jdbc:postgresql://localhost:" + unsafeServer.getPort() + "/postgres";

            var result = PostgresEventStore.open(PostgresStoreConfig.of(url, "postgres", "").withSchema("annals"));

            assertThat(result).isInstanceOfSatisfying(OpenResult.Refused.class,
                    r -> assertThat(unsafeSettingsIn(r.reason())).isEqualTo("fsync=off, full_page_writes=off"));
        }
    }

    /** The list of unsafe settings the refusal names: "...commits: a=x, b=y (durable mode needs ...)". */
    private static String unsafeSettingsIn(String reason) {
        int start = reason.indexOf(": ") + 2;
        return reason.substring(start, reason.indexOf(" (", start));
    }
}
