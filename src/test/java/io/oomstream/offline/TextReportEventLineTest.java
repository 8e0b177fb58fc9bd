package io.oomstream.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.oomstream.event.EventKind;
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

        assertEquals(prefix(e) + "(no process named)", TextReport.eventLine(e));
    }

    /** The time and kind columns, as the line starts for any event. */
    private static String prefix(final OomEvent e) {
        final String withName = TextReport.eventLine(e.toBuilder().victim(new Victim(1, "x", null, null, null, null,
                null, null, null, null, null, null, null)).build());
        return withName.substring(0, withName.length() - "x (pid 1)".length());
    }
}
