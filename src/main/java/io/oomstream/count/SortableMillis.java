package io.oomstream.count;

/**
 * Epoch milliseconds written so that string order is numeric order, also before 1970 (log times can be
 * absurd): the sign bit flipped, then 20 zero-padded unsigned digits. What lets a {@link KillCountStore} find
 * everything older than a time with one range scan.
 */
final class SortableMillis {

    static final int DIGITS = 20;

    private SortableMillis() {
    }

    static String of(final long millis) {
        final String digits = Long.toUnsignedString(millis ^ Long.MIN_VALUE);
        return "0".repeat(DIGITS - digits.length()) + digits;
    }

    static long parse(final String digits) {
        return Long.parseUnsignedLong(digits) ^ Long.MIN_VALUE;
    }
}
