package io.oomstream.incident;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
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
