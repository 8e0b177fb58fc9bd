package io.oomstream.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.config.AlertmanagerSettings;
import io.oomstream.testing.EventSchema;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Incident records to alert labels and annotations: what routing matches on and what the page says. */
class IncidentAlertTest {

    private static final LinkTemplate LINK = new LinkTemplate(AlertmanagerSettings.DEFAULT_LINK_TEMPLATE);

    @Test
    void shouldKeepTheFixturesValidIncidents() {
        for (final String f : List.of(AlertFixtures.WEB_01_FIRST_KILL, AlertFixtures.WEB_01_CASCADE,
                AlertFixtures.WEB_01_CLOSED, AlertFixtures.DB_07_NO_FLEET, AlertFixtures.FLEET_TOMCAT)) {
            EventSchema.assertValid("incident.schema.json", AlertFixtures.record(f));
        }
    }

    @Test
    void shouldLabelAHostIncidentWithItsIdSeverityHostServiceAndFleetMetadata() {
        final IncidentAlert a = IncidentAlert.of(AlertFixtures.record(AlertFixtures.WEB_01_CASCADE), LINK);

        assertEquals(new TreeMap<>(Map.of("alertname", "OomKillIncident", "incident_id", "web-01:4f1c2a9b7e3d5a6c8b01",
                "scope", "host", "severity", "high", "host", "web-01", "service", "tomcat", "team", "payments",
                "environment", "prod", "datacenter", "dc1", "role", "web")), a.labels());
        assertEquals(Instant.parse("2026-03-01T10:00:00Z"), a.startsAt());
        assertNull(a.closedAt());
    }

    @Test
    void shouldPutTheVerdictVictimsCulpritAndLinkIntoAnnotations() {
        final IncidentAlert a = IncidentAlert.of(AlertFixtures.record(AlertFixtures.WEB_01_CASCADE), LINK);
        final Map<String, String> n = a.annotations();

        assertTrue(n.get("description").startsWith("web-01: 3 OOM kills in 9 min 55 s (tomcat), open."), n.get("description"));
        assertEquals("3 OOM kills on web-01 (tomcat), severity high", n.get("summary"));
        assertEquals("java (pid 4521, service tomcat, anon-rss 3866624 kB) on web-01 at 2026-03-01T10:09:55Z; "
                + "java (pid 4388, service tomcat, anon-rss 3801088 kB) on web-01 at 2026-03-01T10:04:10Z; "
                + "java (pid 4242, service tomcat, anon-rss 3932160 kB) on web-01 at 2026-03-01T10:00:00Z",
                n.get("victims"), "newest first");
        assertTrue(n.get("culprit").startsWith("3 java processes together held 82% of task memory"), n.get("culprit"));
        assertEquals("#payments-oncall", n.get("owner"));
        assertEquals("cascade", n.get("severity_reasons"));
        assertEquals("3", n.get("kill_count"));
        assertEquals("http://localhost:3000/d/oomstream-overview/oomstream?from=1772358300000&to=now"
                + "&var-environment=prod&var-datacenter=dc1&var-team=payments&var-host=web-01", n.get("dashboard"));
        assertEquals(n.get("dashboard"), a.link());
    }

    @Test
    void shouldLeaveOutLabelsTheIncidentDoesNotKnowAndLinkToAllValuesInstead() {
        final IncidentAlert a = IncidentAlert.of(AlertFixtures.record(AlertFixtures.DB_07_NO_FLEET), LINK);

        assertEquals(new TreeMap<>(Map.of("alertname", "OomKillIncident", "incident_id", "db-07:1b2c3d4e5f60718293a4",
                "scope", "host", "severity", "low", "host", "db-07", "service", "mysqld")), a.labels());
        assertFalse(a.annotations().containsKey("culprit"), "no task table, no culprit");
        assertFalse(a.annotations().containsKey("owner"));
        assertTrue(a.link().contains("&var-team=%24__all&"), a.link());
    }

    @Test
    void shouldEndTheAlertAtClosedAtAndLinkUpToIt() {
        final IncidentAlert a = IncidentAlert.of(AlertFixtures.record(AlertFixtures.WEB_01_CLOSED), LINK);

        assertEquals(Instant.parse("2026-03-01T11:09:55Z"), a.closedAt());
        assertTrue(a.link().contains("to=" + Instant.parse("2026-03-01T11:24:55Z").toEpochMilli()), a.link());
        assertEquals("3 OOM kills on web-01 (tomcat), severity high (closed)", a.annotations().get("summary"));
        assertEquals(IncidentAlert.of(AlertFixtures.record(AlertFixtures.WEB_01_CASCADE), LINK).labels(), a.labels(),
                "closing changes no label: the same alert resolves");
    }

    @Test
    void shouldLabelAFleetIncidentWithTheServiceItGroupsBy() {
        final IncidentAlert a = IncidentAlert.of(AlertFixtures.record(AlertFixtures.FLEET_TOMCAT), LINK);

        assertEquals(new TreeMap<>(Map.of("alertname", "OomKillFleetIncident",
                "incident_id", "fleet:service:tomcat:0a1b2c3d4e5f60718201", "scope", "fleet", "severity", "high",
                "group_by", "service", "service", "tomcat")), a.labels());
        assertEquals("web-01, web-02, web-03", a.annotations().get("hosts"));
        assertEquals("3 OOM kills on 3 hosts of service tomcat, severity high", a.annotations().get("summary"));
    }

    @Test
    void shouldDeriveTheSameAlertFromTheSameRecordEveryTime() {
        // Two reads of the same bytes (two instances, or one before and after a restart): equal alerts.
        assertEquals(IncidentAlert.of(AlertFixtures.record(AlertFixtures.WEB_01_CASCADE), LINK),
                IncidentAlert.of(AlertFixtures.record(AlertFixtures.WEB_01_CASCADE), LINK));
    }

    @Test
    void shouldCountTheVictimsItDoesNotList() {
        final var record = AlertFixtures.record(AlertFixtures.WEB_01_CASCADE);
        final var kills = ((io.oomstream.incident.Incident) record).kills();

        assertTrue(IncidentAlert.victims(kills, 250).endsWith("; and 247 earlier kills"));
    }
}
