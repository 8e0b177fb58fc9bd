package io.oomstream.explain;

import java.util.Locale;

/**
 * Sizes and percentages as the verdicts write them, with the same characters as the {@code String.format} calls
 * they replace ({@code "%.1f GB"}, {@code "%.1f MB"}, {@code "%.0f%%"} in {@link Locale#ROOT}) but without a
 * {@code Formatter}: each of those calls built a new {@code DecimalFormatSymbols}, about half of an event's
 * analysis. {@code Formatter} rounds half up on the double's shortest decimal digits, not on its exact binary
 * value; the fast paths below are taken only where both round the same way, everything else (a tie of a
 * percentage, negative or huge values) still goes through {@code String.format}. DecimalTextTest proves it.
 */
public final class DecimalText {

    /** Below this many kB a size divided by 1024 or 1024^2 is exact and its tenths fit a long many times over. */
    private static final long EXACT_KB_LIMIT = 1L << 40;
    /** A share times 100 below this has an ulp far under the distance to a tie the fast path keeps. */
    private static final double FAST_PERCENT_LIMIT = 1e6;
    private static final double TIE_MARGIN = 1e-6;

    private DecimalText() {
    }

    /** {@code String.format(Locale.ROOT, "%.1f GB", kb / 1024.0 / 1024.0)} from 1 GiB up, else the same in MB. */
    public static String size(final long kb) {
        final boolean gb = kb >= 1024L * 1024;
        if (kb < 0 || kb >= EXACT_KB_LIMIT) {
            return gb ? String.format(Locale.ROOT, "%.1f GB", kb / 1024.0 / 1024.0)
                    : String.format(Locale.ROOT, "%.1f MB", kb / 1024.0);
        }
        final int shift = gb ? 20 : 10;
        final long scaled = kb * 10; // the size in tenths, times 2^shift
        long tenths = scaled >>> shift;
        final long rest = scaled & ((1L << shift) - 1);
        // A tie (rest exactly half) is a decimal ending in 5 that the double holds exactly, so its shortest digits
        // end in that 5 too and Formatter's half-up rounds it up, as the exact value would.
        if (rest >= 1L << (shift - 1)) {
            tenths++;
        }
        return (tenths / 10) + "." + (tenths % 10) + (gb ? " GB" : " MB");
    }

    /** {@code String.format(Locale.ROOT, "%.0f%%", share * 100)}. */
    public static String percent(final double share) {
        final double hundredths = share * 100;
        if (hundredths >= 0 && hundredths < FAST_PERCENT_LIMIT && Double.doubleToRawLongBits(hundredths) >= 0) {
            final long whole = (long) hundredths;
            final double fraction = hundredths - whole; // exact: both are doubles below 2^52
            if (fraction < 0.5 - TIE_MARGIN) {
                return whole + "%";
            }
            if (fraction > 0.5 + TIE_MARGIN) {
                return (whole + 1) + "%";
            }
        }
        return String.format(Locale.ROOT, "%.0f%%", hundredths);
    }
}
