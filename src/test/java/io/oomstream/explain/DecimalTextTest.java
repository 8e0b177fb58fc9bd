package io.oomstream.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * DecimalText writes exactly what the {@code String.format} calls it replaced wrote. Formatter rounds half up on the
 * double's shortest decimal digits (0.15, held as 0.1499999..., prints "0.2"), which is not rounding the exact value;
 * the values here are every number the test logs hold (as kB, pages of 4 kB and MB), the shares of numbers near
 * each other on a line, every tie of a size's tenths and its neighbours, percentages a hair either side of a half,
 * and random longs and doubles over the whole range.
 */
class DecimalTextTest {

    private static final Pattern NUMBER = Pattern.compile("\\d{1,18}");

    private static String oldSize(final long kb) {
        if (kb >= 1024L * 1024) {
            return String.format(Locale.ROOT, "%.1f GB", kb / 1024.0 / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", kb / 1024.0);
    }

    private static String oldPercent(final double share) {
        return String.format(Locale.ROOT, "%.0f%%", share * 100);
    }

    private static void sameSize(final long kb) {
        assertEquals(oldSize(kb), DecimalText.size(kb), () -> "size of " + kb + " kB");
    }

    private static void samePercent(final double share) {
        assertEquals(oldPercent(share), DecimalText.percent(share), () -> "percent of " + share);
    }

    @Test
    void shouldWriteEveryNumberOfTheTestLogsAsFormatDid() throws IOException {
        int numbers = 0;
        try (Stream<Path> files = Files.walk(Path.of("src/test/resources"))) {
            for (final Path file : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                for (final String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
                    final List<Long> onLine = new ArrayList<>();
                    final Matcher m = NUMBER.matcher(line);
                    while (m.find()) {
                        final long n = Long.parseLong(m.group());
                        onLine.add(n);
                        sameSize(n);
                        sameSize(n * 4);
                        sameSize(n * 1024);
                        numbers++;
                    }
                    for (int i = 0; i < onLine.size(); i++) {
                        for (int j = Math.max(0, i - 4); j < Math.min(onLine.size(), i + 5); j++) {
                            if (onLine.get(j) != 0) {
                                samePercent((double) onLine.get(i) / onLine.get(j));
                            }
                        }
                    }
                }
            }
        }
        assertTrue(numbers > 10_000, "the test logs should hold many numbers, found " + numbers);
    }

    @Test
    void shouldRoundEveryTieOfASizeAndItsNeighboursAsFormatDid() {
        for (long tenths = 0; tenths < 30_000; tenths++) {
            for (final int shift : new int[] {10, 20}) {
                final long tie = ((tenths << shift) + (1L << (shift - 1))) / 10; // kB nearest the tie
                for (long kb = tie - 2; kb <= tie + 2; kb++) {
                    sameSize(kb);
                }
            }
        }
        for (long kb = 0; kb < 3 * 1024 * 1024; kb += 211) {
            sameSize(kb);
        }
    }

    @Test
    void shouldWriteRandomAndEdgeSizesAsFormatDid() {
        final SplittableRandom random = new SplittableRandom(16);
        for (int i = 0; i < 30_000; i++) {
            sameSize(random.nextLong(1L << (1 + random.nextInt(62))));
            sameSize(random.nextLong());
        }
        for (final long kb : new long[] {0, 1, 51, 52, 1023, 1024, 1024L * 1024 - 1, 1024L * 1024, (1L << 40) - 1,
                1L << 40, (1L << 40) + 1, -1, -52, Long.MIN_VALUE, Long.MAX_VALUE}) {
            sameSize(kb);
        }
    }

    @Test
    void shouldWritePercentagesNearAHalfAndRandomOnesAsFormatDid() {
        for (int whole = 0; whole < 300; whole++) {
            double near = (whole + 0.5) / 100;
            samePercent(near);
            for (int step = 0; step < 10; step++) {
                samePercent(Math.nextUp(near));
                samePercent(Math.nextDown(near));
                near = step % 2 == 0 ? Math.nextUp(near) : Math.nextDown(Math.nextDown(near));
            }
            for (final double off : new double[] {1e-12, 1e-9, 1e-8, 1e-7, 1e-6}) {
                samePercent((whole + 0.5 + off) / 100);
                samePercent((whole + 0.5 - off) / 100);
            }
        }
        final SplittableRandom random = new SplittableRandom(17);
        for (int i = 0; i < 20_000; i++) {
            samePercent(random.nextDouble());
            samePercent(random.nextDouble() * 20_000);
            samePercent((double) random.nextLong(1L << 40) / (1 + random.nextLong(1L << 40)));
            samePercent(Double.longBitsToDouble(random.nextLong()));
        }
        for (final double share : new double[] {0.0, -0.0, 0.005, 0.015, 0.025, 0.125, 0.145, 0.9999, 1.0, 1.5,
                9999.995, 10_000, 1e300, -0.004, -0.5, Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, Double.MIN_VALUE}) {
            samePercent(share);
        }
    }
}
