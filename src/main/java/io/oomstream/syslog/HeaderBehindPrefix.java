package io.oomstream.syslog;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a whole syslog line stands behind something a tool put before it: {@code logcli}'s time and labels, the file
 * name {@code grep} and {@code zgrep} print for several files, {@code pssh}'s or {@code ansible}'s host, a CSV
 * export's columns before a quoted raw line. Searched only in a line no layout matched from its start, and only
 * for a header that names its host (an RFC 3164 time, an ISO 8601 time, either behind a PRI), so the line keeps its
 * host and time; a report line behind a prefix with no such header is left to {@link UnknownPrefixFallback}.
 */
final class HeaderBehindPrefix {

    /** A tool's prefix is short; this bounds the search on a line that holds no header. */
    static final int SEARCH_CHARS = 512;

    private static final Pattern HEADER = Pattern.compile(
            "(?<![\\p{Alnum}])(?:<\\d{1,3}>)?(?:[A-Z][a-z]{2} +\\d{1,2} \\d\\d:\\d\\d:\\d\\d |\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d)");

    private HeaderBehindPrefix() {
    }

    /** The place of a header after the line's first char, from {@code from} on; -1 when there is none. */
    static int next(final String text, final int from) {
        final Matcher m = HEADER.matcher(text).region(Math.max(1, from), Math.min(text.length(), SEARCH_CHARS));
        return m.find() ? m.start() : -1;
    }

    /**
     * The line from {@code at} on; when the prefix ends in a CSV field's opening quote and the line in its closing
     * one, the field's text (quotes doubled inside it undone).
     */
    static String lineAt(final String text, final int at) {
        if (text.charAt(at - 1) == '"' && text.length() > at + 1 && text.charAt(text.length() - 1) == '"') {
            return text.substring(at, text.length() - 1).replace("\"\"", "\"");
        }
        return text.substring(at);
    }
}
