package io.oomstream.syslog;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * An entry of {@code journalctl -o verbose} (systemd's logs-show.c, output_verbose): a header line, the entry's time
 * and its cursor in brackets, then every field of the entry on a line of its own, four blanks, {@code NAME=value}, in
 * the order the journal stored them ({@code _HOSTNAME} may come after {@code MESSAGE}); a value of several lines
 * continues on lines indented past the {@code =}:
 * <pre>
 * Sat 2026-12-05 11:32:11.512443 UTC [s=6c5a0e2f...;i=1f00;b=0f6c9b8d...;m=1e42a5b15;t=5f8a1c2d3e4f5;x=9a8b...]
 *     _TRANSPORT=kernel
 *     SYSLOG_IDENTIFIER=kernel
 *     MESSAGE=Out of memory: Killed process 4242 (java) ...
 *     _HOSTNAME=web-7
 * </pre>
 * The entry becomes the JSON object {@code journalctl -o json} prints for it, which the decoder reads. The time and
 * the boot id are the cursor's ({@code t=} the realtime in hex microseconds, {@code b=} the boot id): exact, whatever
 * zone the header was printed in. A field printed as {@code [N blob data]} (binary, or long without {@code --all})
 * stays that text.
 */
public final class JournalVerboseEntry {

    /** The indentation of a field line. */
    static final String FIELD_INDENT = "    ";

    private JournalVerboseEntry() {
    }

    /** Whether {@code line} is the header of a verbose entry: a date, then a cursor that holds its realtime. */
    public static boolean isHeader(final String line) {
        if (line.length() < 20 || !SyslogDecoder.isLetter(line.charAt(0)) || line.charAt(line.length() - 1) != ']') {
            return false;
        }
        final int open = line.lastIndexOf(" [s=");
        return open > 0 && realtimeMicros(line.substring(open + 2, line.length() - 1)) != null;
    }

    /** Whether {@code line} belongs to the entry above it: a field, or the continuation of a field's value. */
    public static boolean isEntryLine(final String line) {
        return line.startsWith(FIELD_INDENT);
    }

    /** The entry as a {@code journalctl -o json} object; {@code fields} are the lines after the header. */
    public static String toJson(final String header, final List<String> fields) {
        final String cursor = header.substring(header.lastIndexOf(" [s=") + 2, header.length() - 1);
        final ObjectNode entry = JsonNodeFactory.instance.objectNode();
        entry.put("__CURSOR", cursor);
        entry.put("__REALTIME_TIMESTAMP", Long.toString(realtimeMicros(cursor)));
        final String boot = cursorField(cursor, "b");
        String name = null;
        StringBuilder value = null;
        for (final String line : fields) {
            final int eq = fieldNameEnd(line);
            if (eq > 0) {
                put(entry, name, value);
                name = line.substring(FIELD_INDENT.length(), eq);
                value = new StringBuilder(line.substring(eq + 1));
            } else if (value != null) {
                // print_multiline indents a value's next lines to the column after "NAME=".
                value.append('\n').append(line.strip());
            }
        }
        put(entry, name, value);
        if (boot != null && !entry.has("_BOOT_ID")) {
            entry.put("_BOOT_ID", boot);
        }
        return entry.toString();
    }

    private static void put(final ObjectNode entry, final String name, final StringBuilder value) {
        if (name != null && !entry.has(name)) {
            entry.put(name, value.toString());
        }
    }

    /** The index of the {@code =} of a field line ({@code     NAME=}), or -1 for a continuation line. */
    private static int fieldNameEnd(final String line) {
        final int from = FIELD_INDENT.length();
        int i = from;
        while (i < line.length()) {
            final char c = line.charAt(i);
            if (c == '=') {
                return i > from ? i : -1;
            }
            if (!(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) {
                return -1;
            }
            i++;
        }
        return -1;
    }

    /** The cursor's {@code t=} field in microseconds, or null. */
    private static Long realtimeMicros(final String cursor) {
        final String hex = cursorField(cursor, "t");
        if (hex == null || hex.isEmpty() || hex.length() > 15) {
            return null;
        }
        try {
            return Long.parseLong(hex, 16);
        } catch (final NumberFormatException e) {
            return null;
        }
    }

    private static String cursorField(final String cursor, final String key) {
        for (final String part : cursor.split(";")) {
            if (part.length() > key.length() && part.startsWith(key) && part.charAt(key.length()) == '=') {
                return part.substring(key.length() + 1);
            }
        }
        return null;
    }
}
