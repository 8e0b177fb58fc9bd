package io.oomstream.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.event.EventKind;
import io.oomstream.event.IncompleteReason;
import io.oomstream.event.OomEvent;
import io.oomstream.event.Victim;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * analyze's summary counts a kill only where the log shows one: a report cut before its kill line is an event, named
 * as such, never a kill (the generator's truncated reports once made 77 "kills" of 74).
 */
class InputSummaryKillsTest {

    private static Victim victim(final Integer pid, final String name) {
        return new Victim(pid, name, null, null, null, null, null, null, null, null, null, null, null);
    }

    @Test
    void shouldCountAReportWithoutItsKillLineApartFromTheKills() {
        final InputSummary summary = new InputSummary();
        summary.event(OomEvent.builder().kind(EventKind.OOM_KILL).host("web-1").complete(true)
                .victim(victim(22268, "httpd")).build());
        summary.event(OomEvent.builder().kind(EventKind.OOM_KILL).host("web-1").complete(false)
                .incompleteReason(IncompleteReason.END_OF_INPUT).build());

        assertEquals(Map.of("oom_kill", 1L), summary.eventsPerKind());
        assertEquals(1, summary.reportsWithoutKill());
        assertEquals(Map.of("httpd", 1L), summary.killsPerProcess());
        final String text = summary.render();
        assertTrue(text.contains("2 OOM events found"), text);
        assertTrue(text.contains(": 1 kernel OOM kill, 1 OOM report without a kill line"), text);
    }

    @Test
    void shouldCountAKillWhoseLineLostTheProcessNameWithoutFailing() {
        final InputSummary summary = new InputSummary();
        summary.event(OomEvent.builder().kind(EventKind.MEMCG_OOM_KILL).host("k8s-1").complete(true)
                .victim(victim(4242, null)).build());

        assertEquals(Map.of("(name not in log)", 1L), summary.killsPerProcess());
        assertEquals(Map.of("memcg_oom_kill", 1L), summary.eventsPerKind());
    }
}
