package io.oomstream.incident;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.format.DateTimeParseException;

/** ISO-8601 strings (how records carry time, as events do) to instants and back, and durations for sentences. */
public final class Times {

    private Times() {
    }

    /** The instant of an ISO-8601 string with Z or an offset; null for null or unparseable text. */
    public static Instant parse(final String iso) {
        if (iso == null) {
            return null;
        }
        final Instant plain = plainUtc(iso);
        if (plain != null) {
            return plain;
        }
        try {
            return Instant.parse(iso);
        } catch (final DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(iso).toInstant();
            } catch (final DateTimeParseException e2) {
                return null;
            }
        }
    }

    /**
     * The instant of the one form records carry, as {@link Instant#toString} writes it ({@code 2024-03-01T10:00:00Z},
     * {@code 2024-03-01T10:00:00.123Z}: four-digit year, 1 to 9 digits of fraction), read by hand; null for any other
     * text, which {@link Instant#parse} then reads (or refuses) as before. A time is parsed many times over (kills
     * sorted by time, every sink row, every incident step), and {@link Instant#parse}'s general formatter showed in the
     * stream thread's profile (7 of its 99 samples processing records, in the e2e bench). Only what
     * {@link Instant#parse} accepts the same way is taken here: a leap second ({@code :60}), {@code 24:00}, lower-case
     * letters or an offset go the slow way.
     */
    static Instant plainUtc(final String s) {
        final int n = s.length();
        if (n < 20 || n > 30 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-'
                || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        final int year = digits(s, 0, 4);
        final int month = digits(s, 5, 7);
        final int day = digits(s, 8, 10);
        final int hour = digits(s, 11, 13);
        final int minute = digits(s, 14, 16);
        final int second = digits(s, 17, 19);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59 || day > Month.of(month).length(Year.isLeap(year))) {
            return null;
        }
        int nanos = 0;
        if (n > 20) {
            if (s.charAt(19) != '.' || n == 21) {
                return null;
            }
            final int fraction = digits(s, 20, n - 1);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction;
            for (int scale = n - 21; scale < 9; scale++) {
                nanos *= 10;
            }
        }
        final long days = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The number the ASCII digits {@code s[from, to)} write (at most 9 of them), or -1 if one is not a digit. */
    private static int digits(final String s, final int from, final int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            final char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    static String format(final Instant t) {
        return t == null ? null : t.toString();
    }

    static Instant max(final Instant a, final Instant b) {
        return a.isAfter(b) ? a : b;
    }

    static Instant min(final Instant a, final Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** {@code 44 min}, {@code 2 h 10 min}, {@code 30 s}. */
    static String human(final Duration d) {
        final long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + " s";
        }
        final long h = s / 3600;
        final long m = (s % 3600) / 60;
        return h == 0 ? m + " min" : m == 0 ? h + " h" : h + " h " + m + " min";
    }
}
