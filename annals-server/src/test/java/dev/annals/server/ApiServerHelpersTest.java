// SPDX-License-Identifier: Apache-2.0
package dev.annals.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ApiServerHelpersTest {
    @Test
    void freshCorrelationIdsAreDistinctVersion4Uuids() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = ApiServer.correlationId(null);
            UUID parsed = UUID.fromString(id);
            assertThat(parsed.version()).isEqualTo(4);
            assertThat(parsed.variant()).isEqualTo(2);
            assertThat(seen.add(id)).isTrue();
        }
    }

    @Test
    void aSaneCorrelationIdIsKeptAndAnInsaneOneReplaced() {
        assertThat(ApiServer.correlationId("order-42:retry.1")).isEqualTo("order-42:retry.1");
        assertThat(ApiServer.correlationId("has space")).isNotEqualTo("has space");
    }

    @Test
    void accessLogDurationsAreMillisecondsWithTwoDecimalsRoundedHalfUp() {
        assertThat(ApiServer.durationMillis(0)).isEqualTo("0.00");
        assertThat(ApiServer.durationMillis(4_999)).isEqualTo("0.00");
        assertThat(ApiServer.durationMillis(5_000)).isEqualTo("0.01");
        assertThat(ApiServer.durationMillis(1_234_567)).isEqualTo("1.23");
        assertThat(ApiServer.durationMillis(1_995_000)).isEqualTo("2.00");
        assertThat(ApiServer.durationMillis(12_050_000)).isEqualTo("12.05");
        assertThat(ApiServer.durationMillis(-1)).isEqualTo("0.00");
    }

    @Test
    void anAccessLineHasMethodPathStatusDurationCorrelationIdAndCallerInThatOrder() {
        assertThat(ApiServer.accessLine("POST", "/api/orders/o-1/items", 200, 1_234_567, "c-9", "writer#2"))
                .isEqualTo("method=POST path=/api/orders/o-1/items status=200 durationMs=1.23 correlationId=c-9 caller=writer#2");
        assertThat(ApiServer.accessLine("GET", "/a/{}", 404, 0, "x", "-"))
                .isEqualTo("method=GET path=/a/{} status=404 durationMs=0.00 correlationId=x caller=-");
    }
}
