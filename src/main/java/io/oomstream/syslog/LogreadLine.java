package io.oomstream.syslog;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OpenWrt's {@code logread} (ubox, the log of every OpenWrt router and many embedded boards): {@code "%s %s.%s%s %s"}
 * of {@code ctime()} without its newline, the facility and level names, {@code " kernel:"} for a line from the
 * kernel, and the message, which for any other source starts with its own tag:
 * {@code Sat Apr 18 03:00:12 2026 kern.warn kernel: [93311.044120] worker invoked oom-killer: ...},
 * {@code Sat Apr 18 03:00:13 2026 daemon.info dnsmasq[1234]: query ...}. The stamp carries its year, in the board's
 * local time (the decoder's zone), and the line names no host: none is given. Without this layout the year was
 * read as the host of a BusyBox syslogd line behind a prefix ({@code Sat }).
 */
final class LogreadLine {

    private static final Pattern HEADER = Pattern.compile(
            "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2}) ([ \\d]\\d) (\\d\\d):(\\d\\d):(\\d\\d) (\\d{4}) "
            + "(?:kern|user|mail|daemon|auth|syslog|lpr|news|uucp|cron|authpriv|ftp|local[0-7])"
            + "\\.(?:emerg|alert|crit|err|warn|notice|info|debug) ");

    private LogreadLine() {
    }

    /** The line framed (message raw, its kernel stamp still in it), or null when {@code s} at {@code from} is none. */
    static LogLine parse(final String s, final int from, final WallClock clock) {
        if (!Months.isWeekdayAt(s, from)) {
            return null;
        }
        final Matcher m = HEADER.matcher(s).region(from, s.length());
        if (!m.lookingAt()) {
            return null;
        }
        final int month = Months.monthAt(s, m.start(1));
        final Instant time = month == 0 ? null : clock.toInstant(Integer.parseInt(m.group(6)), month,
                Integer.parseInt(m.group(2).strip()), Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)),
                Integer.parseInt(m.group(5)), 0);
        if (time == null) {
            return null;
        }
        final SyslogTag tag = SyslogTag.parseAt(s, m.end());
        if (tag == null) {
            return new LogLine(null, time, null, null, s.substring(m.end()), null, null, SourceFormat.RFC3164);
        }
        return new LogLine(null, time, tag.name(), tag.pid(), s.substring(tag.end()), null, null, SourceFormat.RFC3164);
    }
}
