// SPDX-License-Identifier: Apache-2.0
package dev.annals.json;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.ContextualSerializer;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import com.fasterxml.jackson.datatype.jsr310.ser.InstantSerializer;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;

/*
 * ISO-8601 instants, fast
 * -----------------------
 * Why: a profile of an order-summary replay spent 30% of its time in java.time's
 * DateTimeFormatter.parse (ISO_INSTANT builds a HashMap of parsed fields per call). Event payloads
 * carry instants in exactly one shape, the one Instant.toString() writes.
 *
 * Format (the fast path): "uuuu-MM-ddTHH:mm:ss[.f…]Z" — a four-digit year 0000–9999, valid month
 * and day for that year, hour 0–23, minute and second 0–59, an optional fraction of 1–9 digits, and
 * 'Z'. Every other text (other offsets, leap second 60, signed or five-digit years, whitespace) goes
 * to jackson-datatype-jsr310's InstantDeserializer unchanged, so what is accepted, what it means and
 * how a bad value is reported are exactly as before; the fast path only answers texts for which it
 * gives the same Instant (IsoInstantsTest compares both over random instants and odd shapes).
 * Writing: for years 0000–9999 the exact text Instant.toString() gives (fraction in groups of 3
 * digits, none when zero); other years use Instant.toString() itself.
 * A property with its own @JsonFormat keeps the jsr310 (de)serializer.
 * Concurrency: stateless.
 */
final class IsoInstants {
    private IsoInstants() {
    }

    static SimpleModule module() {
        var module = new SimpleModule("annals-iso-instants");
        module.addDeserializer(Instant.class, new Reader());
        module.addSerializer(Instant.class, new Writer());
        return module;
    }

    /** The instant of a text in the fast-path shape, or null when the text needs the full parser. */
    static Instant parse(char[] text, int offset, int length) {
        if (length < 20 || length > 30 || text[offset + length - 1] != 'Z') {
            return null;
        }
        int at = offset;
        int year = digits(text, at, 4);
        int month = digits(text, at + 5, 2);
        int day = digits(text, at + 8, 2);
        int hour = digits(text, at + 11, 2);
        int minute = digits(text, at + 14, 2);
        int second = digits(text, at + 17, 2);
        if ((year | month | day | hour | minute | second) < 0
                || text[at + 4] != '-' || text[at + 7] != '-' || text[at + 10] != 'T'
                || text[at + 13] != ':' || text[at + 16] != ':') {
            return null;
        }
        if (month < 1 || month > 12 || day < 1 || day > Month.of(month).length(Year.isLeap(year))
                || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        int nanos = 0;
        int fractionDigits = length - 21;  // after "ss", before 'Z', minus the '.'
        if (length > 20) {
            if (text[at + 19] != '.' || fractionDigits < 1) {
                return null;
            }
            for (int i = 0; i < 9; i++) {
                int digit = 0;
                if (i < fractionDigits) {
                    digit = text[at + 20 + i] - '0';
                    if (digit < 0 || digit > 9) {
                        return null;
                    }
                }
                nanos = nanos * 10 + digit;
            }
        }
        long days = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(days * 86_400L + hour * 3_600L + minute * 60L + second, nanos);
    }

    private static int digits(char[] text, int at, int count) {
        int value = 0;
        for (int i = 0; i < count; i++) {
            int digit = text[at + i] - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    /** Instant.toString()'s text; the year must be 0000–9999 or the caller uses Instant.toString(). */
    static int format(Instant instant, char[] out) {
        long epochSecond = instant.getEpochSecond();
        long days = Math.floorDiv(epochSecond, 86_400L);
        int secondOfDay = (int) Math.floorMod(epochSecond, 86_400L);
        LocalDate date = LocalDate.ofEpochDay(days);
        int at = put(out, 0, date.getYear(), 4);
        out[at++] = '-';
        at = put(out, at, date.getMonthValue(), 2);
        out[at++] = '-';
        at = put(out, at, date.getDayOfMonth(), 2);
        out[at++] = 'T';
        at = put(out, at, secondOfDay / 3_600, 2);
        out[at++] = ':';
        at = put(out, at, secondOfDay / 60 % 60, 2);
        out[at++] = ':';
        at = put(out, at, secondOfDay % 60, 2);
        int nanos = instant.getNano();
        if (nanos != 0) {
            out[at++] = '.';
            if (nanos % 1_000_000 == 0) {
                at = put(out, at, nanos / 1_000_000, 3);
            } else if (nanos % 1_000 == 0) {
                at = put(out, at, nanos / 1_000, 6);
            } else {
                at = put(out, at, nanos, 9);
            }
        }
        out[at++] = 'Z';
        return at;
    }

    private static int put(char[] out, int at, int value, int width) {
        for (int i = width - 1; i >= 0; i--) {
            out[at + i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }

    /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59.999999999Z, the years format() writes itself. */
    private static final long FIRST_FAST_SECOND = -62_167_219_200L;
    private static final long LAST_FAST_SECOND = 253_402_300_799L;

    static boolean formatsFast(Instant instant) {
        long second = instant.getEpochSecond();
        return second >= FIRST_FAST_SECOND && second <= LAST_FAST_SECOND;
    }

    private static final class Reader extends StdScalarDeserializer<Instant> implements ContextualDeserializer {
        private static final long serialVersionUID = 1L;

        Reader() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.hasToken(JsonToken.VALUE_STRING)) {
                Instant fast = parse(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
                if (fast != null) {
                    return fast;
                }
            }
            return InstantDeserializer.INSTANT.deserialize(parser, context);
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property)
                throws JsonMappingException {
            JsonDeserializer<?> standard = InstantDeserializer.INSTANT.createContextual(context, property);
            return standard == InstantDeserializer.INSTANT ? this : standard;
        }
    }

    private static final class Writer extends StdScalarSerializer<Instant> implements ContextualSerializer {
        private static final long serialVersionUID = 1L;

        Writer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            if (!formatsFast(value)) {
                generator.writeString(value.toString());
                return;
            }
            char[] text = new char[30];
            generator.writeString(text, 0, format(value, text));
        }

        @Override
        public JsonSerializer<?> createContextual(SerializerProvider provider, BeanProperty property)
                throws JsonMappingException {
            // InstantSerializer.createContextual answers a new instance even when nothing is
            // overridden, so "is it the same instance" would always pick the standard writer.
            JsonFormat.Value format = findFormatOverrides(provider, property, handledType());
            boolean plain = format == null || (!format.hasShape() && !format.hasPattern() && !format.hasLocale()
                    && !format.hasTimeZone() && format.getFeature(JsonFormat.Feature.WRITE_DATES_WITH_ZONE_ID) == null
                    && format.getFeature(JsonFormat.Feature.WRITE_DATE_TIMESTAMPS_AS_NANOSECONDS) == null);
            if (plain && !provider.isEnabled(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)) {
                return this;
            }
            return InstantSerializer.INSTANCE.createContextual(provider, property);
        }
    }
}
