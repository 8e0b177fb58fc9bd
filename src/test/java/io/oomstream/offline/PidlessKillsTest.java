package io.oomstream.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.event.OomEvent;
import io.oomstream.incident.Kill;
import io.oomstream.testing.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A kill the log shows is counted even when its line prints no pid: 2.4's page-fault path printed only
 * {@code VM: killing process <name>}. The real kern.log lines of an LKML mail (2.4.14pre3aa2 under LTP's mmap001,
 * real-reports/INDEX.md) show four such kills between one-line allocation failures; main's jar found no event in them.
 */
class PidlessKillsTest {

    private static final String PASTE =
            "real-reports/lkml-2.4.14-kern-log-vm-killing-process-four-kills-last-message-repeated.log";

    @Test
    void shouldCountEveryFaultPathKillAsAKillWithoutInventingItsPid() {
        final List<OomEvent> events = Fixtures.analyzeResource(PASTE);
        final InputSummary summary = new InputSummary();
        events.forEach(summary::event);

        assertEquals(Map.of("mmap001", 3L, "bx", 1L), summary.killsPerProcess());
        assertEquals(0, summary.reportsWithoutKill());
        final List<OomEvent> kills = events.stream().filter(Kill::showsKill).toList();
        assertEquals(4, kills.size());
        for (final OomEvent kill : kills) {
            assertNull(kill.victim().pid(), "the line prints no pid");
            assertEquals("kernel", kill.killer());
            assertTrue(kill.complete());
            assertTrue(TextReport.eventLine(kill).contains("(pid not in log)"), TextReport.eventLine(kill));
        }
    }
}
