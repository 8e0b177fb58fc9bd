package io.oomstream.syslog;

/**
 * A host field that a person blanked out before pasting ({@code ...}, {@code …}), or masked in part with asterisks
 * ({@code n4.c1.***}, a journalctl paste in coroot/coroot#330): the line's layout is intact, but the machine's name was
 * hidden, so the host is not known. Taking the dots for a host would group every such paste under one invented machine
 * called {@code ...}; taking {@code n4.c1.***} would group every masked machine of that cluster under one. No host name
 * may carry an asterisk (RFC 1123 allows letters, digits, hyphens and dots), so one asterisk is enough to tell.
 */
final class ElidedHost {

    /** The character people mask names with; no host name may contain it. */
    private static final char MASK = '*';

    private ElidedHost() {
    }

    /** The host of {@code s} from {@code start} to {@code end}, or null when it is only an ellipsis. */
    static String of(final String s, final int start, final int end) {
        if (end - start >= 1 && (isEllipsis(s, start, end) || isMasked(s, start, end))) {
            return null;
        }
        return s.substring(start, end);
    }

    private static boolean isMasked(final String s, final int start, final int end) {
        final int mask = s.indexOf(MASK, start);
        return mask >= 0 && mask < end;
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
