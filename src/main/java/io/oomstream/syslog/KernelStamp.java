package io.oomstream.syslog;

/**
 * The kernel's printk time stamp, {@code [   61.004211]}: seconds since boot, space padded inside
 * the brackets, optionally followed by a CONFIG_PRINTK_CALLER block {@code [ T1234]} / {@code [    C3]}.
 *
 * <p>A fraction is required: without it {@code [ 1234]} is a task-table pid column, not a stamp.
 *
 * @param micros the stamp in microseconds since boot
 * @param end    index just after the closing bracket (of the caller block when present)
 */
record KernelStamp(long micros, int end) {

    /** More integer digits than this is not an uptime (and would overflow the microseconds). */
    private static final int MAX_SECOND_DIGITS = 12;
    private static final int MAX_FRACTION_DIGITS = 9;
    private static final int MAX_CALLER_CHARS = 16;
    /** dmesg pads to 5 integer digits; this bounds the scan on hostile input. */
    private static final int MAX_PADDING = 16;

    /** Parses a stamp whose {@code [} is at {@code at}; null when there is none. Never scans past ~40 chars. */
    static KernelStamp parseAt(final String s, final int at) {
        final int n = s.length();
        int i = at;
        if (i >= n || s.charAt(i) != '[') {
            return null;
        }
        i++;
        while (i < n && s.charAt(i) == ' ' && i - at <= MAX_PADDING) {
            i++;
        }
        long seconds = 0;
        int digits = 0;
        while (i < n && isDigit(s.charAt(i))) {
            if (++digits > MAX_SECOND_DIGITS) {
                return null;
            }
            seconds = seconds * 10 + (s.charAt(i) - '0');
            i++;
        }
        if (digits == 0 || i >= n || s.charAt(i) != '.') {
            return null;
        }
        i++;
        long fraction = 0;
        int fractionDigits = 0;
        while (i < n && isDigit(s.charAt(i))) {
            if (++fractionDigits > MAX_FRACTION_DIGITS) {
                return null;
            }
            if (fractionDigits <= 6) {
                fraction = fraction * 10 + (s.charAt(i) - '0');
            }
            i++;
        }
        if (fractionDigits == 0 || i >= n || s.charAt(i) != ']') {
            return null;
        }
        for (int k = Math.min(fractionDigits, 6); k < 6; k++) {
            fraction *= 10;
        }
        return new KernelStamp(seconds * 1_000_000L + fraction, skipCaller(s, i + 1));
    }

    /** Index where the message after this stamp starts: one separating space is consumed, no more. */
    int messageStart(final String s) {
        return end < s.length() && s.charAt(end) == ' ' ? end + 1 : end;
    }

    /** Skips {@code [ T1234]} or {@code [    C3]} right after a stamp; the caller id is not kept. */
    static int skipCaller(final String s, final int at) {
        final int n = s.length();
        if (at >= n || s.charAt(at) != '[') {
            return at;
        }
        int i = at + 1;
        while (i < n && s.charAt(i) == ' ' && i - at < MAX_CALLER_CHARS) {
            i++;
        }
        if (i >= n || (s.charAt(i) != 'T' && s.charAt(i) != 'C')) {
            return at;
        }
        i++;
        final int digitsStart = i;
        while (i < n && isDigit(s.charAt(i)) && i - at < MAX_CALLER_CHARS) {
            i++;
        }
        if (i == digitsStart || i >= n || s.charAt(i) != ']') {
            return at;
        }
        return i + 1;
    }

    static boolean isDigit(final char c) {
        return c >= '0' && c <= '9';
    }
}
