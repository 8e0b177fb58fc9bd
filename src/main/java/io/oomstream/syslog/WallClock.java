package io.oomstream.syslog;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.Year;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Turns printed wall-clock fields into an {@link Instant} without going through a formatter
 * (this runs for every line). Fixed-offset zones, the common case, are pure arithmetic; zones
 * with daylight saving take the earlier offset in an overlap and shift forward over a gap,
 * which is {@link java.time.ZonedDateTime}'s rule. Not thread-safe (it remembers the last date it was asked
 * for): one per decoder.
 */
final class WallClock {

    private final ZoneId zone;
    /** Non-null when the zone never changes offset (UTC, +02:00 ...). */
    private final ZoneOffset fixedOffset;

    /** The last valid date asked for and its epoch day: consecutive lines of a log nearly always share their date. */
    private int cachedYear;
    private int cachedMonth;
    private int cachedDay;
    private long cachedEpochDay;

    WallClock(final ZoneId zone) {
        this.zone = zone;
        this.fixedOffset = zone.getRules().isFixedOffset() ? zone.getRules().getOffset(Instant.EPOCH) : null;
    }

    /** Returned by {@link #toEpochSecond} for fields that are not a real date-time. */
    static final long NO_TIME = Long.MIN_VALUE;

    /** Null when the fields are not a real date-time (Feb 30, hour 24 ...). Second 60 (leap) is accepted. */
    Instant toInstant(final int year, final int month, final int day,
            final int hour, final int minute, final int second, final int nanos) {
        final long epochSecond = toEpochSecond(year, month, day, hour, minute, second, nanos);
        return epochSecond == NO_TIME ? null : Instant.ofEpochSecond(epochSecond, nanos);
    }

    /**
     * {@link #toInstant}'s epoch second, without building the {@link Instant} (the hot path of ordinary
     * lines needs only the number); {@link #NO_TIME} when the fields are not a real date-time.
     */
    long toEpochSecond(final int year, final int month, final int day,
            final int hour, final int minute, final int second, final int nanos) {
        if (fixedOffset != null && year == cachedYear && month == cachedMonth && day == cachedDay) {
            // The date was valid when it was cached; only the time of day is left to check.
            if (hour > 23 || minute > 59 || second > 60 || nanos < 0 || nanos > 999_999_999) {
                return NO_TIME;
            }
            return cachedEpochDay * 86_400L + hour * 3_600L + minute * 60L + second - fixedOffset.getTotalSeconds();
        }
        final LocalDate date = dateOrNull(year, month, day);
        if (date == null || hour > 23 || minute > 59 || second > 60 || nanos < 0 || nanos > 999_999_999) {
            return NO_TIME;
        }
        if (fixedOffset != null) {
            cachedYear = year;
            cachedMonth = month;
            cachedDay = day;
            cachedEpochDay = date.toEpochDay();
            return epochSecond(date, hour, minute, second, fixedOffset.getTotalSeconds());
        }
        final long base = LocalDateTime.of(year, month, day, hour, minute, Math.min(second, 59), nanos)
                .atZone(zone).toEpochSecond();
        return second == 60 ? base + 1 : base;
    }

    /** Fields with an explicit UTC offset in seconds. */
    static Instant toInstant(final LocalDate date, final int hour, final int minute, final int second,
            final int nanos, final int offsetSeconds) {
        return Instant.ofEpochSecond(epochSecond(date, hour, minute, second, offsetSeconds), nanos);
    }

    private static long epochSecond(final LocalDate date, final int hour, final int minute, final int second,
            final int offsetSeconds) {
        return date.toEpochDay() * 86_400L + hour * 3_600L + minute * 60L + second - offsetSeconds;
    }

    static LocalDate dateOrNull(final int year, final int month, final int day) {
        if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1
                || day > Month.of(month).length(Year.isLeap(year))) {
            return null;
        }
        return LocalDate.of(year, month, day);
    }

    ZoneId zone() {
        return zone;
    }
}
