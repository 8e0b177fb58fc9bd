package io.oomstream.kernel;

/**
 * Number parsing that never throws: logs carry absurd values (overflowed counters, 20-digit
 * garbage) and an unparseable number must become null, not an exception.
 */
public final class Numbers {

    private Numbers() {
    }

    /** The value, or null when {@code s} is null, blank, not a number or out of range. */
    public static Long parseLong(final String s) {
        if (s == null) {
            return null;
        }
        final String t = s.trim();
        if (t.isEmpty() || t.length() > 19) {
            return null;
        }
        try {
            return Long.parseLong(t);
        } catch (final NumberFormatException e) {
            return null;
        }
    }

    /**
     * {@link #parseLong(String)} of {@code s.substring(start, end)}, or {@code orElse} where that is null, without
     * the substring and the box for a plain number of at most 18 digits (a task row's columns, read per report
     * line); anything else (spaces, other digits, 19 digits that may overflow) goes through the substring.
     */
    public static long parseLongOr(final String s, final int start, final int end, final long orElse) {
        int i = start;
        final boolean negative = i < end && s.charAt(i) == '-';
        if (i < end && (negative || s.charAt(i) == '+')) {
            i++;
        }
        final int digits = end - i;
        if (digits >= 1 && digits <= 18) {
            long value = 0;
            for (; i < end; i++) {
                final char ch = s.charAt(i);
                if (ch < '0' || ch > '9') {
                    return slowParseOr(s.substring(start, end), orElse);
                }
                value = value * 10 + (ch - '0');
            }
            return negative ? -value : value;
        }
        return slowParseOr(s.substring(start, end), orElse);
    }

    private static long slowParseOr(final String s, final long orElse) {
        final Long v = parseLong(s);
        return v == null ? orElse : v;
    }

    /** The value, or null when {@code s} is null, blank, not a number or out of int range. */
    public static Integer parseInt(final String s) {
        final Long l = parseLong(s);
        if (l == null || l > Integer.MAX_VALUE || l < Integer.MIN_VALUE) {
            return null;
        }
        return l.intValue();
    }

    /** a * b, or null when either is null or the product overflows. */
    public static Long times(final Long a, final long b) {
        if (a == null) {
            return null;
        }
        try {
            return Math.multiplyExact(a, b);
        } catch (final ArithmeticException e) {
            return null;
        }
    }
}
