package io.oomstream.syslog;

/**
 * A host field that a person blanked out before pasting ({@code ...}, {@code …}): the line's layout is intact, but
 * the machine's name was hidden, so the host is not known. Taking the dots for a host would group every such paste
 * under one invented machine called {@code ...}.
 */
final class ElidedHost {

    private ElidedHost() {
    }

    /** The host of {@code s} from {@code start} to {@code end}, or null when it is only an ellipsis. */
    static String of(final String s, final int start, final int end) {
        if (end - start >= 1 && isEllipsis(s, start, end)) {
            return null;
        }
        return s.substring(start, end);
    }

    private static boolean isEllipsis(final String s, final int start, final int end) {
        final char first = s.charAt(start);
        if (first == '\u2026') {
            return end - start == 1;
        }
        if (first != '.' || end - start < 2) {
            return false;
        }
        for (int i = start; i < end; i++) {
            if (s.charAt(i) != '.') {
                return false;
            }
        }
        return true;
    }
}
