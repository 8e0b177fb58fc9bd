package io.oomstream.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** When the single-thread bench's warm-up ends: a quiet JIT and every workload's rate held, the split limit's too. */
class WarmUpSettlingTest {

    private static WarmUpSettling.Round round(final double split, final double stitch, final double grok,
                                              final double jitSeconds) {
        return new WarmUpSettling.Round(new double[] {split, stitch, grok}, jitSeconds, 6.0);
    }

    @Test
    void shouldSettleWhenTheJitIsQuietAndEveryRateHolds() {
        assertTrue(WarmUpSettling.BENCH.settled(round(10e6, 3.4e6, 2e5, 0.01), round(10.2e6, 3.35e6, 2.05e5, 0.05)));
    }

    @Test
    void shouldNotSettleWhileTheJitStillCompiles() {
        // 0.3 s of compiling in a 6 s round: 5%, the report path still being compiled.
        assertFalse(WarmUpSettling.BENCH.settled(round(10e6, 3.4e6, 2e5, 0.01), round(10e6, 3.4e6, 2e5, 0.3)));
    }

    @Test
    void shouldNotSettleWhileDecodeAndStitchStillSpeedsUp() {
        assertFalse(WarmUpSettling.BENCH.settled(round(10e6, 3.0e6, 2e5, 0.01), round(10e6, 3.4e6, 2e5, 0.01)));
    }

    @Test
    void shouldHoldTheSplitLimitToTheSameCriterion() {
        assertFalse(WarmUpSettling.BENCH.settled(round(8e6, 3.4e6, 2e5, 0.01), round(10e6, 3.4e6, 2e5, 0.01)));
        assertFalse(WarmUpSettling.BENCH.settled(round(10e6, 3.4e6, 2e5, 0.01), round(8e6, 3.4e6, 2e5, 0.01)));
    }

    @Test
    void shouldIgnoreAWorkloadThatIsNotRunButNotOneThatFailedToMeasure() {
        assertTrue(WarmUpSettling.BENCH.settled(round(10e6, 3.4e6, Double.NaN, 0.01),
                round(10e6, 3.4e6, Double.NaN, 0.01)));
        assertFalse(WarmUpSettling.BENCH.settled(round(10e6, 3.4e6, 2e5, 0.01), round(10e6, 3.4e6, Double.NaN, 0.01)));
    }
}
