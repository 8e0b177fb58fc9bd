package io.oomstream.explain;

/** Sizes as the verdicts write them. */
final class Sizes {

    private Sizes() {
    }

    static String of(final long kb) {
        return DecimalText.size(kb);
    }
}
