package io.oomstream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.oomstream.event.Json;
import io.oomstream.testing.EventSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code analyze --fleet/--incidents/--counts} and {@code fleet load --dry-run}, run in-process. */
class FleetAnalyzeCommandsTest {

    private static final String SEED_000 = "src/test/resources/seeds/000-centos6-httpd-workers-www8321uj.txt";
    private static final String SEED_001 = "src/test/resources/seeds/001-rhel4-cascade-mail.txt";
    private static final String FLEET_YAML = "deploy/fleet/fleet-example.yaml";

    @TempDir
    Path tmp;

    private String stdout;
    private String stderr;

    @Test
    void shouldPrintEnrichedEventsThenIncidentsThenCounts() {
        assertEquals(0, run("analyze", "--quiet", "--fleet", FLEET_YAML, "--incidents", "--counts", SEED_001));

        final List<JsonNode> lines = lines();
        assertEquals(4 + 2 + 3, lines.size(), stdout);
        for (final JsonNode e : lines.subList(0, 4)) {
            EventSchema.assertValid("enriched-event.schema.json", e);
            EventSchema.assertValidEvent(e.get("event"));
            assertEquals("known", e.get("fleet_status").asText());
        }
        final List<JsonNode> incidents = lines.subList(4, 6);
        incidents.forEach(i -> EventSchema.assertValid("incident.schema.json", i));
        assertEquals(List.of("mysql", "apache"), texts(incidents.get(0).get("services_hit")));
        assertEquals("critical", incidents.get(0).get("severity").asText(), "mysql is critical on mail");
        assertEquals(3, incidents.get(0).get("kill_count").asInt());
        assertEquals(List.of("postfix"), texts(incidents.get(1).get("services_hit")));
        final List<JsonNode> counts = lines.subList(6, 9);
        counts.forEach(c -> EventSchema.assertValid("kill-count.schema.json", c));
        assertEquals(List.of("mysql", "apache", "postfix"), counts.stream().map(c -> c.get("service").asText()).toList());
        assertEquals(List.of(1, 2, 1), counts.stream().map(c -> c.get("count").asInt()).toList());
        assertEquals("it-ops", counts.get(0).get("team").asText());
    }

    @Test
    void shouldCountAKillLineTooLongToReadWholeUndecodableAsRunDeadLettersIt() throws Exception {
        final Path log = tmp.resolve("giant-kill.log");
        java.nio.file.Files.writeString(log, "Mar  4 10:00:01 bigname kernel: [5000.000001] Out of memory: Killed "
                + "process 77 (" + "j".repeat(1_000_000) + ") total-vm:4000000kB, anon-rss:3600000kB, file-rss:0kB, "
                + "shmem-rss:0kB\n");

        assertEquals(0, run("analyze", "--incidents", log.toString()));

        assertEquals("", stdout, "no event and no incident invented from a cut kill line");
        // The summary's counts say what they count (records read, lines decoded, undecodable records, events).
        assertTrue(stderr.startsWith("oomstream analyze: 1 records read (an input line, or a whole multi-line JSON document or journal entry, or a wrapped line joined again)\n  0 log lines decoded, "
                + "0 of them ordinary (programs that write no OOM reports, passed over); 1 records undecodable"), stderr);
        assertTrue(stderr.contains("  0 OOM events found"), stderr);
        assertTrue(stderr.contains("line of 10"), stderr);
    }

    @Test
    void shouldPrintPlainEventsAndIncidentsWithoutAFleetFile() {
        assertEquals(0, run("analyze", "--quiet", "--incidents", SEED_000));

        final List<JsonNode> lines = lines();
        assertEquals(3 + 3, lines.size(), stdout);
        lines.subList(0, 3).forEach(EventSchema::assertValidEvent);
        lines.subList(3, 6).forEach(i -> {
            EventSchema.assertValid("incident.schema.json", i);
            assertEquals("unknown", i.get("fleet_status").asText());
        });
        assertEquals("httpd", lines.get(5).get("culprit").get("name").asText());
    }

    @Test
    void shouldRefuseAnInvalidFleetFileWithItsLine() throws IOException {
        final Path bad = Files.writeString(tmp.resolve("bad.yaml"), "hosts:\n  - host: a\n    colour: blue\n");

        assertEquals(2, run("analyze", "--quiet", "--fleet", bad.toString(), SEED_000));

        assertEquals("", stdout);
        assertTrue(stderr.contains(bad + ":2 (host a): unknown field 'colour'"), stderr);
    }

    @Test
    void shouldCheckAFleetFileAndPrintWhatWouldBePublished() {
        assertEquals(0, run("fleet", "load", "--dry-run", "deploy/fleet/fleet-example.csv"));

        final List<String> rows = stdout.lines().toList();
        assertEquals(5, rows.size(), stdout);
        for (final String row : rows) {
            final String[] kv = row.split("\t", 2);
            EventSchema.assertValid("fleet-key.schema.json", Json.MAPPER.valueToTree(kv[0]));
            EventSchema.assertValid("fleet-host.schema.json", parse(kv[1]));
        }
        assertEquals("web-01", rows.get(0).split("\t")[0]);
        assertTrue(stderr.contains("5 hosts valid (dry run, nothing published)"), stderr);
    }

    @Test
    void shouldRefuseToLoadWithoutABroker() {
        assertEquals(2, run("fleet", "load", FLEET_YAML));

        assertEquals("", stdout);
        assertTrue(stderr.contains("--bootstrap-server is required"), stderr);
    }

    // Test helpers.

    private int run(final String... args) {
        final CommandRun r = CommandRun.of(args);
        stdout = r.stdout();
        stderr = r.stderr();
        return r.exitCode();
    }

    private List<JsonNode> lines() {
        return stdout.lines().map(FleetAnalyzeCommandsTest::parse).toList();
    }

    private static List<String> texts(final JsonNode array) {
        final java.util.ArrayList<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static JsonNode parse(final String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
