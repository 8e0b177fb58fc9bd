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
     * The record whose header {@link #scanHeader} last found (null when its last scan failed) and where: when
     * {@link #ordinary} passes a record on (its program may matter), the full decode that follows frames that very
     * String, and a header is a function of the text alone, so {@link #parse} takes it from here instead of scanning
     * it again (every kernel and systemd line of a fleet log was scanned twice). A line the byte scan read first
     * ({@link OrdinaryBytes#scanLine}) hands its header over instead ({@link #takeHeader}), and {@link #ordinary} takes
     * it from here too. The header's parts are kept in the
     * fields below, not in an object: the ordinary line, nearly every line of a fleet log, allocates nothing for them.
     */
    private String scanned;
    private int scannedFrom;
    /** The time fields of the last timestamp scanned ({@link #scanTimestamp}), not yet resolved. */
    private int month;
    private int day;
    private int hour;
    private int minute;
    private int second;
    private int nanos;
    private boolean zeroPaddedDay;
    /** Where the last header's host, tag (and its program name's end) and message are. */
    private int hostStart;
    private int hostEnd;
    private int tagStart;
    private int nameEnd;
    private int messageStart;

    Rfc3164Parser(final YearResolver years) {
        this.years = years;
    }

    /** The line framed (message still raw), or null when the text at {@code from} is not this layout. */
    LogLine parse(final String s, final int from, final Instant reference) {
        if ((s != scanned || from != scannedFrom) && !scanHeader(s, from)) {
            return null;
        }
        final SyslogTag tag = SyslogTag.of(s, tagStart, nameEnd, messageStart);
        // The year is resolved last, so that a line rejected above leaves the year state untouched.
        final Instant time = years.resolve(month, day, hour, minute, second, nanos, reference);
        if (time == null) {
            return null;
        }
        return new LogLine(ElidedHost.of(s, hostStart, hostEnd), time, tag.name(), tag.pid(),
                s.substring(tag.end()), null, null, format());
    }

    /**
     * The record at {@code from} as an {@link OrdinaryLine} when {@link #parse} would frame it and decoding would
     * end in exactly that one line, of a program {@code filter} passes over: the message holds no embedded newline
     * or escape and does not start with a kernel stamp ({@code oneLine}: {@code s} is known to hold no newline, which is
     * then not looked for). The year is resolved as {@link #parse} resolves it (the
     * same state change), without an {@link Instant}. Null, with nothing changed, for any other record (the header
     * scanned is kept for {@link #parse}, which frames such a record next).
     */
    SyslogOrdinaryLine ordinary(final String s, final int from, final Instant reference, final ProgramFilter filter,
                                final boolean oneLine) {
        if ((s != scanned || from != scannedFrom) && !scanHeader(s, from) || filter.mayMatter(s, tagStart, nameEnd)) {
            return null;
        }
        final int message = messageStart;
        if (mayStartWithStamp(s, message)
                || (oneLine ? EscapedNewlines.mayContainEscape(s, message) : EscapedNewlines.mayContain(s, message))) {
            return null;
        }
        final long epochSecond = years.resolveEpochSecond(month, day, hour, minute, second, nanos, reference);
        return epochSecond == WallClock.NO_TIME ? null
                : new SyslogOrdinaryLine(s, hostStart, hostEnd, tagStart, epochSecond, nanos, format());
    }

    /**
     * Takes the header of {@code s} (from its first char) as the byte scan found it in the line's bytes
     * ({@link DeclinedHeader}), instead of scanning it when the line is framed next. {@code s} must be that line's
     * text, char for byte.
     */
    void takeHeader(final String s, final DeclinedHeader h) {
        assert scanHeader(s, 0) && month == h.month && day == h.day && hour == h.hour && minute == h.minute
                && second == h.second && nanos == h.nanos && zeroPaddedDay == h.zeroPaddedDay
                && hostStart == h.hostStart && hostEnd == h.hostEnd && tagStart == h.tagStart && nameEnd == h.nameEnd
                && messageStart == h.messageStart : "the byte scan's header differs from the text's: " + s;
        month = h.month;
        day = h.day;
        hour = h.hour;
        minute = h.minute;
        second = h.second;
        nanos = h.nanos;
        zeroPaddedDay = h.zeroPaddedDay;
        hostStart = h.hostStart;
        hostEnd = h.hostEnd;
        tagStart = h.tagStart;
        nameEnd = h.nameEnd;
        messageStart = h.messageStart;
        scanned = s;
        scannedFrom = 0;
    }

    private SourceFormat format() {
        return zeroPaddedDay ? SourceFormat.JOURNALCTL : SourceFormat.RFC3164;
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

    /**
     * Timestamp, host and a valid tag at {@code from}, their places kept in this parser's fields; false when the
     * text is not this layout. Changes no state but those fields.
     */
    private boolean scanHeader(final String s, final int from) {
        scanned = null;
        final int end = scanTimestamp(s, from);
        if (end < 0 || end >= s.length() || s.charAt(end) != ' ') {
            return false;
        }
        hostStart = skipSpaces(s, end);
        // The host ends at the next blank (indexOf is a vectorised intrinsic); there must be one, and text after it.
        hostEnd = s.indexOf(' ', hostStart);
        if (hostEnd < 0) {
            return false;
        }
        tagStart = skipSpaces(s, hostEnd);
        nameEnd = SyslogTag.nameEnd(s, tagStart);
        messageStart = SyslogTag.endAt(s, tagStart, nameEnd);
        if (messageStart < 0) {
            return false;
        }
        scanned = s;
        scannedFrom = from;
        return true;
    }

    /** A whole field value such as {@code "Mar  1 12:00:00"} (JSON time fields), or null. */
    Instant parseTimestampValue(final String value, final Instant reference) {
        final int end = scanTimestamp(value, 0);
        // The time fields now hold this value's, no longer those of the header kept for parse.
        scanned = null;
        return end != value.length() ? null : years.resolve(month, day, hour, minute, second, nanos, reference);
    }

    /** Scans a timestamp at {@code from} into the time fields; the index after it, or -1 when there is none. */
    private int scanTimestamp(final String s, final int from) {
        final int monthNumber = Months.monthAt(s, from);
        final int n = s.length();
        if (monthNumber == 0 || from + 3 >= n || s.charAt(from + 3) != ' ') {
            return -1;
        }
        int i = from + 4;
        if (i < n && s.charAt(i) == ' ') {
            i++;
        }
        final int dayStart = i;
        int dayNumber = 0;
        while (i < n && i - dayStart < 2 && KernelStamp.isDigit(s.charAt(i))) {
            dayNumber = dayNumber * 10 + (s.charAt(i) - '0');
            i++;
        }
        if (i == dayStart || i >= n || s.charAt(i) != ' ') {
            return -1;
        }
        final boolean zeroPadded = i - dayStart == 2 && s.charAt(dayStart) == '0';
        i++;
        final int h = IsoTimestamp.digits(s, i, 2);
        final int m = IsoTimestamp.digits(s, i + 3, 2);
        final int sec = IsoTimestamp.digits(s, i + 6, 2);
        if (h < 0 || m < 0 || sec < 0 || s.charAt(i + 2) != ':' || s.charAt(i + 5) != ':') {
            return -1;
        }
        i += 8;
        int fraction = 0;
        if (i < n && s.charAt(i) == '.') {
            final int fractionStart = ++i;
            while (i < n && KernelStamp.isDigit(s.charAt(i))) {
                if (i - fractionStart < 9) {
                    fraction = fraction * 10 + (s.charAt(i) - '0');
                }
                i++;
            }
            if (i == fractionStart) {
                return -1;
            }
            for (int k = Math.min(i - fractionStart, 9); k < 9; k++) {
                fraction *= 10;
            }
        }
        month = monthNumber;
        day = dayNumber;
        hour = h;
        minute = m;
        second = sec;
        nanos = fraction;
        zeroPaddedDay = zeroPadded;
        return i;
    }

    private static int skipSpaces(final String s, final int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return i;
    }
}
