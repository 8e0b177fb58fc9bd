package io.oomstream.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.event.EventKind;
import io.oomstream.event.IncompleteReason;
import io.oomstream.event.OomEvent;
import io.oomstream.event.Victim;
import org.junit.jupiter.api.Test;

/** An event line always names what the log names, and says so when the log names no process at all. */
class TextReportEventLineTest {

    private static OomEvent.Builder killOnWeb1() {
        return OomEvent.builder().kind(EventKind.OOM_KILL).host("web-1").time("2026-10-21T07:09:48Z").complete(true);
    }

    @Test
    void shouldNameTheVictimByPidWhenTheKillLineLostItsName() {
        final OomEvent e = killOnWeb1().victim(new Victim(22268, null, null, null, null, null, null, null, null, null,
                null, null, null)).build();

        assertEquals(prefix(e) + "pid 22268", TextReport.eventLine(e));
    }

    @Test
    void shouldSayNoProcessWasNamedInsteadOfLeavingTheColumnEmpty() {
        final OomEvent e = killOnWeb1().build();

        assertEquals("2026-10-21 07:09:48  OOM report, no kill   (no process named)", TextReport.eventLine(e));
    }

    @Test
    void shouldNotCallAReportWhoseKillTheLogDoesNotShowAKill() {
        // The rpi-4.14 paste's first event: show_mem's page counts whose header is above the paste, no kill line.
        final OomEvent tail = killOnWeb1().complete(false).incompleteReason(IncompleteReason.MISSING_HEADER).build();
        final OomEvent memcgCut = tail.toBuilder().kind(EventKind.MEMCG_OOM_KILL).build();

        assertTrue(TextReport.eventLine(tail).contains("  OOM report, no kill  "), TextReport.eventLine(tail));
        assertFalse(TextReport.eventLine(tail).contains("OOM kill "), TextReport.eventLine(tail));
        assertFalse(TextReport.eventLine(memcgCut).contains("OOM kill "), TextReport.eventLine(memcgCut));
    }

    /** The time and kind columns, as the line starts for any event. */
    private static String prefix(final OomEvent e) {
        final String withName = TextReport.eventLine(e.toBuilder().victim(new Victim(1, "x", null, null, null, null,
                null, null, null, null, null, null, null)).build());
        return withName.substring(0, withName.length() - "x (pid 1)".length());
    }
}
