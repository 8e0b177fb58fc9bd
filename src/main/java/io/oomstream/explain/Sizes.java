package io.oomstream.explain;

import java.util.Locale;

/** Sizes as the verdicts write them. */
final class Sizes {

    private Sizes() {
    }

    static String of(final long kb) {
        if (kb >= 1024L * 1024) {
            return String.format(Locale.ROOT, "%.1f GB", kb / 1024.0 / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", kb / 1024.0);
    }
}
