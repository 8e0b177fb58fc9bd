package io.oomstream.syslog;

import java.time.Instant;

/**
 * BSD syslog lines, {@code [<PRI>]Oct 21 18:51:01 host kernel: msg}, and journalctl's short output,
 * which prints the same layout ({@code Mar 01 12:00:00 host1 kernel: msg}, or with microseconds for
 * {@code -o short-precise}).
 *
 * <p>The two are told apart by the day: RFC 3164 pads it with a space ({@code Nov  2}, or
 * {@code Nov 2} in pastes), journalctl with a zero ({@code Mar 01}). Month names are English, any
 * case; localised names are not recognised here (the unknown-prefix fallback still finds OOM lines).
 * A tag is required: without one the layout is too close to other prefixes to trust.
 */
final class Rfc3164Parser {

    private final YearResolver years;
    /**
     * The record {@link #ordinary} last scanned and its header: when it passes the record on (its program may matter),
     * the full decode that follows frames that very String, and a header is a function of the text alone, so
     * {@link #parse} takes it from here instead of scanning it again (every kernel and systemd line of a fleet log
     * was scanned twice).
     */
    private String scanned;
    private Header scannedHeader;

    Rfc3164Parser(final YearResolver years) {
        this.years = years;
    }

    /** The line framed (message still raw), or null when the text at {@code from} is not this layout. */
    LogLine parse(final String s, final int from, final Instant reference) {
        final Header h = s == scanned && from == scannedHeader.from ? scannedHeader : scanHeader(s, from);
        if (h == null) {
            return null;
        }
        final SyslogTag tag = SyslogTag.of(s, h.tagStart, h.nameEnd, h.messageStart);
        // The year is resolved last, so that a line rejected above leaves the year state untouched.
        final Instant time = h.time.resolve(years, reference);
        if (time == null) {
            return null;
        }
        return new LogLine(s.substring(h.hostStart, h.hostEnd), time, tag.name(), tag.pid(),
                s.substring(tag.end()), null, null, h.format());
    }

    /**
     * The record at {@code from} as an {@link OrdinaryLine} when {@link #parse} would frame it and decoding would
     * end in exactly that one line, of a program {@code filter} passes over: the message holds no embedded newline
     * or escape and does not start with a kernel stamp. The year is resolved as {@link #parse} resolves it (the
     * same state change), without an {@link Instant}. Null, with nothing changed, for any other record (the header
     * scanned is kept for {@link #parse}, which frames such a record next).
     */
    SyslogOrdinaryLine ordinary(final String s, final int from, final Instant reference, final ProgramFilter filter) {
        final Header h = scanHeader(s, from);
        if (h == null) {
            return null;
        }
        scanned = s;
        scannedHeader = h;
        if (filter.mayMatter(s, h.tagStart, h.nameEnd)) {
            return null;
        }
        final int message = h.messageStart;
        if (mayStartWithStamp(s, message) || EscapedNewlines.mayContain(s, message)) {
            return null;
        }
        final Fields t = h.time;
        final long epochSecond = years.resolveEpochSecond(t.month, t.day, t.hour, t.minute, t.second, t.nanos,
                reference);
        return epochSecond == WallClock.NO_TIME ? null
                : new SyslogOrdinaryLine(s, h.hostStart, h.hostEnd, h.tagStart, epochSecond, t.nanos, h.format());
    }

    /**
     * Whether the message at {@code message} may start with a kernel stamp, which the full decode takes out (and
     * splits glued lines at): {@code [} followed by padding or a digit, also once a paste repair has turned a tab or
     * a no-break space into padding. {@code [pool www]} or {@code [WARNING]} (php-fpm, about one line in twelve of a
     * fleet log) cannot be one, so such a line stays on the fast path.
     */
    private static boolean mayStartWithStamp(final String s, final int message) {
        if (message >= s.length() || s.charAt(message) != '[') {
            return false;
        }
        if (message + 1 >= s.length()) {
            return true;
        }
        final char c = s.charAt(message + 1);
        return c == ' ' || c == '\t' || c == '\u00A0' || KernelStamp.isDigit(c);
    }

