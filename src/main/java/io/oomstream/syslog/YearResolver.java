package io.oomstream.syslog;

import java.time.Instant;

/**
 * Supplies the year that RFC 3164 and journalctl-short stamps ({@code Oct 21 18:51:01}) leave out.
 *
 * <p>Rules, in order:
 * <ol>
 *   <li>Continuity: once a line of the stream has a year, the next line keeps it, except that a
 *       month jump of six months or more is taken as crossing New Year: backwards (Dec → Jan)
 *       means year + 1, forwards (Jan → Dec, e.g. a late line from a host whose clock is behind)
 *       means year - 1. This keeps a log that crosses New Year in order even when every record
 *       carries the same reference time, or none.</li>
 *   <li>The first line takes {@link DecoderOptions#year()} when set; that year is trusted, no
 *       reference check is made.</li>
 *   <li>Otherwise the year must agree with the reference time (when the record was received): a
 *       date more than {@value #FUTURE_DAYS} days after it cannot be right and means an earlier
 *       year; an explicitly given reference also rejects dates more than {@value #PAST_DAYS} days
 *       before it. When continuity fails these checks, the year is inferred afresh: the latest
 *       year that puts the date no later than reference + {@value #FUTURE_DAYS} days.</li>
 * </ol>
 *
 * <p>State for one stream; not thread-safe.
 */
final class YearResolver {

    static final int FUTURE_DAYS = 31;
    static final int PAST_DAYS = 334;
    private static final long FUTURE_SECONDS = FUTURE_DAYS * 86_400L;
    private static final long PAST_SECONDS = PAST_DAYS * 86_400L;
    /** Six months between consecutive lines can only be New Year (or its reverse), not a gap. */
    private static final int ROLLOVER_MONTHS = 6;
    /** How far back inference looks for a year where Feb 29 exists. */
    private static final int MAX_YEARS_BACK = 8;

    private static final long LAST_SECOND_OF_9999 = 253_402_214_400L;
    private static final long FIRST_SECOND_OF_0001 = -62_135_510_400L;

    private final Integer fixedYear;
    private final WallClock clock;
    private int lastYear;
    private int lastMonth;

    YearResolver(final Integer fixedYear, final WallClock clock) {
        this.fixedYear = fixedYear;
        this.clock = clock;
    }

    /**
     * The instant of the given year-less fields, or null when no year makes them a real date.
     *
     * @param reference when the record was received; null means now (and then only the future check applies)
     */
    Instant resolve(final int month, final int day, final int hour, final int minute, final int second,
            final int nanos, final Instant reference) {
        final long epochSecond = resolveEpochSecond(month, day, hour, minute, second, nanos, reference);
        return epochSecond == WallClock.NO_TIME ? null : Instant.ofEpochSecond(epochSecond, nanos);
    }

    /**
     * {@link #resolve}'s epoch second, {@link WallClock#NO_TIME} when no year fits; the same state change.
     * The fast path of ordinary lines uses it to keep the year state without building an {@link Instant}.
     */
    long resolveEpochSecond(final int month, final int day, final int hour, final int minute, final int second,
            final int nanos, final Instant reference) {
        int year = 0;
        if (lastYear != 0) {
            year = lastYear;
            if (lastMonth - month >= ROLLOVER_MONTHS) {
                year++;
            } else if (month - lastMonth >= ROLLOVER_MONTHS) {
                year--;
            }
        } else if (fixedYear != null) {
            year = fixedYear;
        }
        long epochSecond = year == 0 ? WallClock.NO_TIME : clock.toEpochSecond(year, month, day, hour, minute, second, nanos);
        if (fixedYear == null) {
            final Instant ref = reference != null ? reference : Instant.now();
            if (epochSecond == WallClock.NO_TIME || !plausible(epochSecond, ref, reference != null)) {
                year = 0;
                epochSecond = WallClock.NO_TIME;
                final int referenceYear = yearOf(ref);
                for (int y = referenceYear + 1; y >= referenceYear - MAX_YEARS_BACK && epochSecond == WallClock.NO_TIME; y--) {
                    final long candidate = clock.toEpochSecond(y, month, day, hour, minute, second, nanos);
                    if (candidate != WallClock.NO_TIME && candidate <= ref.getEpochSecond() + FUTURE_SECONDS) {
                        epochSecond = candidate;
                        year = y;
                    }
                }
            }
        }
        if (epochSecond != WallClock.NO_TIME) {
            lastYear = year;
            lastMonth = month;
        }
        return epochSecond;
    }

    /** The reference's year in the decoder zone, clamped so that absurd reference times cannot throw. */
    private int yearOf(final Instant ref) {
        if (ref.getEpochSecond() > LAST_SECOND_OF_9999) {
            return 9999;
        }
        if (ref.getEpochSecond() < FIRST_SECOND_OF_0001) {
            return 1;
        }
        return ref.atZone(clock.zone()).getYear();
    }

    private static boolean plausible(final long seconds, final Instant ref, final boolean referenceGiven) {
        if (seconds > ref.getEpochSecond() + FUTURE_SECONDS) {
            return false;
        }
        return !referenceGiven || seconds >= ref.getEpochSecond() - PAST_SECONDS;
    }
}
