package io.oomstream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.enrich.EnrichedEvent;
import io.oomstream.enrich.FleetFile;
import io.oomstream.enrich.FleetIndex;
import io.oomstream.event.OomEvent;
import io.oomstream.incident.IncidentEngine;
import io.oomstream.incident.IncidentSettings;
import io.oomstream.incident.Kill;
import io.oomstream.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The demo's story over the four seed write-ups, fed as the topology would feed it (every incident record, updates
 * included): an incident is a line when it opens, changes and closes, never its whole record per update; each seed
 * host's events come in time order with the verdict to act on; all of it in few lines.
 */
class DemoStoryTest {

    private static final List<String> SEEDS = List.of("000-centos6-httpd-workers-www8321uj.txt",
            "001-rhel4-cascade-mail.txt", "002-centos65-kvm-fragmentation-wv2-f302.txt",
            "003-debian-apache2-unit-kill.txt");

    @Test
    void theSeedsTellTheirStoryInFewLines() throws IOException {
        final List<String> lines = story();
        final String all = String.join("\n", lines);
        assertTrue(lines.size() < 60, lines.size() + " lines:\n" + all);
        assertTrue(lines.stream().filter(l -> l.startsWith("opened")).count() >= 4, all);
        assertTrue(lines.stream().filter(l -> l.startsWith("closed")).count() >= 4, all);
        assertTrue(lines.stream().noneMatch(l -> l.contains("Still open") && l.startsWith("opened")),
                "incident lines carry no verdict: " + all);
        assertTrue(all.contains("=> mail: the OOM killer killed 3 processes (mysqld, httpd) in 44 min; critical "
                + "service mysql was"), all);
        assertTrue(all.contains("=> www8321uj: the OOM killer killed 1 process (httpd). The host itself ran out of "
                + "memory"), all);
        assertTrue(all.contains("held about equal shares"), "wv2-f302's three equal VMs name no culprit: " + all);
    }

    @Test
    void eachSeedHostsEventsComeInTimeOrder() throws IOException {
        final List<String> lines = story();
        final int mail = lines.indexOf("  mail");
        final List<String> times = new ArrayList<>();
        for (int i = mail + 1; i < lines.size() && lines.get(i).startsWith("    2026"); i++) {
            times.add(lines.get(i).substring(4, 23));
        }
        assertEquals(4, times.size(), String.join("\n", lines));
        assertEquals(times.stream().sorted().toList(), times);
    }

    @Test
    void theGeneratedFleetIsSummarisedBySeverityAndService() throws IOException {
        final List<String> lines = story();
        assertTrue(lines.contains("The generated fleet (0 hosts, 0 lines): 0 events, 0 incidents"), lines.toString());
    }

    private static List<String> story() throws IOException {
        final FleetIndex fleet = FleetFile.load(Path.of("deploy", "fleet", "fleet-example.yaml"));
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final DemoStory story = new DemoStory(DemoReplay.seedHosts(), new PrintStream(bytes, true,
                StandardCharsets.UTF_8));
        final IncidentEngine engine = new IncidentEngine(IncidentSettings.defaults(), story::incident);
        final List<Kill> kills = new ArrayList<>();
        Instant newest = Instant.EPOCH;
        for (final String seed : SEEDS) {
            for (final OomEvent e : Fixtures.analyzeResource("seeds/" + seed)) {
                story.event(e);
                final EnrichedEvent enriched = EnrichedEvent.of(e, fleet);
                if (Kill.takesPart(enriched)) {
                    final Kill k = Kill.of(enriched, newest);
                    newest = newest.isAfter(k.time()) ? newest : k.time();
                    kills.add(k);
                }
            }
        }
        kills.sort(Comparator.comparing(Kill::time));
        kills.forEach(k -> engine.onKill(k, k.time()));
        engine.advance(newest);
        story.finish(0, 0);
        return List.of(bytes.toString(StandardCharsets.UTF_8).split("\n"));
    }
}