    /** Timestamp, host and a valid tag at {@code from}; null when the text is not this layout. Changes no state. */
    private static Header scanHeader(final String s, final int from) {
        final Fields f = scanTimestamp(s, from);
        if (f == null || f.end >= s.length() || s.charAt(f.end) != ' ') {
            return null;
        }
        final int hostStart = skipSpaces(s, f.end);
        // The host ends at the next blank (indexOf is a vectorised intrinsic); there must be one, and text after it.
        final int hostEnd = s.indexOf(' ', hostStart);
        if (hostEnd < 0) {
            return null;
        }
        final int tagStart = skipSpaces(s, hostEnd);
        final int nameEnd = SyslogTag.nameEnd(s, tagStart);
        final int messageStart = SyslogTag.endAt(s, tagStart, nameEnd);
        return messageStart < 0 ? null : new Header(from, f, hostStart, hostEnd, tagStart, nameEnd, messageStart);
    }

    /** A whole field value such as {@code "Mar  1 12:00:00"} (JSON time fields), or null. */
    Instant parseTimestampValue(final String value, final Instant reference) {
        final Fields f = scanTimestamp(value, 0);
        return f == null || f.end != value.length() ? null : f.resolve(years, reference);
    }

    private static Fields scanTimestamp(final String s, final int from) {
        final int month = Months.monthAt(s, from);
        final int n = s.length();
        if (month == 0 || from + 3 >= n || s.charAt(from + 3) != ' ') {
            return null;
        }
        int i = from + 4;
        if (i < n && s.charAt(i) == ' ') {
            i++;
        }
        final int dayStart = i;
        int day = 0;
        while (i < n && i - dayStart < 2 && KernelStamp.isDigit(s.charAt(i))) {
            day = day * 10 + (s.charAt(i) - '0');
            i++;
        }
        if (i == dayStart || i >= n || s.charAt(i) != ' ') {
            return null;
        }
        final boolean zeroPadded = i - dayStart == 2 && s.charAt(dayStart) == '0';
        i++;
        final int hour = IsoTimestamp.digits(s, i, 2);
        final int minute = IsoTimestamp.digits(s, i + 3, 2);
        final int second = IsoTimestamp.digits(s, i + 6, 2);
        if (hour < 0 || minute < 0 || second < 0 || s.charAt(i + 2) != ':' || s.charAt(i + 5) != ':') {
            return null;
        }
        i += 8;
        int nanos = 0;
        if (i < n && s.charAt(i) == '.') {
            final int fractionStart = ++i;
            while (i < n && KernelStamp.isDigit(s.charAt(i))) {
                if (i - fractionStart < 9) {
                    nanos = nanos * 10 + (s.charAt(i) - '0');
                }
                i++;
            }
            if (i == fractionStart) {
                return null;
            }
            for (int k = Math.min(i - fractionStart, 9); k < 9; k++) {
                nanos *= 10;
            }
        }
        return new Fields(month, day, hour, minute, second, nanos, i, zeroPadded);
    }

    private static int skipSpaces(final String s, final int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    /**
     * Where the parts of a line's header (scanned from {@code from}) are: its time fields, the host, the tag (and the
     * end of its program name) and the message after it.
     */
    private record Header(int from, Fields time, int hostStart, int hostEnd, int tagStart, int nameEnd,
            int messageStart) {

        SourceFormat format() {
            return time.zeroPaddedDay ? SourceFormat.JOURNALCTL : SourceFormat.RFC3164;
        }
    }

    /** The scanned, not yet resolved, time fields; {@code end} is the index after them. */
    private record Fields(int month, int day, int hour, int minute, int second, int nanos, int end,
            boolean zeroPaddedDay) {

        Instant resolve(final YearResolver years, final Instant reference) {
            return years.resolve(month, day, hour, minute, second, nanos, reference);
        }
    }
}
