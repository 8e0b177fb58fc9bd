package io.oomstream.syslog;

import java.util.regex.Pattern;

/**
 * The indentation of a paste indented as a whole: a Markdown code block, a ticket or a mail indents every line of a
 * pasted log by spaces or a tab, and the syslog header stays whole behind it. An indented line is otherwise read as
 * the continuation of the line before it (journalctl and rsyslog print a multi-line message that way), so the
 * indentation is learned only from a line where a header follows it (a PRI, an RFC 3164 or ISO 8601 timestamp, a
 * kernel stamp or a {@code dmesg -T} stamp; a continuation's text rarely starts with one). Once learned, the same
 * indentation is dropped from the lines after it too, as a reader drops it: an elision mark or prose inside the
 * block is then a line of its own, and a continuation line keeps what it is indented by beyond it. A line with no
 * indentation forgets it. One instance per decoder: it is the state of one source.
 */
final class IndentedHeader {

    private static final Pattern HEADER = Pattern.compile(
            "<\\d{1,3}>" // PRI
            + "|[A-Z][a-z]{2} +\\d{1,2} \\d\\d:\\d\\d:\\d\\d " // RFC 3164: Sep 20 22:13:08, Nov 2 14:08:46
            + "|\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d" // ISO 8601 (rsyslog, journalctl -o short-iso)
            + "|\\[ *\\d+\\.\\d+\\] " // dmesg: [400122.880331]
            + "|\\[\\p{L}{2,}\\.? \\p{L}{3,}\\.? [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\d{4}\\]"); // dmesg -T

    /** The indentation learned from this source's last indented header line; null when none holds. */
    private String indent;
    /** The line numbers of a numbered listing ({@code cat -n}), stripped before the indentation. */
    private final LineNumbers numbers = new LineNumbers();

    /** The line numbers of this source's numbered listing, if it is one. */
    LineNumbers numbers() {
        return numbers;
    }

    /** Whether a header (PRI, RFC 3164 or ISO 8601 time, kernel or dmesg -T stamp) starts at {@code from}. */
    static boolean startsWithHeader(final String text, final int from, final int end) {
        return HEADER.matcher(text).region(from, end).lookingAt();
    }

    /**
     * The record without the paste's indentation; otherwise the record itself (the same object). Counts
     * {@link Repair#INDENT_STRIPPED} when it strips; learns or forgets the indentation when {@code learn}.
     */
    String dedent(final String record, final RepairCounts counts, final boolean learn) {
        final int end = indentEnd(record);
        if (end == 0) {
            if (learn && !record.isEmpty()) {
                indent = null;
            }
            return record;
        }
        if (end < record.length() && startsWithHeader(record, end, record.length())) {
            if (learn) {
                indent = record.substring(0, end);
            }
            counts.add(Repair.INDENT_STRIPPED);
            return record.substring(end);
        }
        if (indent != null && record.startsWith(indent)) {
            counts.add(Repair.INDENT_STRIPPED);
            return record.substring(indent.length());
        }
        if (indent != null && end == record.length()) {
            // A blank line of the block that an editor trimmed below the indentation: empty, as its original.
            counts.add(Repair.INDENT_STRIPPED);
            return "";
        }
        return record;
    }

    /**
     * Whether a record of several lines that starts indented is an indented paste: one of its lines is indented with
     * a header behind (otherwise it is the continuation block of a multi-line message, read whole).
     */
    static boolean isIndentedPaste(final String text) {
        int start = 0;
        while (start < text.length()) {
            final int nl = text.indexOf('\n', start);
            final int end = nl < 0 ? text.length() : nl;
            final int from = indentEnd(text, start, end);
            if (from > start && from < end && startsWithHeader(text, from, end)) {
                return true;
            }
            if (LineNumbers.numberedHeader(text, start, end)) {
                return true; // a numbered listing (cat -n) posted whole: its numbers start with blanks
            }
            start = end + 1;
        }
        return false;
    }

    private static int indentEnd(final String text, final int start, final int end) {
        int i = start;
        while (i < end && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static int indentEnd(final String record) {
        return indentEnd(record, 0, record.length());
    }
}
