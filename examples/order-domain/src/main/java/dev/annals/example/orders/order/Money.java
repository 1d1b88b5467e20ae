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
        long cents = parseCents(text);
        if (cents < 0) {
            throw new IllegalArgumentException("invalid money '" + text + "': a non-negative decimal with at most 2 fraction digits, at most "
                    + format(MAX_CENTS));
        }
        return new Money(cents);
    }

    /** Whether {@link #of} accepts the text: lets adapters answer 400 instead of catching exceptions. */
    public static boolean isValid(String text) {
        return parseCents(text) >= 0;
    }

    /**
     * Cents of {@code digits{1,14}(.digits{1,2})?} up to {@link #MAX_CENTS}, or -1. Hand-written
     * because every decoded order event parses money: no regex, no BigDecimal on this path.
     */
    private static long parseCents(String text) {
        if (text == null) {
            return -1;
        }
        int length = text.length();
        int dot = text.indexOf('.');
        int integerDigits = dot < 0 ? length : dot;
        int fractionDigits = dot < 0 ? 0 : length - dot - 1;
        if (integerDigits < 1 || integerDigits > 14 || (dot >= 0 && (fractionDigits < 1 || fractionDigits > 2))) {
            return -1;
        }
        long cents = 0;
        for (int i = 0; i < length; i++) {
            if (i == dot) {
                continue;
            }
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            cents = cents * 10 + (c - '0');
        }
        for (int i = fractionDigits; i < 2; i++) {
            cents *= 10;
        }
        return cents <= MAX_CENTS ? cents : -1;
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

    /** Whole units, a point, two fraction digits ("19.99", "0.05", "5.00"); without BigDecimal, as events and views write money often. */
    private static String format(long cents) {
        long fraction = cents % 100;
        return (cents / 100) + (fraction < 10 ? ".0" : ".") + fraction;
    }
}
