package io.oomstream.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which oom_badness() a kernel ran, and the arithmetic of each (mm/oom_kill.c of that generation). */
class BadnessFormulaTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
        e3 | 2.6.32-754.el6.x86_64   | NORMALISED_1000
        e2 | 2.6.27-7-generic        | LEGACY_TOTAL_VM
        e3 | 3.2.0-4-amd64           | NORMALISED_1000
        e4 | 3.10.0-1160.el7.x86_64  | PAGES_ROOT_ADJ_30
        e4 | 3.16.0-11-amd64         | PAGES_ROOT_3_PERCENT
        e4 | 4.15.0-213-generic      | PAGES_ROOT_3_PERCENT
        e4 | 4.19.0-27-amd64         | PAGES
        e6 | 6.8.0-45-generic        | PAGES
        e4 | -                       | PAGES_ROOT_3_PERCENT
        e5 | -                       | PAGES
        """)
    void shouldPickTheFormulaFromTheVersionElseTheEra(final String era, final String version, final BadnessFormula want) {
        assertEquals(want, BadnessFormula.of(era, version));
    }

    @Test
    void shouldHaveNoFormulaForE1WhichPrintsNoTable() {
        assertNull(BadnessFormula.of("e1", null));
    }

    @Test
    void shouldScaleTheAdjustmentByTotalPagesOverAThousand() {
        // 4.19+: 1000 pages of rss, adj +100 on 2,000,000 total pages: 1000 + 100 * 2000.
        assertEquals(201_000, BadnessFormula.PAGES.score(1000, 100, null, false, 2_000_000, true));
        assertEquals(100, BadnessFormula.PAGES.printed(201_000, 2_010_000));
        // 3.14-4.18 root keeps 97% of its points.
        assertEquals(970_000, BadnessFormula.PAGES_ROOT_3_PERCENT.score(1_000_000, 0, null, true, 4_000_000, true));
        // 3.9-3.13 root: adj -30 scaled.
        assertEquals(1_000_000 - 30 * 4000, BadnessFormula.PAGES_ROOT_ADJ_30.score(1_000_000, 0, null, true, 4_000_000, true));
        // 2.6.36-3.8: per mille, root -30, +adj, kept within 1..1000.
        assertEquals(220, BadnessFormula.NORMALISED_1000.score(1_000_000, 0, null, true, 4_000_000, true));
        assertEquals(1000, BadnessFormula.NORMALISED_1000.score(1_000_000, 900, null, false, 4_000_000, true));
        assertEquals(1, BadnessFormula.NORMALISED_1000.score(1_000, -500, null, false, 4_000_000, true));
        // 2.6.19-2.6.35: total_vm shifted by oom_adj, root quartered; -17 exempts.
        assertEquals(4000, BadnessFormula.LEGACY_TOTAL_VM.score(1000, 0, 2, false, 1, true));
        assertEquals(250, BadnessFormula.LEGACY_TOTAL_VM.score(1000, 0, -2, false, 1, true));
        assertEquals(false, BadnessFormula.LEGACY_TOTAL_VM.eligible(null, -17));
        assertEquals(false, BadnessFormula.PAGES.eligible(-1000, null));
    }
}
