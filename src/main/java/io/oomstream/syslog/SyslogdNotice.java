package io.oomstream.syslog;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A line syslogd writes of its own into a BSD syslog file: sysklogd's {@code last message repeated 3 times} (in
 * place of repeats of the line before) and {@code -- MARK --}, with a time and a host but no tag, which RFC 3164
 * parsing requires. Read as the line it is (no program: none is printed) instead of an undecodable record, and, since
 * it parses, never joined onto the line before it as a wrapped rest. The repeats it stands for are not in the log,
 * so nothing is made of them.
 */
final class SyslogdNotice {

    private static final Pattern LINE = Pattern.compile(
            "(?<stamp>[A-Z][a-z]{2} {1,2}\\d{1,2} \\d{2}:\\d{2}:\\d{2}) +(?<host>\\S+) +"
                    + "(?<msg>last message repeated \\d+ times?|-- MARK --)\\s*");

    private SyslogdNotice() {
    }

    /** The line at {@code from}, or null when it is no such notice. */
    static LogLine parse(final String s, final int from, final Rfc3164Parser rfc3164, final Instant reference) {
        if (s.indexOf("last message repeated", from) < 0 && s.indexOf("-- MARK --", from) < 0) {
            return null;
        }
        final Matcher m = LINE.matcher(s).region(from, s.length());
        if (!m.matches()) {
            return null;
        }
        final Instant time = rfc3164.parseTimestampValue(m.group("stamp"), reference);
        if (time == null) {
            return null;
        }
        return new LogLine(ElidedHost.of(s, m.start("host"), m.end("host")), time, null, null, m.group("msg"), null,
                null, SourceFormat.RFC3164);
    }
}
