// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.order;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An exact, non-negative amount with at most two fraction digits, held as whole cents. The
 * currency is the service's one currency. Amounts above {@link #MAX} are refused, so sums of an
 * order's lines (at most 10 lines of at most 1000 units) never overflow a {@code long}.
 *
 * <p>{@code Money.of("19.99")}, {@code toString()} gives {@code "19.99"}; arithmetic beyond
 * {@link #MAX} throws {@link ArithmeticException} (deciders check totals before they add).
 */
public record Money(long cents) implements Comparable<Money> {
    /** 100,000,000,000.00: far above any order, far below {@code Long.MAX_VALUE / 10_000}. */
    public static final long MAX_CENTS = 10_000_000_000_000L;
    public static final Money ZERO = new Money(0);
    public static final Money MAX = new Money(MAX_CENTS);

    public Money {
        if (cents < 0 || cents > MAX_CENTS) {
            throw new IllegalArgumentException("money must be between 0.00 and " + format(MAX_CENTS) + ": " + cents + " cents");
        }
    }

    public static Money ofCents(long cents) {
        return new Money(cents);
    }

    /** Parses {@code "19.99"}, {@code "5"}, {@code "0.5"}; refuses signs, exponents, more than two fraction digits. */
    public static Money of(String text) {
        if (!isValid(text)) {
            throw new IllegalArgumentException("invalid money '" + text + "': a non-negative decimal with at most 2 fraction digits, at most "
                    + format(MAX_CENTS));
        }
        return new Money(new BigDecimal(text).movePointRight(2).longValueExact());
    }

    /** Whether {@link #of} accepts the text: lets adapters answer 400 instead of catching exceptions. */
    public static boolean isValid(String text) {
        if (text == null || !text.matches("[0-9]{1,14}(\\.[0-9]{1,2})?")) {
            return false;
        }
        return new BigDecimal(text).movePointRight(2).compareTo(BigDecimal.valueOf(MAX_CENTS)) <= 0;
    }

    public Money plus(Money other) {
        return checked(Math.addExact(cents, other.cents));
    }

    /** This amount less {@code other}; throws when the result would be negative. */
    public Money minus(Money other) {
        return checked(cents - other.cents);
    }

    public Money times(long factor) {
        return checked(Math.multiplyExact(cents, factor));
    }

    /** This amount shared into {@code parts}, rounded half-up to the cent. */
    public Money dividedBy(long parts) {
        if (parts < 1) {
            throw new IllegalArgumentException("parts must be >= 1: " + parts);
        }
        return new Money(BigDecimal.valueOf(cents).divide(BigDecimal.valueOf(parts), 0, RoundingMode.HALF_UP).longValueExact());
    }

    public BigDecimal toBigDecimal() {
        return BigDecimal.valueOf(cents, 2);
    }

    public boolean isZero() {
        return cents == 0;
    }

    @Override
    public int compareTo(Money other) {
        return Long.compare(cents, other.cents);
    }

    @Override
    public String toString() {
        return format(cents);
    }

    private static Money checked(long cents) {
        if (cents < 0 || cents > MAX_CENTS) {
            throw new ArithmeticException("money out of range 0.00.." + format(MAX_CENTS) + ": " + cents + " cents");
        }
        return new Money(cents);
    }

    private static String format(long cents) {
        return BigDecimal.valueOf(cents, 2).toPlainString();
    }
}
