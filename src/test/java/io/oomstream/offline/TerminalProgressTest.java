package io.oomstream.offline;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The one progress printer serves analyze (records and bytes, no total) and generate (lines of a known total). */
class TerminalProgressTest {

    private static final long LATER = System.nanoTime() + 3_600_000_000_000L;

    @Test
    void shouldShowItemsOfAKnownTotalWithPercentageAndRate() {
        final TerminalProgress p = new TerminalProgress("lines", 100);
        for (int i = 0; i < 25; i++) {
            p.tick();
        }
        final String line = p.line(LATER);
        assertTrue(line.matches("25 / 100 lines \\(25%\\), [\\d,.]+ lines/s"), line);
    }

    @Test
    void shouldShowRecordsAndMegabytesWhenNoTotalIsKnown() {
        final TerminalProgress p = new TerminalProgress("records", 0);
        p.record(1_000_000);
        p.record(500_000);
        final String line = p.line(LATER);
        assertTrue(line.matches("2 records, 1\\.5 MB, [\\d,.]+ records/s"), line);
    }
}
