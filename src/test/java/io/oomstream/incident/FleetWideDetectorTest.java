package io.oomstream.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.enrich.FleetHost;
import io.oomstream.enrich.Service;
import io.oomstream.testing.EventSchema;
import io.oomstream.testing.Events;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fleet-wide incidents: many hosts of one service or role within a short span, with a controlled clock. */
class FleetWideDetectorTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final FleetGroup TOMCAT = new FleetGroup(FleetGroup.SERVICE, "tomcat");

    private final FleetWideDetector detector = new FleetWideDetector(IncidentSettings.defaults());
    private final List<FleetIncident> incidents = new ArrayList<>();
    private final List<FleetFlag> flags = new ArrayList<>();
    private GroupState state;

    @Test
    void shouldNotOpenForTwoHosts() {
        hit("web-01", "10:00:00");
        hit("web-02", "10:05:00");
        hit("web-02", "10:06:00");

        assertEquals(List.of(), incidents);
        assertEquals(List.of(), flags);
    }

    @Test
    void shouldOpenWhenAThirdHostIsHitWithinTheSpanAndFlagEveryKill() {
        final String a = hit("web-01", "10:00:00");
        final String b = hit("web-02", "10:04:00");
        final String c = hit("WEB-03.dc1.example.com", "10:09:59");

        assertEquals(1, incidents.size());
        final FleetIncident i = incidents.get(0);
        assertEquals("fleet:service:tomcat:" + a, i.incidentId());
        assertEquals(IncidentStatus.OPEN, i.status());
        assertEquals(List.of("web-01", "web-02", "WEB-03.dc1.example.com"), i.hosts());
        assertEquals(3, i.killCount());
        assertEquals(Severity.HIGH, i.severity());
        assertTrue(i.verdict().startsWith("Fleet-wide: 3 hosts of service tomcat (web-01, web-02, WEB-03.dc1.example.com)"),
                i.verdict());
        assertEquals(List.of(new FleetFlag("web-01", a, i.incidentId()), new FleetFlag("web-02", b, i.incidentId()),
                new FleetFlag("WEB-03.dc1.example.com", c, i.incidentId())), flags);
    }

    @Test
    void shouldNotOpenWhenTheHostsAreFurtherApartThanTheSpan() {
        hit("web-01", "10:00:00");
        hit("web-02", "10:05:00");
        hit("web-03", "10:10:01");

        assertEquals(List.of(), incidents);
    }

    @Test
    void shouldLetLaterKillsJoinAndReEmittedOnesReplace() {
        hit("web-01", "10:00:00");
        hit("web-02", "10:01:00");
        final String c = hit("web-03", "10:02:00");
        flags.clear();
        final String d = hit("web-04", "10:40:00");
        hit("web-03", "10:02:00");

        assertEquals(3, incidents.size());
        assertEquals(4, incidents.get(1).hostCount());
        assertEquals(4, incidents.get(2).killCount(), "the re-emitted kill replaced itself");
        assertEquals(List.of(new FleetFlag("web-04", d, incidents.get(0).incidentId())), flags,
                "a re-emission is not flagged again");
        assertTrue(incidents.get(2).lists(c));
    }

    @Test
    void shouldCloseAfterTheQuietGapAndForgetTheGroup() {
        hit("web-01", "10:00:00");
        hit("web-02", "10:01:00");
        hit("web-03", "10:02:00");

        advance(T0.plus(Duration.ofMinutes(62)).minusMillis(1));
        assertEquals(1, incidents.size(), "the last kill (10:02) is not an hour old yet");
        advance(T0.plus(Duration.ofMinutes(62)));
        assertEquals(IncidentStatus.CLOSED, incidents.get(1).status());
        assertEquals("2026-03-01T11:02:00Z", incidents.get(1).closedAt());
        advance(T0.plus(Duration.ofMinutes(75)));
        assertNull(state);
    }

    @Test
    void shouldHonourAConfiguredHostCountAndSpan() {
        final FleetWideDetector two = new FleetWideDetector(new IncidentSettings(Duration.ofHours(1), 2,
                Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ZERO, Duration.ofDays(1)));
        final FleetWideDetector.Step a = two.onKill(null, TOMCAT, kill("a", "10:00:00"), T0);
        final FleetWideDetector.Step b = two.onKill(a.state(), TOMCAT, kill("b", "10:01:01"), T0);
        final FleetWideDetector.Step c = two.onKill(b.state(), TOMCAT, kill("c", "10:01:30"), T0);

        assertEquals(0, b.incidents().size());
        assertEquals(List.of("b", "c"), c.incidents().get(0).hosts());
    }

    @Test
    void shouldFlagTheHostIncidentsOfARoleWideIncidentInTheEngine() {
        final List<IncidentRecord> out = new ArrayList<>();
        final IncidentEngine engine = new IncidentEngine(IncidentSettings.defaults(), out::add);
        int n = 0;
        for (final String service : List.of("nginx", "php-fpm", "varnishd")) {
            final FleetHost web = new FleetHost("web-0" + ++n, "dc1", "prod", "web", "t", null, null, null,
                    List.of(new Service(service, List.of(service), List.of(), false)));
            final Kill k = Events.kill(web.host(), "2026-03-01T10:0" + n + ":00Z", service).kill(web);
            engine.onKill(k, k.time());
        }

        final List<IncidentRecord> latest = engine.incidents();
        final FleetIncident role = (FleetIncident) latest.stream().filter(r -> r instanceof FleetIncident).findFirst()
                .orElseThrow();
        assertEquals("role", role.groupBy());
        assertEquals("web", role.groupValue());
        final List<Incident> hosts = latest.stream().filter(r -> r instanceof Incident).map(r -> (Incident) r).toList();
        assertEquals(3, hosts.size());
        for (final Incident h : hosts) {
            assertEquals(List.of(role.incidentId()), h.fleetIncidents(), h.incidentId());
            assertEquals(Severity.HIGH, h.severity());
        }
        out.forEach(r -> EventSchema.assertValid("incident.schema.json", r));
    }

    // Test helpers.

    private String hit(final String host, final String hhmmss) {
        final Kill k = kill(host, hhmmss);
        apply(detector.onKill(state, TOMCAT, k, k.time()));
        return k.summary().eventId();
    }

    private static Kill kill(final String host, final String hhmmss) {
        return Events.kill(host, "2026-03-01T" + hhmmss + "Z", "java").kill();
    }

    private void advance(final Instant now) {
        apply(detector.advance(state, now));
    }

    private void apply(final FleetWideDetector.Step step) {
        state = step.state();
        step.incidents().forEach(i -> EventSchema.assertValid("incident.schema.json", i));
        incidents.addAll(step.incidents());
        flags.addAll(step.flags());
    }
}
