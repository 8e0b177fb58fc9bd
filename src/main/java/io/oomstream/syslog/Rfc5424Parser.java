package io.oomstream.syslog;

import java.time.Instant;

/**
 * RFC 5424 records: {@code <PRI>1 TIMESTAMP HOST APP PROCID MSGID SD [MSG]}, each header field
 * possibly the nil value {@code -}, structured data either {@code -} or {@code [id k="v" ...]...}.
 * A UTF-8 BOM in front of the message is dropped.
 */
final class Rfc5424Parser {

    private static final char BOM = '\uFEFF';

    private final WallClock clock;

    Rfc5424Parser(final WallClock clock) {
        this.clock = clock;
    }

    /**
     * The record framed (message still raw), or null when it is not RFC 5424.
     *
     * @param from index just after the {@code <PRI>}
     */
    LogLine parse(final String s, final int from) {
        final int n = s.length();
        if (from + 2 > n || s.charAt(from) != '1' || s.charAt(from + 1) != ' ') {
            return null;
        }
        int i = from + 2;
        Instant time = null;
        if (i < n && s.charAt(i) == '-') {
            i++;
        } else {
            final IsoTimestamp stamp = IsoTimestamp.parse(s, i, clock, false);
            if (stamp == null) {
                return null;
            }
            time = stamp.instant();
            i = stamp.end();
        }
        final String[] fields = new String[4];
        for (int f = 0; f < fields.length; f++) {
            if (i >= n || s.charAt(i) != ' ') {
                return null;
            }
            final int start = ++i;
            while (i < n && s.charAt(i) != ' ') {
                i++;
            }
            if (i == start) {
                return null;
            }
            fields[f] = s.substring(start, i);
        }
        if (i >= n || s.charAt(i) != ' ') {
            return null;
        }
        i = skipStructuredData(s, i + 1);
        if (i < 0) {
            return null;
        }
        String message = "";
        if (i < n) {
            if (s.charAt(i) != ' ') {
                return null;
            }
            message = s.substring(i + 1);
            if (!message.isEmpty() && message.charAt(0) == BOM) {
                message = message.substring(1);
            }
        }
        return new LogLine(nil(fields[0]), time, nil(fields[1]), pid(fields[2]), message, null, null,
                SourceFormat.RFC5424);
    }

    /** Index after the structured data starting at {@code from}, or -1 when it is malformed. */
    private static int skipStructuredData(final String s, final int from) {
        final int n = s.length();
        if (from < n && s.charAt(from) == '-') {
            return from + 1;
        }
        int i = from;
        if (i >= n || s.charAt(i) != '[') {
            return -1;
        }
        while (i < n && s.charAt(i) == '[') {
            i++;
            boolean quoted = false;
            while (i < n) {
                final char c = s.charAt(i);
                if (quoted && c == '\\') {
                    i += 2;
                    continue;
                }
                if (c == '"') {
                    quoted = !quoted;
                } else if (c == ']' && !quoted) {
                    break;
                }
                i++;
            }
            if (i >= n) {
                return -1;
            }
            i++;
        }
        return i;
    }

    private static String nil(final String field) {
        return "-".equals(field) ? null : field;
    }

    private static Integer pid(final String procId) {
        return SyslogTag.parsePid(procId, 0, procId.length());
    }
}
