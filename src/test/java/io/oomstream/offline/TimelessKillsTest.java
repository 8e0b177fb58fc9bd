package io.oomstream.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.event.EventKind;
import io.oomstream.event.OomEvent;
import io.oomstream.event.Victim;
import io.oomstream.incident.Incident;
import io.oomstream.incident.IncidentRecord;
import io.oomstream.incident.IncidentSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A report pasted from {@code dmesg} without {@code -T} shows no wall time: its kill's time in the incident is a
 * stand-in, said so ({@code time_not_in_log}), and never printed as when the kill happened.
 */
class TimelessKillsTest {

    private static OomEvent kill(final String eventId, final String time) {
        return OomEvent.builder().eventId(eventId).kind(EventKind.OOM_KILL).time(time).complete(true)
                .victim(new Victim(2890, "ollama", null, null, null, null, null, null, null, null, null, null, null))
                .build();
    }

    @Test
    void shouldMarkAKillWhoseLogShowsNoTimeAndPrintNoTimeForIt() {
        final OfflineIncidents incidents = new OfflineIncidents(null, IncidentSettings.defaults());
        incidents.accept(kill("a0c9c42a0ea1705f891d", null));

        final List<IncidentRecord> all = incidents.incidents();
        final Incident i = (Incident) all.get(0);

        assertEquals(Boolean.TRUE, i.kills().get(0).timeNotInLog());
        assertTrue(TextReport.incidentLine(i).contains("(time not in log)"), TextReport.incidentLine(i));
        assertTrue(!TextReport.incidentLine(i).contains("1970"), TextReport.incidentLine(i));
    }

    @Test
    void shouldLeaveAKillWithItsLogTimeUnmarked() {
        final OfflineIncidents incidents = new OfflineIncidents(null, IncidentSettings.defaults());
        incidents.accept(kill("b0c9c42a0ea1705f891d", "2025-09-20T22:13:08Z"));

        final Incident i = (Incident) incidents.incidents().get(0);

        assertNull(i.kills().get(0).timeNotInLog());
        assertTrue(TextReport.incidentLine(i).contains("2025-09-20 22:13:08"), TextReport.incidentLine(i));
    }
}
