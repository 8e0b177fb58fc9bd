package io.oomstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.oomstream.alert.AlertBook;
import io.oomstream.alert.AlertFixtures;
import io.oomstream.alert.AlertPump;
import io.oomstream.alert.AlertmanagerClient;
import io.oomstream.alert.LinkTemplate;
import io.oomstream.config.AlertmanagerSettings;
import io.oomstream.incident.Incident;
import io.oomstream.metrics.Metrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The alert stage against a real Alertmanager (Debian's prometheus-alertmanager, private on loopback) running
 * the shipped deploy/alertmanager configuration (routes and inhibition rules; receivers emptied so nothing
 * leaves the machine). Everything is asserted through Alertmanager's own API: the alerts it holds, their
 * labels and annotations, one per incident, the generic OOM alert inhibited while oomstream's fires, the
 * resolution when the incident closes, and no duplicate when a fresh poster (a restarted instance) posts again.
 */
class AlertmanagerIncidentAlertsTest {

    private static PrivateAlertmanager am;

    @BeforeAll
    static void startAlertmanager() throws IOException, InterruptedException {
        Assumptions.assumeTrue(PrivateAlertmanager.installed(), "skipped: " + PrivateAlertmanager.BINARY
                + " is missing (apt-get install prometheus-alertmanager; .ci/run installs it)");
        am = PrivateAlertmanager.start(shippedConfigWithoutReceivers());
    }

    @AfterAll
    static void stopAlertmanager() {
        if (am != null) {
            am.close();
        }
    }

    /** deploy/alertmanager/alertmanager.yml plus inhibit-rules.yml (as docs/alerting.md says), receivers inert. */
    static String shippedConfigWithoutReceivers() throws IOException {
        final Path dir = Path.of("deploy", "alertmanager");
        final String combined = Files.readString(dir.resolve("alertmanager.yml")) + "\n"
                + Files.readString(dir.resolve("inhibit-rules.yml"));
        final YAMLMapper yaml = new YAMLMapper();
        final ObjectNode config = (ObjectNode) yaml.readTree(combined);
        final ArrayNode receivers = yaml.createArrayNode();
        config.get("receivers").forEach(r -> receivers.addObject().put("name", r.get("name").asText()));
        config.set("receivers", receivers);
        return yaml.writeValueAsString(config);
    }

    static AlertPump pump(final Metrics metrics) {
        final AlertmanagerSettings settings = new AlertmanagerSettings(List.of(am.url()), Duration.ofMinutes(1),
                Duration.ofSeconds(5), AlertmanagerSettings.DEFAULT_LINK_TEMPLATE, "", "", "", null, "", null, "");
        return new AlertPump(new AlertBook(settings.resend(), new LinkTemplate(settings.linkTemplate())),
                new AlertmanagerClient(settings), Clock.systemUTC(), metrics);
    }

    @Test
    void shouldHoldOneAlertPerIncidentWithItsLabelsAndAnnotationsAndResolveItWhenTheIncidentCloses()
            throws Exception {
        final AlertPump pump = pump(new Metrics());
        final Instant now = Instant.now();
        // Two records of one incident (its first kill, then the cascade) and two other incidents.
        for (final String f : List.of(AlertFixtures.WEB_01_FIRST_KILL, AlertFixtures.WEB_01_CASCADE,
                AlertFixtures.DB_07_NO_FLEET, AlertFixtures.FLEET_TOMCAT)) {
            pump.accept("key", AlertFixtures.bytes(f), now);
        }
        assertEquals(3, pump.tick(), "one alert per incident, not per record or per kill");

        final Map<String, JsonNode> held = byIncident(am.alerts());
        assertEquals(List.of("db-07:1b2c3d4e5f60718293a4", "fleet:service:tomcat:0a1b2c3d4e5f60718201",
                "web-01:4f1c2a9b7e3d5a6c8b01"), List.copyOf(held.keySet()));
        final JsonNode web01 = held.get("web-01:4f1c2a9b7e3d5a6c8b01");
        assertEquals(new TreeMap<>(Map.of("alertname", "OomKillIncident", "incident_id", "web-01:4f1c2a9b7e3d5a6c8b01",
                "scope", "host", "severity", "high", "host", "web-01", "service", "tomcat", "team", "payments",
                "environment", "prod", "datacenter", "dc1", "role", "web")), strings(web01.get("labels")));
        final Incident cascade = (Incident) AlertFixtures.record(AlertFixtures.WEB_01_CASCADE);
        final JsonNode notes = web01.get("annotations");
        assertEquals(cascade.verdict(), notes.get("description").asText());
        assertEquals(cascade.culprit().reading(), notes.get("culprit").asText());
        assertTrue(notes.get("victims").asText().startsWith("java (pid 4521, service tomcat"), notes.toString());
        assertTrue(notes.get("dashboard").asText().contains("var-host=web-01"), notes.toString());
        assertEquals(notes.get("dashboard").asText(), web01.get("generatorURL").asText());
        assertEquals("active", web01.get("status").get("state").asText());
        assertEquals(Instant.parse("2026-03-01T10:00:00Z"), Instant.parse(web01.get("startsAt").asText()));
        // The routing tree of the shipped configuration sends it to the payments pager (prod, high).
        assertEquals("payments-pager", web01.get("receivers").get(0).get("name").asText());

        // A generic node-exporter OOM alert for the same host is inhibited; one for another host is not.
        am.post("[{\"labels\":{\"alertname\":\"HostOomKillDetected\",\"host\":\"web-01\",\"instance\":\"web-01:9100\"}},"
                + "{\"labels\":{\"alertname\":\"HostOomKillDetected\",\"host\":\"web-99\",\"instance\":\"web-99:9100\"}}]");
        final Map<String, JsonNode> generic = byHost(am.alerts(), "HostOomKillDetected");
        assertEquals("suppressed", generic.get("web-01").get("status").get("state").asText());
        assertEquals(1, generic.get("web-01").get("status").get("inhibitedBy").size());
        assertEquals("active", generic.get("web-99").get("status").get("state").asText());

        // The incident closes: its alert resolves, the others keep firing, the generic alert is no longer held back.
        pump.accept("key", AlertFixtures.bytes(AlertFixtures.WEB_01_CLOSED), Instant.now());
        assertEquals(1, pump.tick());
        assertEquals(List.of("db-07:1b2c3d4e5f60718293a4", "fleet:service:tomcat:0a1b2c3d4e5f60718201"),
                List.copyOf(byIncident(am.alerts()).keySet()));
        assertEquals("active", byHost(am.alerts(), "HostOomKillDetected").get("web-01").get("status").get("state")
                .asText());

        // A restarted instance reads the same records and posts the same alerts: still one per incident.
        final AlertPump restarted = pump(new Metrics());
        for (final String f : List.of(AlertFixtures.DB_07_NO_FLEET, AlertFixtures.FLEET_TOMCAT)) {
            restarted.accept("key", AlertFixtures.bytes(f), Instant.now());
        }
        assertEquals(2, restarted.tick());
        final List<JsonNode> after = am.alerts().stream()
                .filter(a -> a.get("labels").get("alertname").asText().startsWith("OomKill")).toList();
        assertEquals(2, after.size(), "no duplicate: " + after);
    }

    static Map<String, JsonNode> byIncident(final List<JsonNode> alerts) {
        final Map<String, JsonNode> out = new TreeMap<>();
        for (final JsonNode a : alerts) {
            final JsonNode id = a.get("labels").get("incident_id");
            if (id != null && out.put(id.asText(), a) != null) {
                throw new AssertionError("two alerts for incident " + id.asText() + ": " + alerts);
            }
        }
        return out;
    }

    private static Map<String, JsonNode> byHost(final List<JsonNode> alerts, final String alertname) {
        final Map<String, JsonNode> out = new TreeMap<>();
        for (final JsonNode a : alerts) {
            if (alertname.equals(a.get("labels").get("alertname").asText())) {
                out.put(a.get("labels").get("host").asText(), a);
            }
        }
        return out;
    }

    private static Map<String, String> strings(final JsonNode object) {
        final Map<String, String> out = new TreeMap<>();
        object.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }
}
