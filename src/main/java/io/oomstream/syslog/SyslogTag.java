package io.oomstream.syslog;

/**
 * A syslog tag, {@code name:} or {@code name[pid]:}, as printed in front of a message.
 *
 * @param name the program name (never empty)
 * @param pid  the pid in brackets, null when absent or not a number
 * @param end  index where the message starts: after the colon and one separating space
 */
record SyslogTag(String name, Integer pid, int end) {

    /** rsyslog allows 32 chars; some senders exceed that, anything longer is not a tag. */
    private static final int MAX_NAME_CHARS = 128;
    private static final int MAX_PID_CHARS = 12;

    /**
     * Parses a tag at {@code from} that must end with {@code ": "} or with {@code ":"} at end of text;
     * null when there is none.
     */
    static SyslogTag parseAt(final String s, final int from) {
        final int end = endAt(s, from);
        if (end < 0) {
            return null;
        }
        return of(s, from, nameEnd(s, from), end);
    }

    /** The tag at {@code from} whose name ends at {@code nameEnd} and message starts at {@code end} ({@link #endAt}). */
    static SyslogTag of(final String s, final int from, final int nameEnd, final int end) {
        final Integer pid = s.charAt(nameEnd) == '['
                ? parsePid(s, nameEnd + 1, indexOf(s, ']', nameEnd + 1, MAX_PID_CHARS)) : null;
        return new SyslogTag(s.substring(from, nameEnd), pid, end);
    }

    /**
     * Where the message starts after a tag at {@code from} ({@link #end()} of {@link #parseAt}), or -1 when
     * there is no tag; allocates nothing, so the hot path can look at the name before building anything.
     */
    static int endAt(final String s, final int from) {
        return endAt(s, from, nameEnd(s, from));
    }

    /** {@link #endAt(String, int)} when the name's end ({@link #nameEnd}) is known already. */
    static int endAt(final String s, final int from, final int nameEnd) {
        final int n = s.length();
        int i = nameEnd;
        if (i == from || i >= n || i - from > MAX_NAME_CHARS) {
            return -1;
        }
        if (s.charAt(i) == '[') {
            final int close = indexOf(s, ']', i + 1, MAX_PID_CHARS);
            if (close < 0) {
                return -1;
            }
            i = close + 1;
        }
        if (i >= n || s.charAt(i) != ':') {
            return -1;
        }
        i++;
        if (i < n && s.charAt(i) != ' ') {
            return -1;
        }
        return i < n ? i + 1 : i;
    }

    /** The index after the program name of a tag at {@code from} (scanning at most one char past the longest name). */
    static int nameEnd(final String s, final int from) {
        final int n = s.length();
        int i = from;
        while (i < n && i - from <= MAX_NAME_CHARS) {
            final char c = s.charAt(i);
            if (c == ':' || c == '[' || c <= ' ') {
                break;
            }
            i++;
        }
        return i;
    }

    /**
     * Lenient split of a tag held in a field of its own ({@code kernel:}, {@code systemd[1]:},
     * {@code sshd}); null when the value has no name.
     */
    static SyslogTag split(final String tag) {
        final String t = tag.strip();
        int nameEnd = 0;
        while (nameEnd < t.length() && t.charAt(nameEnd) != '[' && t.charAt(nameEnd) != ':') {
            nameEnd++;
        }
        if (nameEnd == 0) {
            return null;
        }
        Integer pid = null;
        if (nameEnd < t.length() && t.charAt(nameEnd) == '[') {
            final int close = t.indexOf(']', nameEnd + 1);
            if (close > 0) {
                pid = parsePid(t, nameEnd + 1, close);
            }
        }
        return new SyslogTag(t.substring(0, nameEnd), pid, t.length());
    }

    /** A non-negative int from the digits in {@code [from, to)}; null for anything else. */
    static Integer parsePid(final CharSequence s, final int from, final int to) {
        if (to <= from || to - from > 10) {
            return null;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            final char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            value = value * 10 + (c - '0');
        }
        return value > Integer.MAX_VALUE ? null : (int) value;
    }

    private static int indexOf(final String s, final char c, final int from, final int maxDistance) {
        final int limit = Math.min(s.length(), from + maxDistance);
        for (int i = from; i < limit; i++) {
            if (s.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }
}
