package io.oomstream.syslog;

/**
 * Lines that start with an ISO-8601 stamp: rsyslog's RSYSLOG_FileFormat (the default on newer
 * distributions, {@code 2024-03-01T12:00:00.123456+00:00 host1 kernel: msg}) and journalctl
 * {@code -o short-iso}/{@code short-iso-precise} ({@code +0000} offsets).
 */
final class IsoLineParser {

    private final WallClock clock;

    IsoLineParser(final WallClock clock) {
        this.clock = clock;
    }

    /** The line framed (message still raw), or null when the text at {@code from} is not this layout. */
    LogLine parse(final String s, final int from) {
        final IsoTimestamp stamp = IsoTimestamp.parse(s, from, clock, false);
        final int n = s.length();
        if (stamp == null || stamp.end() >= n || s.charAt(stamp.end()) != ' ') {
            return null;
        }
        int i = stamp.end();
        while (i < n && s.charAt(i) == ' ') {
            i++;
        }
        final int hostStart = i;
        while (i < n && s.charAt(i) != ' ') {
            i++;
        }
        if (i == hostStart || i >= n) {
            return null;
        }
        final int hostEnd = i;
        while (i < n && s.charAt(i) == ' ') {
            i++;
        }
        final SyslogTag tag = SyslogTag.parseAt(s, i);
        if (tag == null) {
            return null;
        }
        return new LogLine(ElidedHost.of(s, hostStart, hostEnd), stamp.instant(), tag.name(), tag.pid(),
                s.substring(tag.end()), null, null, SourceFormat.ISO8601);
    }
}
