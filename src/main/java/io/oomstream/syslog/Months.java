package io.oomstream.syslog;

/** English three-letter month and weekday names, case-insensitive, without allocating. */
final class Months {

    private static final String MONTHS = "janfebmaraprmayjunjulaugsepoctnovdec";
    private static final String WEEKDAYS = "montuewedthufrisatsun";

    private Months() {
    }

    /** The month (1..12) whose abbreviation starts at {@code i}, or 0. Localised names are not known. */
    static int monthAt(final String s, final int i) {
        if (i >= 0 && i + 3 <= s.length()) {
            final char a = s.charAt(i);
            final char b = s.charAt(i + 1);
            final char c = s.charAt(i + 2);
            if ((a | b | c) < 0x80) {
                // Every line of a syslog file starts with a month: three ASCII chars, lower-cased by setting the bit
                // that tells the cases apart (exact for letters, and no other ASCII char lands on a letter), and
                // compared as one number.
                return asciiMonth((a | 0x20) << 16 | (b | 0x20) << 8 | (c | 0x20));
            }
        }
        final int index = threeLetterIndex(MONTHS, s, i);
        return index < 0 ? 0 : index / 3 + 1;
    }

    private static int asciiMonth(final int lower) {
        return switch (lower) {
            case 'j' << 16 | 'a' << 8 | 'n' -> 1;
            case 'f' << 16 | 'e' << 8 | 'b' -> 2;
            case 'm' << 16 | 'a' << 8 | 'r' -> 3;
            case 'a' << 16 | 'p' << 8 | 'r' -> 4;
            case 'm' << 16 | 'a' << 8 | 'y' -> 5;
            case 'j' << 16 | 'u' << 8 | 'n' -> 6;
            case 'j' << 16 | 'u' << 8 | 'l' -> 7;
            case 'a' << 16 | 'u' << 8 | 'g' -> 8;
            case 's' << 16 | 'e' << 8 | 'p' -> 9;
            case 'o' << 16 | 'c' << 8 | 't' -> 10;
            case 'n' << 16 | 'o' << 8 | 'v' -> 11;
            case 'd' << 16 | 'e' << 8 | 'c' -> 12;
            default -> 0;
        };
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
