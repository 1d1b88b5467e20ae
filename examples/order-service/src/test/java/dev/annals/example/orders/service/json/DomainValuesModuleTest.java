// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.service.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.example.orders.order.Money;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DomainValuesModuleTest {
    private static final OrderCodecs CODECS = new OrderCodecs();

    record Priced(Money price, Instant at) {}

    @Test
    void moneyIsWrittenExactlyAsMoneyToStringWritesIt() throws Exception {
        List<Long> cents = new ArrayList<>(List.of(0L, 1L, 5L, 9L, 10L, 99L, 100L, 101L, 1_999L, 100_000L,
                Money.MAX_CENTS - 1, Money.MAX_CENTS));
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            cents.add(i % 2 == 0 ? random.nextLong(0, 1_000_000) : random.nextLong(0, Money.MAX_CENTS + 1));
        }
        for (long value : cents) {
            Money money = Money.ofCents(value);
            assertThat(CODECS.mapper().writeValueAsString(money)).isEqualTo("\"" + money + "\"");
        }
    }

    @Test
    void propertiesOfRecordsUseTheSameTextAndReadBack() throws Exception {
        Priced priced = new Priced(Money.of("19.9"), Instant.parse("2026-12-01T04:42:23.100Z"));
        String json = CODECS.mapper().writeValueAsString(priced);
        assertThat(json).isEqualTo("{\"price\":\"19.90\",\"at\":\"2026-12-01T04:42:23.100Z\"}");
        assertThat(CODECS.mapper().readValue(json, Priced.class)).isEqualTo(priced);
    }
}
