package io.oomstream.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The single-thread figures, measured side by side on the same in-memory corpus: each round runs split,
 * decode+stitch and grok one after the other (the order rotates between rounds so none always runs on a
 * cooler or hotter machine), each for whole passes over the corpus until a minimum time; the figure is the
 * median of the rounds. A timed warm-up of each workload comes first and is not counted.
 */
final class SingleThreadBench {

    /** Lines per second of each workload (medians), and what the stitcher found (a correctness check). */
    record Figures(double splitLinesPerSecond, double stitchLinesPerSecond, double grokLinesPerSecond,
                   List<Double> splitRounds, List<Double> stitchRounds, List<Double> grokRounds, long eventsPerPass,
                   long grokMatchedPerPass) {
    }

    private SingleThreadBench() {
    }

    static Figures run(final Workloads.Corpus corpus, final double warmupSeconds, final int rounds,
                       final double minRoundSeconds, final boolean grok, final PrintStream log) {
        final byte[] bytes = corpus.bytes();
        final List<Double> split = new ArrayList<>();
        final List<Double> stitch = new ArrayList<>();
        final List<Double> grokRates = new ArrayList<>();
        final long[] events = {0};
        final long[] grokMatched = {0};
        // Warm-up: each workload alone for a while, so the JIT has compiled its hot paths before any round counts.
        final double w0 = timed(warmupSeconds, () -> Workloads.split(bytes));
        final double w1 = timed(warmupSeconds, () -> Workloads.stitch(bytes, events));
        final double w2 = grok ? timed(warmupSeconds, () -> new GrokBaseline().run(bytes, Long.MAX_VALUE)) : Double.NaN;
        log.printf("  warm-up: split %,.0f, decode+stitch %,.0f, grok %,.0f lines/s%n", w0, w1, w2);
        for (int round = 0; round < rounds; round++) {
            final double[] rate = {Double.NaN, Double.NaN, Double.NaN};
            for (int k = 0; k < 3; k++) {
                final int which = (round + k) % 3;
                if (which == 0) {
                    rate[0] = timed(minRoundSeconds, () -> Workloads.split(bytes));
                } else if (which == 1) {
                    rate[1] = timed(minRoundSeconds, () -> Workloads.stitch(bytes, events));
                } else if (grok) {
                    rate[2] = timed(minRoundSeconds, () -> {
                        final GrokBaseline g = new GrokBaseline();
                        final long n = g.run(bytes, Long.MAX_VALUE);
                        grokMatched[0] = g.matched();
                        return n;
                    });
                }
            }
            split.add(rate[0]);
            stitch.add(rate[1]);
            if (grok) {
                grokRates.add(rate[2]);
            }
            log.printf("  round %d: split %,.0f, decode+stitch %,.0f, grok %,.0f lines/s%n", round + 1, rate[0],
                    rate[1], rate[2]);
        }
        return new Figures(Results.median(split), Results.median(stitch),
                grok ? Results.median(grokRates) : Double.NaN, split, stitch, grokRates, events[0], grokMatched[0]);
    }

    /** Only the stitcher, for the scaling table (hosts, report size). */
    static double stitchOnly(final Workloads.Corpus corpus, final int rounds, final double minRoundSeconds) {
        final List<Double> rates = new ArrayList<>();
        for (int round = 0; round < rounds + 1; round++) {
            final double r = timed(minRoundSeconds, () -> Workloads.stitch(corpus.bytes(), null));
            if (round > 0) {
                rates.add(r);
            }
        }
        return Results.median(rates);
    }

    /** Runs whole passes until {@code minSeconds} passed; lines per second. */
    private static double timed(final double minSeconds, final java.util.function.LongSupplier pass) {
        final long t0 = System.nanoTime();
        long lines = 0;
        long now;
        do {
            lines += pass.getAsLong();
            now = System.nanoTime();
        } while ((now - t0) / 1e9 < minSeconds);
        return lines / ((now - t0) / 1e9);
    }
}
