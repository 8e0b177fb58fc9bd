package io.oomstream.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code Numbers.parseLongOr} over a range of a row gives what {@code parseLong} of that range's substring gave:
 * plain numbers, signs, 18 to 20 digits (the overflow edge), spaces and tabs, letters, non-ASCII digits
 * ({@code Long.parseLong} reads them), empty ranges, at every position inside a longer row.
 */
class NumbersRangeParseTest {

    private static final String[] PIECES = {"0", "7", "42", "-", "+", "1234567", "999999999999999999",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "18446744073709551616", " ", "\t",
        "x", "0x1f", "\u0663", "\uff11", "", "00000000000000000001", "-0", "+-1", "1-2", "1 2"};

    private static void same(final String row, final int start, final int end) {
        final Long old = Numbers.parseLong(row.substring(start, end));
        assertEquals(old == null ? -1L : (long) old, Numbers.parseLongOr(row, start, end, -1L),
                () -> "[" + row.substring(start, end) + "] in [" + row + "]");
    }

    @Test
    void shouldReadEveryRangeOfBuiltRowsAsTheSubstringParse() {
        final SplittableRandom random = new SplittableRandom(16);
        for (int n = 0; n < 20_000; n++) {
            final StringBuilder row = new StringBuilder();
            final int pieces = 1 + random.nextInt(4);
            for (int p = 0; p < pieces; p++) {
                row.append(PIECES[random.nextInt(PIECES.length)]);
                if (random.nextInt(3) == 0) {
                    row.append(random.nextLong(random.nextBoolean() ? 1000 : Long.MAX_VALUE));
                }
            }
            final String text = row.toString();
            for (int start = 0; start <= text.length(); start++) {
                for (int end = start; end <= text.length(); end++) {
                    same(text, start, end);
                }
            }
        }
    }

    @Test
    void shouldReadTaskRowColumnsAsTheSubstringParse() {
        final String row = "[  387]     0   387    16352     2611   102400        0             0 systemd-journal";
        for (int start = 0; start <= row.length(); start++) {
            for (int end = start; end <= row.length(); end++) {
                same(row, start, end);
            }
        }
        final int totalVm = row.indexOf("16352");
        assertEquals(16352L, Numbers.parseLongOr(row, totalVm, totalVm + 5, -1L));
        assertEquals(-1L, Numbers.parseLongOr(row, totalVm - 1, totalVm, -1L)); // a blank is no number
    }
}
