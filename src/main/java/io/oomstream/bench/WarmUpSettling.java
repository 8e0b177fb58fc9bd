package io.oomstream.bench;

/**
 * When the single-thread bench's warm-up may end: after a whole warm-up round (every workload, as a counted round
 * runs them) during which the JIT compiler was nearly idle and every workload ran at the rate it ran in the round
 * before. A fixed warm-up time cannot say this: decode+stitch's per-report code (event assembly, victim ranking,
 * verdicts) runs once per OOM report, about 80 times per pass of the bench's corpus, so the optimising compiler takes
 * it only after some 5,000 reports, well after the line code; rounds counted before then measured a half-compiled
 * product (2026-12-07: the first rounds of a full run read 0.28-0.30 of the split limit, the later 0.35-0.36).
 *
 * <p>The rates compared are lines per second of the measuring thread's CPU time, which the machine's load moves
 * far less than wall-clock time does (a wall-clock criterion would keep a loaded machine warming up to the cap).
 * The same criterion holds for every workload, the split limit as much as decode+stitch: no side is measured
 * warmer than the other.
 *
 * @param maxJitShare   the compiler's time during the round, as a share of the round's wall-clock time, at most
 * @param maxRateChange each workload's CPU-time rate may differ from the previous round's by at most this share
 */
record WarmUpSettling(double maxJitShare, double maxRateChange) {

    /** The bench's criterion: the JIT under 2% of the round, every rate within 3% of the last round's. */
    static final WarmUpSettling BENCH = new WarmUpSettling(0.02, 0.03);

    /**
     * What one warm-up round measured.
     *
     * @param cpuRates     lines per CPU second of each workload, in a fixed order (NaN for one not run)
     * @param jitSeconds   the JIT compilers' accumulated time during the round
     * @param wallSeconds  the round's wall-clock time
     */
    record Round(double[] cpuRates, double jitSeconds, double wallSeconds) {

        double jitShare() {
            return jitSeconds / wallSeconds;
        }
    }

    /** Whether {@code current}, following {@code previous}, shows a settled JIT. */
    boolean settled(final Round previous, final Round current) {
        if (!(current.jitShare() <= maxJitShare) || previous.cpuRates().length != current.cpuRates().length) {
            return false;
        }
        for (int i = 0; i < current.cpuRates().length; i++) {
            final double before = previous.cpuRates()[i];
            final double now = current.cpuRates()[i];
            if (Double.isNaN(before) && Double.isNaN(now)) {
                continue;
            }
            if (!(Math.abs(now - before) <= maxRateChange * before)) {
                return false;
            }
        }
        return true;
    }
}
