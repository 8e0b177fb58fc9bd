package io.oomstream.syslog;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/**
 * Time values found in JSON log records: RFC 3339 strings ({@code 2024-03-01T12:00:00.123Z}, also
 * with a space for the {@code T}), syslog-style strings ({@code Mar  1 12:00:00}, year inferred like
 * RFC 3164 lines), and epoch numbers (number or numeric string) whose unit is guessed from the
 * magnitude: seconds, milliseconds, microseconds or nanoseconds. Anything unusable gives null: a
 * bad time must not cost the line.
 */
final class JsonTime {

    private static final BigDecimal NANOS_FROM = new BigDecimal("1e17");
    private static final BigDecimal MICROS_FROM = new BigDecimal("1e14");
    private static final BigDecimal MILLIS_FROM = new BigDecimal("1e11");
    /** About year 33 million; Instant itself ends near 3.1e16 seconds. */
    private static final BigDecimal MAX_SECONDS = new BigDecimal("1e15");
    private static final int MAX_NUMERIC_CHARS = 40;

    private final WallClock clock;
    private final Rfc3164Parser rfc3164;

    JsonTime(final WallClock clock, final Rfc3164Parser rfc3164) {
        this.clock = clock;
        this.rfc3164 = rfc3164;
    }

    /** The instant the node holds, or null. */
    Instant parse(final JsonNode node, final Instant reference) {
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            if (node.isNumber()) {
                return (node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())
                        ? null : fromEpoch(node.decimalValue());
            }
            if (!node.isTextual()) {
                return null;
            }
            final String value = node.textValue().strip();
            if (value.isEmpty()) {
                return null;
            }
            if (isDecimal(value)) {
                return fromEpoch(new BigDecimal(value));
            }
            final IsoTimestamp iso = IsoTimestamp.parse(value, 0, clock, true);
            if (iso != null) {
                return iso.end() == value.length() ? iso.instant() : null;
            }
            return rfc3164.parseTimestampValue(value, reference);
        } catch (final ArithmeticException | NumberFormatException | java.time.DateTimeException e) {
            return null;
        }
    }

    /** Epoch microseconds (journald's {@code __REALTIME_TIMESTAMP}), as a string or number; null when unusable. */
    static Instant fromEpochMicros(final JsonNode node) {
        final Long micros = JsonFields.longValue(node);
        if (micros == null) {
            return null;
        }
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    private static Instant fromEpoch(final BigDecimal value) {
        final BigDecimal magnitude = value.abs();
        final BigDecimal seconds;
        if (magnitude.compareTo(NANOS_FROM) >= 0) {
            seconds = value.movePointLeft(9);
        } else if (magnitude.compareTo(MICROS_FROM) >= 0) {
            seconds = value.movePointLeft(6);
        } else if (magnitude.compareTo(MILLIS_FROM) >= 0) {
            seconds = value.movePointLeft(3);
        } else {
            seconds = value;
        }
        if (seconds.abs().compareTo(MAX_SECONDS) > 0) {
            return null;
        }
        final BigDecimal whole = seconds.setScale(0, RoundingMode.FLOOR);
        final int nanos = seconds.subtract(whole).movePointRight(9).setScale(0, RoundingMode.DOWN).intValue();
        return Instant.ofEpochSecond(whole.longValueExact(), nanos);
    }

    /** Digits with at most one dot (and an optional leading minus); no exponents, bounded length. */
    private static boolean isDecimal(final String s) {
        if (s.length() > MAX_NUMERIC_CHARS) {
            return false;
        }
        boolean digit = false;
        boolean dot = false;
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c == '.' && !dot) {
                dot = true;
            } else if (!(c == '-' && i == 0)) {
                return false;
            }
        }
        return digit;
    }
}
