package io.oomstream.syslog;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A hand-scanned ISO-8601 / RFC 3339 time stamp: {@code 2024-03-01T12:00:00[.f{1,9}][Z|±hh:mm|±hhmm|±hh]}.
 * A stamp without offset is read in the decoder's zone.
 *
 * @param instant the point in time
 * @param end     index just after the stamp
 */
record IsoTimestamp(Instant instant, int end) {

    /**
     * Parses a stamp at {@code from}; null when there is none. {@code allowSpace} also accepts a space
     * between date and time (seen in JSON fields, never in line prefixes, where it would swallow
     * Kibana-style exports).
     */
    static IsoTimestamp parse(final String s, final int from, final WallClock clock, final boolean allowSpace) {
        final int n = s.length();
        if (from + 19 > n
                || s.charAt(from + 4) != '-' || s.charAt(from + 7) != '-'
                || s.charAt(from + 13) != ':' || s.charAt(from + 16) != ':') {
            return null;
        }
        final char separator = s.charAt(from + 10);
        if (separator != 'T' && separator != 't' && !(allowSpace && separator == ' ')) {
            return null;
        }
        final int year = digits(s, from, 4);
        final int month = digits(s, from + 5, 2);
        final int day = digits(s, from + 8, 2);
        final int hour = digits(s, from + 11, 2);
        final int minute = digits(s, from + 14, 2);
        final int second = digits(s, from + 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            return null;
        }
        int i = from + 19;
        int nanos = 0;
        if (i < n && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
            final int fractionStart = ++i;
            while (i < n && KernelStamp.isDigit(s.charAt(i))) {
                if (i - fractionStart < 9) {
                    nanos = nanos * 10 + (s.charAt(i) - '0');
                }
                i++;
            }
            final int used = Math.min(i - fractionStart, 9);
            if (used == 0) {
                return null;
            }
            for (int k = used; k < 9; k++) {
                nanos *= 10;
            }
        }
        final Instant instant;
        if (i < n && (s.charAt(i) == 'Z' || s.charAt(i) == 'z')) {
            instant = withOffset(year, month, day, hour, minute, second, nanos, 0);
            i++;
        } else if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            final int sign = s.charAt(i) == '-' ? -1 : 1;
            final int offsetHours = digits(s, i + 1, 2);
            if (offsetHours < 0 || offsetHours > 18) {
                return null;
            }
            i += 3;
            int offsetMinutes = 0;
            if (i < n && s.charAt(i) == ':') {
                offsetMinutes = digits(s, i + 1, 2);
                i += 3;
            } else if (i + 1 < n && KernelStamp.isDigit(s.charAt(i))) {
                offsetMinutes = digits(s, i, 2);
                i += 2;
            }
            if (offsetMinutes < 0 || offsetMinutes > 59) {
                return null;
            }
            instant = withOffset(year, month, day, hour, minute, second, nanos,
                    sign * (offsetHours * 3600 + offsetMinutes * 60));
        } else {
            instant = clock.toInstant(year, month, day, hour, minute, second, nanos);
        }
        return instant == null ? null : new IsoTimestamp(instant, i);
    }

    private static Instant withOffset(final int year, final int month, final int day, final int hour,
            final int minute, final int second, final int nanos, final int offsetSeconds) {
        final LocalDate date = WallClock.dateOrNull(year, month, day);
        if (date == null || hour > 23 || minute > 59 || second > 60) {
            return null;
        }
        return WallClock.toInstant(date, hour, minute, second, nanos, offsetSeconds);
    }

    /** The {@code count} decimal digits at {@code from} as a number, or -1. */
    static int digits(final String s, final int from, final int count) {
        if (from < 0 || from + count > s.length()) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < from + count; i++) {
            final char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
