package io.oomstream.stitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.event.IncompleteReason;
import io.oomstream.event.OomEvent;
import io.oomstream.incident.Kill;
import io.oomstream.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Raspberry Pi paste (real-reports, raspberrypi/linux#2909) begins with the last four lines of show_mem
 * ({@code 242688 pages RAM} .. {@code 2048 pages cma reserved}) whose report started above the paste. Those lines end
 * an allocation failure as well as an OOM report, and no kill line follows: the event counts no kill, and its verdict
 * does not call it an OOM report, let alone a kill. The next report's header shows the OOM killer was invoked.
 */
class HeaderlessTailVerdictTest {

    @Test
    void shouldNotCallMemoryLinesWithoutTheirHeaderAKillOrAnOomReport() {
        final List<OomEvent> events = Fixtures.analyzeResource(
                "real-reports/rpi-4.14-syslog-quoted-wrapped-at-100-header-gfp-flags-split-mid-word.log");
        final OomEvent tail = events.get(0);
        final OomEvent cut = events.get(1);

        assertEquals(IncompleteReason.MISSING_HEADER, tail.incompleteReason());
        assertNull(tail.victim());
        assertNull(tail.killer(), "nothing was killed that the log shows");
        assertFalse(Kill.showsKill(tail));
        final String verdict = tail.analysis().verdict();
        assertTrue(verdict.contains("an OOM report or an allocation failure"), verdict);
        assertFalse(verdict.contains("killed"), verdict);

        assertFalse(Kill.showsKill(cut));
        assertTrue(cut.analysis().verdict().contains("an OOM report without its kill line"), cut.analysis().verdict());
    }
}
