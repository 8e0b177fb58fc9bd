package io.oomstream.syslog;

/** English three-letter month and weekday names, case-insensitive, without allocating. */
final class Months {

    private static final String MONTHS = "janfebmaraprmayjunjulaugsepoctnovdec";
    private static final String WEEKDAYS = "montuewedthufrisatsun";

    private Months() {
    }

    /** The month (1..12) whose abbreviation starts at {@code i}, or 0. Localised names are not known. */
    static int monthAt(final String s, final int i) {
        final int index = threeLetterIndex(MONTHS, s, i);
        return index < 0 ? 0 : index / 3 + 1;
    }

    /** True when an English weekday abbreviation starts at {@code i}. */
    static boolean isWeekdayAt(final String s, final int i) {
        return threeLetterIndex(WEEKDAYS, s, i) >= 0;
    }

    private static int threeLetterIndex(final String table, final String s, final int i) {
        if (i < 0 || i + 3 > s.length()) {
            return -1;
        }
        final char a = Character.toLowerCase(s.charAt(i));
        final char b = Character.toLowerCase(s.charAt(i + 1));
        final char c = Character.toLowerCase(s.charAt(i + 2));
        for (int k = 0; k < table.length(); k += 3) {
            if (table.charAt(k) == a && table.charAt(k + 1) == b && table.charAt(k + 2) == c) {
                return k;
            }
        }
        return -1;
    }
}
