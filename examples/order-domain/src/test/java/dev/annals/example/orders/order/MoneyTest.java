// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Money is a non-negative decimal with at most two fraction digits, written as a string. */
class MoneyTest {
    @Test
    void parsesAndPrintsTwoFractionDigits() {
        assertThat(Money.of("19.99").cents()).isEqualTo(1999);
        assertThat(Money.of("19.99")).hasToString("19.99");
        assertThat(Money.of("5")).hasToString("5.00");
        assertThat(Money.of("0.5")).hasToString("0.50");
        assertThat(Money.of("0")).isEqualTo(Money.ZERO);
        assertThat(Money.of("19.99").toBigDecimal()).isEqualByComparingTo(new BigDecimal("19.99"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "-0.01", "1.999", "1e3", "+1", "", " 1", "1.", ".5", "abc", "100000000000.01"})
    void refusesNegativeAmountsMoreThanTwoFractionDigitsAndNonDecimals(String text) {
        assertThat(Money.isValid(text)).isFalse();
        assertThatThrownBy(() -> Money.of(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void acceptsTheLargestAmount() {
        assertThat(Money.isValid("100000000000.00")).isTrue();
        assertThat(Money.of("100000000000.00")).isEqualTo(Money.MAX);
    }

    @Test
    void printsWhatBigDecimalsPlainStringOfTheCentsGives() {
        var random = new java.util.SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            long cents = i < 1_000 ? i : i % 2 == 0 ? random.nextLong(0, 1_000_000) : random.nextLong(0, Money.MAX_CENTS + 1);
            assertThat(Money.ofCents(cents).toString()).isEqualTo(BigDecimal.valueOf(cents, 2).toPlainString());
        }
        assertThat(Money.MAX.toString()).isEqualTo(BigDecimal.valueOf(Money.MAX_CENTS, 2).toPlainString());
    }

    @Test
    void refusesANegativeNumberOfCents() {
        assertThatThrownBy(() -> Money.ofCents(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void addsSubtractsMultipliesAndDividesExactly() {
        assertThat(Money.of("0.10").plus(Money.of("0.20"))).isEqualTo(Money.of("0.30"));
        assertThat(Money.of("1.00").minus(Money.of("0.01"))).isEqualTo(Money.of("0.99"));
        assertThat(Money.of("1.50").times(3)).isEqualTo(Money.of("4.50"));
        assertThat(Money.of("10.00").dividedBy(3)).isEqualTo(Money.of("3.33"));
        assertThat(Money.of("0.05").dividedBy(2)).isEqualTo(Money.of("0.03"));
    }

    @Test
    void refusesArithmeticThatLeavesTheRange() {
        assertThatThrownBy(() -> Money.of("1.00").minus(Money.of("1.01"))).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> Money.MAX.plus(Money.ofCents(1))).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void ordersByAmount() {
        assertThat(Money.of("2.00")).isGreaterThan(Money.of("1.99"));
    }
}
