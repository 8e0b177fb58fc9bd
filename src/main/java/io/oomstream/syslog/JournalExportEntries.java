package io.oomstream.syslog;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code journalctl -o export} text sent as one record (systemd's Journal Export Format, the format
 * {@code systemd-journal-remote} reads): entries of {@code NAME=value} lines, each entry ended by an empty line,
 * starting with {@code __CURSOR=} (or {@code __REALTIME_TIMESTAMP=} when cut by hand). Each entry becomes the
 * {@code journalctl -o json} object of the same fields, which the decoder reads. A binary field is written as its
 * name alone on a line, then its length and bytes: its name and the lines without a {@code =} after it are skipped.
 * The one reading of the format: the stream's decoder (a record of entries) and analyze's reader (a file of them,
 * {@link #entryToJson}) both use it.
 *
 * <p>A field may be repeated within one entry (the format allows it, and journald keeps every value). The last value
 * wins: journalctl's text output (the short and syslog-like layouts people read) takes the last value it enumerates
 * for a field ({@code parse_field} in systemd's logs-show.c frees the one it held), so the last one is what a person
 * saw as the entry's message; {@code -o json} would print an array there, which no field the decoder reads expects.
 * Field names are those the format allows: upper-case letters, digits and underscores; a line that is neither such a
 * field nor a binary field's name or bytes makes the text no export.
 */
public final class JournalExportEntries {

    private JournalExportEntries() {
    }

    /** Whether a record (or, in a file, a line) starts like an export entry. */
    public static boolean isStart(final String text) {
        return text.startsWith("__CURSOR=") || text.startsWith("__REALTIME_TIMESTAMP=");
    }

    /**
     * The entries of {@code lines} as JSON objects; null when a line is neither a field nor an entry's end, nor a
     * binary field's name: the record is then read as any text of several lines.
     */
    static List<String> toJson(final String[] lines) {
        final List<String> entries = new ArrayList<>();
        ObjectNode entry = null;
        boolean binary = false;
        for (final String line : lines) {
            if (line.isEmpty()) {
                if (entry != null) {
                    entries.add(entry.toString());
                }
                entry = null;
                binary = false;
                continue;
            }
            final int eq = fieldNameEnd(line);
            if (eq > 0) {
                if (entry == null) {
                    entry = JsonNodeFactory.instance.objectNode();
                }
                // A repeated field: the last value wins (see the class comment); put replaces the one before.
                entry.put(line.substring(0, eq), line.substring(eq + 1));
                binary = false;
            } else if (isFieldName(line)) {
                binary = true;
            } else if (!binary) {
                return null;
            }
        }
        if (entry != null) {
            entries.add(entry.toString());
        }
        return entries.isEmpty() ? null : entries;
    }

    /**
     * One entry's lines (no empty line among them) as its {@code journalctl -o json} object; null when they are no
     * export entry (a line is neither a field nor a binary field's name or bytes), to be read as text.
     */
    public static String entryToJson(final List<String> lines) {
        final List<String> entries = toJson(lines.toArray(String[]::new));
        return entries == null || entries.size() != 1 ? null : entries.get(0);
    }

    /** The index of the {@code =} after a field name ({@code NAME=}), or -1. */
    private static int fieldNameEnd(final String line) {
        final int eq = line.indexOf('=');
        return eq > 0 && isFieldName(line.substring(0, eq)) ? eq : -1;
    }

    /** A journal field name: upper-case letters, digits and underscores. */
    private static boolean isFieldName(final String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) {
                return false;
            }
        }
        return true;
    }
}
