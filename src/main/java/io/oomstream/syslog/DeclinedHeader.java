package io.oomstream.syslog;

/**
 * The RFC 3164 header of the last line {@link OrdinaryBytes#scanLine} read whole and then declined because its
 * program may matter (a kernel or systemd line: about a fifth of a fleet log). The full decode of that line's text,
 * which comes next, frames the same header again; handed this one ({@link Rfc3164Parser#takeHeader}), it does not
 * scan it a second time. The line is named by its bytes' place: a line reader's buffer is only ever appended to, so
 * buffer and range name one line of the input. Reused line by line (one per decoder): nothing is allocated.
 */
final class DeclinedHeader {

    private byte[] buffer;
    private int from;
    private int to;
    int month;
    int day;
    int hour;
    int minute;
    int second;
    int nanos;
    boolean zeroPaddedDay;
    /** Places in the line, counted from its first byte (the same indices in its text, which is all ASCII). */
    int hostStart;
    int hostEnd;
    int tagStart;
    int nameEnd;
    int messageStart;

    /** Keeps the header of the line {@code b[from, to)}: the time fields, then the places (absolute in {@code b}). */
    void keep(final byte[] b, final int from, final int to, final int month, final int day, final int hour,
              final int minute, final int second, final int nanos, final boolean zeroPaddedDay) {
        this.buffer = b;
        this.from = from;
        this.to = to;
        this.month = month;
        this.day = day;
        this.hour = hour;
        this.minute = minute;
        this.second = second;
        this.nanos = nanos;
        this.zeroPaddedDay = zeroPaddedDay;
    }

    void places(final int hostStart, final int hostEnd, final int tagStart, final int nameEnd, final int messageStart) {
        this.hostStart = hostStart - from;
        this.hostEnd = hostEnd - from;
        this.tagStart = tagStart - from;
        this.nameEnd = nameEnd - from;
        this.messageStart = messageStart - from;
    }

    /** True when the header kept is that of the line {@code b[from, to)}. */
    boolean isOf(final byte[] b, final int from, final int to) {
        return buffer == b && this.from == from && this.to == to;
    }

    void clear() {
        buffer = null;
    }
}
