package io.oomstream.bench;

import java.io.PrintStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * The single-thread figures, measured side by side on the same in-memory corpus: each round runs split,
 * decode+stitch and grok one after the other (the order rotates between rounds so none always runs on a
 * cooler or hotter machine), each for whole passes over the corpus until a minimum time; the figure is the
 * median of the rounds. Before any round counts, a warm-up: a timed one of each workload alone, then rounds
 * run exactly as counted ones and discarded until the JIT has settled ({@link WarmUpSettling}: a round with the
 * compiler nearly idle and every workload's rate where it was the round before), for at most {@code
 * maxSettleSeconds}. The split limit and grok warm up in the same rounds as decode+stitch.
 */
final class SingleThreadBench {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /**
     * Lines per second of each workload (medians), and what the stitcher found (a correctness check).
     *
     * @param settleRounds  warm-up rounds run after the timed warm-up and discarded
     * @param settled       whether the last of them met the criterion (false: the cap ended the warm-up)
     */
    record Figures(double splitLinesPerSecond, double stitchLinesPerSecond, double grokLinesPerSecond,
                   List<Double> splitRounds, List<Double> stitchRounds, List<Double> grokRounds, long eventsPerPass,
                   long grokMatchedPerPass, int settleRounds, boolean settled, long warmupStitchPasses) {
    }

    /** A workload's lines per second, by wall-clock and by the measuring thread's CPU time. */
    private record Rate(double wall, double cpu, long passes) {

        static final Rate NONE = new Rate(Double.NaN, Double.NaN, 0);
    }

    private SingleThreadBench() {
    }

    static Figures run(final Workloads.Corpus corpus, final double warmupSeconds, final int rounds,
                       final double minRoundSeconds, final double maxSettleSeconds, final boolean grok,
                       final PrintStream log) {
        final byte[] bytes = corpus.bytes();
        final long[] events = {0};
        final long[] grokMatched = {0};
        final java.util.function.LongSupplier[] workloads = {
            () -> Workloads.split(bytes),
            () -> Workloads.stitch(bytes, events),
            grok ? () -> {
                final GrokBaseline g = new GrokBaseline();
                final long n = g.run(bytes, Long.MAX_VALUE);
                grokMatched[0] = g.matched();
                return n;
            } : null};
        // Timed warm-up: each workload alone for a while, so the JIT has compiled the line paths.
        final Rate w0 = timed(warmupSeconds, workloads[0]);
        final Rate w1 = timed(warmupSeconds, workloads[1]);
        final Rate w2 = grok ? timed(warmupSeconds, workloads[2]) : Rate.NONE;
        log.printf("  warm-up: split %,.0f, decode+stitch %,.0f, grok %,.0f lines/s (decode+stitch: %d passes, "
                + "%,d reports)%n", w0.wall(), w1.wall(), w2.wall(), w1.passes(), w1.passes() * events[0]);
        // Settling: rounds as counted ones, discarded, until the JIT has compiled the rarer paths too (the report
        // path runs once per report, a hundred times less often than the line code) and the rates hold still.
        final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        final long settleStart = System.nanoTime();
        long stitchPasses = w1.passes();
        WarmUpSettling.Round previous = null;
        boolean settled = false;
        int settleRounds = 0;
        while (!settled && (System.nanoTime() - settleStart) / 1e9 < maxSettleSeconds) {
            final long jit0 = jit.getTotalCompilationTime();
            final long t0 = System.nanoTime();
            final Rate[] rate = round(settleRounds, minRoundSeconds, workloads);
            final WarmUpSettling.Round now = new WarmUpSettling.Round(
                    new double[] {rate[0].cpu(), rate[1].cpu(), rate[2].cpu()},
                    (jit.getTotalCompilationTime() - jit0) / 1e3, (System.nanoTime() - t0) / 1e9);
            settled = previous != null && WarmUpSettling.BENCH.settled(previous, now);
            stitchPasses += rate[1].passes();
            settleRounds++;
            log.printf("  settling %d: split %,.0f, decode+stitch %,.0f, grok %,.0f lines per CPU second; JIT %.1f%% "
                    + "of the round%s%n", settleRounds, rate[0].cpu(), rate[1].cpu(), rate[2].cpu(),
                    100 * now.jitShare(), settled ? ": settled" : "");
            previous = now;
        }
        log.printf("  warm-up done after %d settling rounds (%s): decode+stitch %d passes, %,d reports%n",
                settleRounds, settled ? "settled" : "not settled at the cap", stitchPasses,
                stitchPasses * events[0]);
        final List<Double> split = new ArrayList<>();
        final List<Double> stitch = new ArrayList<>();
        final List<Double> grokRates = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            final Rate[] rate = round(round, minRoundSeconds, workloads);
            split.add(rate[0].wall());
            stitch.add(rate[1].wall());
            if (grok) {
                grokRates.add(rate[2].wall());
            }
            log.printf("  round %d: split %,.0f, decode+stitch %,.0f, grok %,.0f lines/s%n", round + 1,
                    rate[0].wall(), rate[1].wall(), rate[2].wall());
        }
        return new Figures(Results.median(split), Results.median(stitch),
                grok ? Results.median(grokRates) : Double.NaN, split, stitch, grokRates, events[0], grokMatched[0],
                settleRounds, settled, stitchPasses);
    }

    /** One round: each workload for {@code minSeconds}, in an order that rotates with {@code round}. */
    private static Rate[] round(final int round, final double minSeconds,
                                final java.util.function.LongSupplier[] workloads) {
        final Rate[] rate = {Rate.NONE, Rate.NONE, Rate.NONE};
        for (int k = 0; k < 3; k++) {
            final int which = (round + k) % 3;
            if (workloads[which] != null) {
                rate[which] = timed(minSeconds, workloads[which]);
            }
        }
        return rate;
    }

    /** Only the stitcher, for the scaling table (hosts, report size). */
    static double stitchOnly(final Workloads.Corpus corpus, final int rounds, final double minRoundSeconds) {
        final List<Double> rates = new ArrayList<>();
        for (int round = 0; round < rounds + 1; round++) {
            final Rate r = timed(minRoundSeconds, () -> Workloads.stitch(corpus.bytes(), null));
            if (round > 0) {
                rates.add(r.wall());
            }
        }
        return Results.median(rates);
    }

    /** Runs whole passes until {@code minSeconds} passed. */
    private static Rate timed(final double minSeconds, final java.util.function.LongSupplier pass) {
        final long t0 = System.nanoTime();
        final long cpu0 = THREADS.getCurrentThreadCpuTime();
        long lines = 0;
        long passes = 0;
        long now;
        do {
            lines += pass.getAsLong();
            passes++;
            now = System.nanoTime();
        } while ((now - t0) / 1e9 < minSeconds);
        final double cpu = (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e9;
        return new Rate(lines / ((now - t0) / 1e9), lines / cpu, passes);
    }
}
