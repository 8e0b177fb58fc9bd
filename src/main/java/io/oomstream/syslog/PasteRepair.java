package io.oomstream.syslog;

/**
 * The line-level repairs of pasted text, done before a record's layout is looked for: a terminal's colour escapes
 * ({@link AnsiEscapes}) and a numbered listing's line numbers ({@link LineNumbers}) are dropped, the character
 * references of a line HTML-escaped whole are read ({@link HtmlEntities}), mail quoting ({@code > },
 * {@code >> }, {@code > > }, with or without the space) is stripped, so is the indentation of a line indented as a
 * whole ({@link IndentedHeader}), a Markdown code fence glued to a line ({@link CodeFences}) and the thousands
 * separators of a kill line's sizes ({@link DigitGrouping}) are dropped, and U+00A0 no-break spaces and tabs become the
 * spaces they stand for (a web page turns runs of spaces into {@code &nbsp;}, a terminal copy may turn them into
 * tabs). Each repair is counted. Joining lines (unwrapping, a lone stamp) needs the lines around and is done by
 * {@link RecordJoiner}.
 */
final class PasteRepair {

    private static final char NBSP = '\u00A0';

    private PasteRepair() {
    }

    static String normalise(final String record, final IndentedHeader indentation, final boolean learn,
                            final RepairCounts counts) {
        return normalise(record, indentation, learn, counts, false);
    }

    /**
     * {@link #normalise(String, IndentedHeader, boolean, RepairCounts)}; {@code printableAscii}: the caller vouches the
     * record is printable ASCII, so it holds no terminal escape, no-break space or tab, which are then not looked for.
     */
    static String normalise(final String record, final IndentedHeader indentation, final boolean learn,
                            final RepairCounts counts, final boolean printableAscii) {
        String s = printableAscii ? record : AnsiEscapes.strip(record, counts);
        // Before the quoting: a quoted line escaped whole starts "&gt; ".
        if (s.indexOf('&') >= 0) {
            final String unescaped = HtmlEntities.decode(s);
            if (unescaped != s) {
                s = unescaped;
                counts.add(Repair.HTML_ENTITIES_DECODED);
            }
        }
        if (!s.isEmpty() && s.charAt(0) == '>') {
            s = unquote(s);
            counts.add(Repair.QUOTE_STRIPPED);
        }
        s = indentation.numbers().strip(s, counts, learn);
        s = indentation.dedent(s, counts, learn);
        // Each returns the line itself, after one indexOf, when it holds no backtick / no comma.
        final String unfenced = CodeFences.strip(s);
        if (unfenced != s) {
            s = unfenced;
            counts.add(Repair.CODE_FENCE_STRIPPED);
        }
        final String ungrouped = DigitGrouping.strip(s);
        if (ungrouped != s) {
            s = ungrouped;
            counts.add(Repair.DIGIT_GROUPING_STRIPPED);
        }
        // indexOf is a vectorised intrinsic: the common line without either costs two scans, no allocation.
        if (!printableAscii && (s.indexOf(NBSP) >= 0 || s.indexOf('\t') >= 0)) {
            s = s.replace(NBSP, ' ').replace('\t', ' ');
            counts.add(Repair.SPACES_NORMALISED);
        }
        return s;
    }

    /** The text after every quoting level: each {@code >} and the one blank after it. */
    static String unquote(final String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == '>') {
            i++;
            if (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == NBSP)) {
                i++;
            }
        }
        return s.substring(i);
    }
}
