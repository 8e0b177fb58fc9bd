package io.oomstream.event;

/**
 * Text from the logs made safe for a terminal: process names, cgroup paths and host names may hold any byte
 * but NUL (a comm is set with prctl), so a kill report can carry ESC sequences that clear the screen, retitle
 * the window or fake output. Human-readable output (demo, analyze's summary) passes every such value through
 * {@link #visible}; JSON output escapes the same characters ({@link Json}).
 */
public final class TerminalText {

    private TerminalText() {
    }

    /**
     * Whether a character must never reach a terminal raw: C0 controls (NUL to US, including ESC, BEL, CR,
     * LF, TAB), DEL, the C1 controls (U+0080-U+009F: U+009B is CSI on terminals that read 8-bit controls),
     * the line and paragraph separators, and the bidirectional embeddings, overrides and isolates
     * (U+202A-U+202E, U+2066-U+2069), which reorder what is displayed ("Trojan Source").
     */
    public static boolean isControl(final int c) {
        return c < 0x20 || c >= 0x7f && c <= 0x9f || c == 0x2028 || c == 0x2029
                || c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069;
    }

    /**
     * {@code s} with each control character replaced by a visible escape: {@code \x1b} for ESC and the other
     * C0/C1 controls and DEL, <code>&#92;u202e</code> for the others; a backslash is doubled only where it would
     * otherwise read as such an escape ({@code \x} or <code>&#92;u</code>), so the text can be read back exactly and
     * ordinary paths stay as they are. Null stays null; a string without controls is returned as is.
     */
    public static String visible(final String s) {
        if (s == null || !needsEscaping(s)) {
            return s;
        }
        final StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (isControl(c)) {
                out.append(c <= 0xff ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
            } else if (c == '\\' && i + 1 < s.length() && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'u')) {
                out.append("\\\\");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean needsEscaping(final String s) {
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (isControl(c) || c == '\\' && i + 1 < s.length() && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'u')) {
                return true;
            }
        }
        return false;
    }
}
