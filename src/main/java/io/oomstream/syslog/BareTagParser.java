package io.oomstream.syslog;

import java.util.ArrayList;
import java.util.List;

/**
 * A syslog message whose header was lost, {@code systemd[1]: apache2.service: Failed ...}: seen in
 * pastes of daemon.log. Host and time are unknown (null); the format is reported as
 * {@link SourceFormat#RFC3164} because this is exactly RFC 3164's MSG part (TAG + CONTENT).
 *
 * <p>Only {@code ident[pid]: } with a pid is accepted, and the ident must start with a letter:
 * {@code word: } alone is far too common in prose. Pastes often glue several such lines into
 * one; the text is split where the same {@code ident[pid]: } recurs right after a sentence end
 * ({@code .}, {@code !}, {@code ?} and a space).
 */
final class BareTagParser {

    private BareTagParser() {
    }

    /** One framed line per glued message, or null when the text at {@code from} is not this layout. */
    static List<LogLine> parse(final String s, final int from) {
        if (from >= s.length() || !Character.isLetter(s.charAt(from))) {
            return null;
        }
        final SyslogTag tag = SyslogTag.parseAt(s, from);
        if (tag == null || tag.pid() == null) {
            return null;
        }
        final String marker = s.substring(from, tag.end());
        final List<LogLine> lines = new ArrayList<>(1);
        int pieceStart = tag.end();
        int search = pieceStart;
        while (true) {
            final int next = s.indexOf(marker, search);
            if (next < 0) {
                break;
            }
            if (next >= pieceStart + 2 && s.charAt(next - 1) == ' ' && isSentenceEnd(s.charAt(next - 2))) {
                lines.add(line(tag, s.substring(pieceStart, next - 1)));
                pieceStart = next + marker.length();
            }
            search = next + marker.length();
        }
        lines.add(line(tag, s.substring(pieceStart)));
        return lines;
    }

    private static LogLine line(final SyslogTag tag, final String message) {
        return new LogLine(null, null, tag.name(), tag.pid(), message, null, null, SourceFormat.RFC3164);
    }

    private static boolean isSentenceEnd(final char c) {
        return c == '.' || c == '!' || c == '?';
    }
}
