package io.oomstream.syslog;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a message that carries several kernel lines in one record.
 *
 * <p>Transports keep a multi-line kernel record together in three ways: a real newline (JSON
 * {@code \n}, or a raw record), rsyslog's control-character escape {@code #012}, and the same
 * escape with a backslash prefix ({@code \012}, the four characters). {@code #011} / {@code \011}
 * is an escaped tab and becomes a tab. Other {@code #ooo} escapes are left as they are.
 */
final class EscapedNewlines {

    private EscapedNewlines() {
    }

    /** Cheap pre-check so the common single-line message never allocates. */
    static boolean mayContain(final String s) {
        return mayContain(s, 0);
    }

    /** {@link #mayContain(String)} of {@code s.substring(from)}, without taking the substring. */
    static boolean mayContain(final String s, final int from) {
        // String.indexOf is a vectorised intrinsic: far cheaper on the hot path than a charAt loop.
        return s.indexOf('\n', from) >= 0 || mayContainEscape(s, from);
    }

    /** {@link #mayContain(String, int)} of a text known to hold no {@code '\n'}: only the escapes are looked for. */
    static boolean mayContainEscape(final String s, final int from) {
        for (int i = s.indexOf('#', from); i >= 0; i = s.indexOf('#', i + 1)) {
            if (isEscape(s, i)) {
                return true;
            }
        }
        for (int i = s.indexOf('\\', from); i >= 0; i = s.indexOf('\\', i + 1)) {
            if (isEscape(s, i)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The pieces of {@code s}, in order. Trailing empty pieces are dropped (a record that ends
     * with a newline does not hold an extra blank line), but at least one piece is returned.
     */
    static List<String> split(final String s) {
        final List<String> pieces = new ArrayList<>();
        final StringBuilder current = new StringBuilder(Math.min(s.length(), 256));
        final int n = s.length();
        int i = 0;
        while (i < n) {
            final char c = s.charAt(i);
            if (c == '\n') {
                pieces.add(current.toString());
                current.setLength(0);
                i++;
            } else if ((c == '#' || c == '\\') && isEscape(s, i)) {
                if (s.charAt(i + 3) == '2') {
                    pieces.add(current.toString());
                    current.setLength(0);
                } else {
                    current.append('\t');
                }
                i += 4;
            } else {
                current.append(c);
                i++;
            }
        }
        pieces.add(current.toString());
        while (pieces.size() > 1 && pieces.get(pieces.size() - 1).isEmpty()) {
            pieces.remove(pieces.size() - 1);
        }
        return pieces;
    }

    /** {@code #012}/{@code #011} (or with a backslash) at {@code i}. */
    private static boolean isEscape(final String s, final int i) {
        return i + 3 < s.length()
                && s.charAt(i + 1) == '0'
                && s.charAt(i + 2) == '1'
                && (s.charAt(i + 3) == '2' || s.charAt(i + 3) == '1');
    }
}
