package io.oomstream.syslog;

/**
 * A line of {@code dmesg --time-format iso} (util-linux): {@code 2026-02-05T10:36:42,447157+00:00 message}, the
 * wall time of the message with a comma before its microseconds, then the kernel's message with neither host nor
 * program. rsyslog and journalctl write their ISO 8601 stamps with a point, and a host after them; read as their
 * layout, a dmesg message that starts with two words and a colon ({@code usb 1-1: new device}) would take its
 * first word for a host, and any other line would have no layout at all. So the comma decides, and is looked at first.
 */
final class DmesgIsoLine {

    private final WallClock clock;

    DmesgIsoLine(final WallClock clock) {
        this.clock = clock;
    }

    /** The line framed, or null when the text at {@code from} is not this layout. */
    LogLine parse(final String s, final int from) {
        if (s.length() < from + 20 || s.charAt(from + 19) != ',') {
            return null;
        }
        final IsoTimestamp stamp = IsoTimestamp.parse(s, from, clock, false);
        if (stamp == null || stamp.end() >= s.length() || s.charAt(stamp.end()) != ' ') {
            return null;
        }
        int end = KernelStamp.skipCaller(s, stamp.end() + 1);
        if (end < s.length() && s.charAt(end) == ' ') {
            end++;
        }
        return new LogLine(null, stamp.instant(), null, null, s.substring(Math.min(end, s.length())), null, null,
                SourceFormat.DMESG);
    }
}
