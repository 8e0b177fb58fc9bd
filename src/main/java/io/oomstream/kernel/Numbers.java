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
