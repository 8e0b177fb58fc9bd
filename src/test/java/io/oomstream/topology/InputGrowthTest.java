package io.oomstream.topology;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * When marks stop on a quiet input: two windows and the margin after the answer that last showed an end offset
 * moved, on any partition (a partition that appears counts); an answer that shows nothing new does not move it.
 */
class InputGrowthTest {

    private static final long WINDOW = 3_000;
    private static final long QUIET = 2 * WINDOW + InputGrowth.MARGIN_MILLIS;

    @Test
    void shouldLetMarksGoUntilTheQuietTimeAfterTheLastAnswerThatShowedGrowth() {
        final InputGrowth growth = new InputGrowth(WINDOW);
        assertTrue(growth.markMayFree(Long.MAX_VALUE / 2), "no answer yet: nothing is known");
        growth.answered(Map.of(0, 10L, 1, 5L), 1_000);
        assertTrue(growth.markMayFree(1_000 + QUIET - 1), "the first answer counts as growth");
        assertFalse(growth.markMayFree(1_000 + QUIET));
        growth.answered(Map.of(0, 10L, 1, 5L), 4_000);
        assertFalse(growth.markMayFree(1_000 + QUIET), "the same ends: no growth");
        growth.answered(Map.of(0, 10L, 1, 6L), 9_000);
        assertTrue(growth.markMayFree(9_000 + QUIET - 1), "partition 1 grew: the marks of all come back");
        assertFalse(growth.markMayFree(9_000 + QUIET));
        growth.answered(Map.of(0, 10L, 1, 6L, 2, 0L), 12_000);
        assertTrue(growth.markMayFree(12_000 + QUIET - 1), "a partition the topic gained");
        growth.reset();
        assertTrue(growth.markMayFree(Long.MAX_VALUE / 2), "after a reset, nothing is known");
        growth.answered(Map.of(0, 10L, 1, 6L, 2, 0L), 20_000);
        assertTrue(growth.markMayFree(20_000 + QUIET - 1), "the answer after a reset counts as growth");
    }
}
