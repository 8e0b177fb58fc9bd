package io.oomstream.offline;

import io.oomstream.syslog.JournalExportEntries;
import io.oomstream.syslog.JournalVerboseEntry;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Gives {@code analyze} one record per journal entry where a tool writes an entry over several lines:
 * <ul>
 *   <li>{@code journalctl -o json-pretty}, {@code jq .} and most JSON exports (an array of objects) print an object
 *       as {@code {} alone on its line, a field per line, and {@code }} (or {@code },} inside an array) alone on
 *       its line. Read a line at a time, no line is a record: every field was undecodable, the report lost host,
 *       time and all but the lines the grammar recognised without a layout. The object's lines are joined (JSON
 *       does not care about the line ends between fields) and a trailing comma dropped.</li>
 *   <li>{@code journalctl -o export}: an entry is {@code KEY=value} lines ended by an empty line, starting with
 *       {@code __CURSOR=} (or {@code __REALTIME_TIMESTAMP=} when cut by hand). The entry becomes the JSON object
 *       {@code journalctl -o json} prints for it ({@link JournalExportEntries#entryToJson}, the stream's reading of
 *       the format too: a repeated field's last value wins, a binary field is left out), which the decoder reads; an
 *       entry with a line that is no journal field gives its lines back one by one.</li>
 *   <li>{@code journalctl -o verbose}: a header (the time and the cursor), then the entry's fields indented by four
 *       blanks ({@link JournalVerboseEntry}); the entry becomes its JSON object likewise.</li>
 * </ul>
 * Nothing is lost: an object with a line no pretty-printed JSON has (a syslog line, prose), or one that does not
 * close within {@value #MAX_LINES} lines or {@value #MAX_CHARS} chars, or
 * an input that ends inside one, gives its lines back one by one, as they were.
 */
final class MultiLineRecordReader extends BufferedReader {

    static final int MAX_LINES = 2_000;
    static final int MAX_CHARS = 1 << 20;

    private final BufferedReader in;
    /** Lines read ahead and given back as they were (an object that did not close). */
    private final ArrayDeque<String> pending = new ArrayDeque<>();
    /** The line that ended a verbose entry, read ahead (null: none). */
    private String lookahead;

    MultiLineRecordReader(final BufferedReader in) {
        super(in, 1);
        this.in = in;
    }

    @Override
    public String readLine() throws IOException {
        if (!pending.isEmpty()) {
            return pending.poll();
        }
        return recordFrom(next());
    }

    /**
     * True when lines read ahead wait to be given back ({@link #readLine()} gives them before reading on): lines of
     * an entry that did not close, or the line that ended a verbose entry.
     */
    boolean hasPending() {
        return !pending.isEmpty() || lookahead != null;
    }

    /**
     * The record that starts with {@code line}, the next line of the input (nothing pending): the line itself, or
     * the entry it starts, read on from the underlying reader.
     */
    String recordFrom(final String line) throws IOException {
        if (line == null || line.isEmpty()) {
            return line;
        }
        final char c = line.charAt(0);
        if ((c == '{' || c == ' ' || c == '\t') && line.strip().equals("{")) {
            return jsonObject(line);
        }
        if (c == '_' && JournalExportEntries.isStart(line)) {
            return exportEntry(line);
        }
        if (JournalVerboseEntry.isHeader(line)) {
            return verboseEntry(line);
        }
        return line;
    }

    /** The line after the last one read: the one a verbose entry read ahead to find its end, else the input's next. */
    private String next() throws IOException {
        final String line = lookahead != null ? lookahead : in.readLine();
        lookahead = null;
        return line;
    }

    /** {@code journalctl -o verbose}: the header and its field lines as the entry's JSON ({@link JournalVerboseEntry}). */
    private String verboseEntry(final String header) throws IOException {
        final List<String> fields = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null && JournalVerboseEntry.isEntryLine(line)) {
            fields.add(line);
            if (fields.size() >= MAX_LINES) {
                pending.addAll(fields);
                return header;
            }
        }
        lookahead = line;
        return fields.isEmpty() ? header : JournalVerboseEntry.toJson(header, fields);
    }

    private String jsonObject(final String first) throws IOException {
        final List<String> lines = new ArrayList<>();
        lines.add(first);
        final Depth depth = new Depth();
        depth.scan(first);
        int chars = first.length();
        String line;
        while ((line = in.readLine()) != null) {
            lines.add(line);
            chars += line.length() + 1;
            if (!mayContinueJson(line)) {
                break; // a syslog line, prose: the "{" was a line of text, not an object's start
            }
            depth.scan(line);
            if (depth.closed()) {
                // Joined by a blank, not a line end: JSON does not care, and a record stays one line of text, as
                // the decoder's line path requires (a raw line end inside a JSON string is no JSON anyway).
                String joined = String.join(" ", lines).strip();
                if (joined.endsWith(",")) {
                    joined = joined.substring(0, joined.length() - 1); // an element of an array
                }
                return joined;
            }
            if (lines.size() >= MAX_LINES || chars >= MAX_CHARS) {
                break;
            }
        }
        pending.addAll(lines.subList(1, lines.size()));
        return first;
    }

    /**
     * Whether a line may be a line of a pretty-printed JSON value: a JSON string cannot hold a line end, so each such
     * line starts, after blanks, with a name, a value, a bracket or a comma.
     */
    private static boolean mayContinueJson(final String line) {
        final String s = line.stripLeading();
        if (s.isEmpty()) {
            return true;
        }
        final char c = s.charAt(0);
        return c == '"' || c == '{' || c == '}' || c == '[' || c == ']' || c == ',' || c == '-'
                || c >= '0' && c <= '9' || s.startsWith("true") || s.startsWith("false") || s.startsWith("null");
    }

    private String exportEntry(final String first) throws IOException {
        final List<String> lines = new ArrayList<>();
        lines.add(first);
        String line;
        while ((line = in.readLine()) != null && !line.isEmpty()) {
            lines.add(line);
            if (lines.size() >= MAX_LINES) {
                pending.addAll(lines.subList(1, lines.size()));
                return first;
            }
        }
        final String json = JournalExportEntries.entryToJson(lines);
        if (json == null) {
            // No export entry after all (a line that is no journal field): each line is read as text.
            pending.addAll(lines.subList(1, lines.size()));
            return first;
        }
        return json;
    }

    /** The nesting depth of braces outside JSON strings, over the lines scanned so far. */
    private static final class Depth {
        private int depth;
        private boolean inString;
        private boolean escaped;

        void scan(final String line) {
            for (int i = 0; i < line.length(); i++) {
                final char c = line.charAt(i);
                if (inString) {
                    if (escaped) {
                        escaped = false;
                    } else if (c == '\\') {
                        escaped = true;
                    } else if (c == '"') {
                        inString = false;
                    }
                } else if (c == '"') {
                    inString = true;
                } else if (c == '{') {
                    depth++;
                } else if (c == '}') {
                    depth--;
                }
            }
        }

        boolean closed() {
            return depth <= 0 && !inString;
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
