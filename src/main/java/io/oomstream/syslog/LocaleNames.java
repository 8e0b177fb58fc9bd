package io.oomstream.syslog;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.format.TextStyle;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Month and weekday names of every locale the JDK knows, for {@code dmesg -T} stamps written under a non-English
 * locale ({@code [lun. janv.  6 03:14:15 2025]}, {@code [Mo Mär  3 03:14:15 2025]}, {@code [пн янв.  6 ...]},
 * {@code [周一 1月  6 ...]}): util-linux formats them with {@code strftime("%a %b %e %H:%M:%S %Y")} in the
 * machine's locale.
 *
 * <p>Names are compared lower-cased and without a trailing dot (glibc writes {@code Mär}, the JDK's CLDR data
 * {@code März}; both are read). One name can mean different months in different languages; then the weekday
 * decides: only a month under which the date falls on a day the weekday token names is kept. When that still
 * leaves no single month, the month is unknown and the caller keeps the line without a time rather than guess.
 *
 * <p>The tables are built once, on first use (only records whose stamp is not English ever get here).
 */
final class LocaleNames {

    private static final class Tables {
        static final Map<String, Set<Integer>> MONTHS = new HashMap<>();
        static final Map<String, Set<Integer>> WEEKDAYS = new HashMap<>();

        static {
            final TextStyle[] styles = {TextStyle.SHORT, TextStyle.SHORT_STANDALONE, TextStyle.FULL,
                    TextStyle.FULL_STANDALONE};
            for (final Locale locale : Locale.getAvailableLocales()) {
                for (final TextStyle style : styles) {
                    for (final Month m : Month.values()) {
                        add(MONTHS, m.getDisplayName(style, locale), m.getValue());
                    }
                    for (final DayOfWeek d : DayOfWeek.values()) {
                        add(WEEKDAYS, d.getDisplayName(style, locale), d.getValue());
                    }
                }
            }
        }

        private static void add(final Map<String, Set<Integer>> table, final String name, final int value) {
            final String key = normalise(name);
            // A display name that is only a number (some locales have no month names) says nothing.
            if (!key.isEmpty() && key.codePoints().anyMatch(Character::isLetter)) {
                table.computeIfAbsent(key, k -> new HashSet<>(2)).add(value);
            }
        }
    }

    private LocaleNames() {
    }

    /**
     * The month (1..12) the tokens name for this date, or 0 when it cannot be told for sure.
     *
     * @param weekday the weekday token (any script, with or without a dot)
     * @param month   the month token
     */
    static int month(final String weekday, final String month, final int year, final int day) {
        final Set<Integer> months = Tables.MONTHS.get(normalise(month));
        if (months == null || months.isEmpty()) {
            return 0;
        }
        final Set<Integer> weekdays = Tables.WEEKDAYS.get(normalise(weekday));
        int found = 0;
        for (final int m : months) {
            final LocalDate date = WallClock.dateOrNull(year, m, day);
            if (date == null || weekdays != null && !weekdays.contains(date.getDayOfWeek().getValue())) {
                continue;
            }
            if (found != 0) {
                return 0;
            }
            found = m;
        }
        return found;
    }

    static String normalise(final String name) {
        String s = name.strip().toLowerCase(Locale.ROOT);
        while (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}
