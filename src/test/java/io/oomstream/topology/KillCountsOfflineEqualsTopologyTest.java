package io.oomstream.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.oomstream.config.AppConfig;
import io.oomstream.count.KillCount;
import io.oomstream.enrich.FleetHost;
import io.oomstream.enrich.FleetIndex;
import io.oomstream.enrich.HostNames;
import io.oomstream.enrich.Service;
import io.oomstream.event.Json;
import io.oomstream.event.OomEvent;
import io.oomstream.metrics.Metrics;
import io.oomstream.offline.OfflineAnalysis;
import io.oomstream.offline.OfflineIncidents;
import io.oomstream.offline.ProgressListener;
import io.oomstream.syslog.DecoderOptions;
import io.oomstream.testing.Fixtures;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code analyze --counts} and the topology run the same kill ledger and counter, so one input gives the same
 * final counts: late kills, replayed ones, a report without a kill, kills with and without fleet metadata. The
 * topology gets each line as one record, 5 s of wall clock apart, then enough quiet time for its ticks to close
 * every window; {@code analyze} reads the same lines.
 */
class KillCountsOfflineEqualsTopologyTest {

    private static final String INPUT = "kill-ledger/kills-late-replayed-and-without-kill.jsonl";
    private static final Instant WALL0 = Instant.parse("2026-12-01T00:00:00Z");
    private static final List<FleetHost> FLEET = List.of(web("web-01"), web("web-02"));

    @TempDir
    Path stateDir;

    @Test
    void shouldCountTheSameKillsInTheSameWindowsOfflineAsInTheTopology() throws IOException {
        final Map<String, String> keys = new HashMap<>();
        keys.put(AppConfig.STATE_DIR, stateDir.toString());
        keys.put("bootstrap.servers", "dummy:1234");
        final AppConfig config = AppConfig.load(null, Map.of(), keys);

        final Map<String, Long> offline = offline(config);
        final Map<String, Long> topology = topology(config);

        assertEquals(offline, topology);
        assertEquals(7, offline.values().stream().mapToLong(Long::longValue).sum(),
                "seven distinct kills; the replays and the report without a kill count nothing: " + offline);
        assertEquals(2L, offline.get("tomcat/prod/dc1/web-platform@2026-03-01T10:00:00Z"), offline.toString());
    }

    private static Map<String, Long> offline(final AppConfig config) throws IOException {
        final OfflineIncidents incidents = new OfflineIncidents(FleetIndex.ofHosts(FLEET), FleetTopology.settings(config));
        final List<OomEvent> withoutKill = new ArrayList<>();
        final OfflineAnalysis analysis = new OfflineAnalysis(OomTopology.stitcherConfig(config),
                new DecoderOptions(null, ZoneOffset.UTC), e -> {
                    incidents.accept(e);
                    if (e.victim() == null) {
                        withoutKill.add(e);
                    }
                });
        analysis.read(new BufferedReader(new StringReader(Fixtures.read(INPUT))), ProgressListener.NONE);
        analysis.finish();
        assertEquals(1, withoutKill.size(), "the input holds one report without a kill");
        final Map<String, Long> out = new TreeMap<>();
        for (final KillCount c : incidents.counts()) {
            out.put(name(c.service(), c.environment(), c.datacenter(), c.team(), c.windowStart()), c.count());
        }
        return out;
    }

    private Map<String, Long> topology(final AppConfig config) {
        try (TopologyTestDriver driver = new TopologyTestDriver(OomTopology.build(config, new Metrics()),
                config.streamsProperties(), WALL0)) {
            final TestInputTopic<String, String> fleet = driver.createInputTopic(config.fleetTopic(),
                    new StringSerializer(), new StringSerializer());
            FLEET.forEach(h -> fleet.pipeInput(HostNames.key(h.host()), Json.write(h)));
            final TestInputTopic<byte[], byte[]> input = driver.createInputTopic(config.inputTopic(),
                    new ByteArraySerializer(), new ByteArraySerializer(), WALL0, Duration.ofMillis(1));
            final TestOutputTopic<String, String> counts = driver.createOutputTopic(config.killCountsTopic(),
                    new StringDeserializer(), new StringDeserializer());
            for (final String line : Fixtures.read(INPUT).split("\n")) {
                input.pipeInput(null, line.getBytes(StandardCharsets.UTF_8));
                driver.advanceWallClockTime(Duration.ofSeconds(5));
            }
            // Quiet: the ticks' clock passes the last window's end plus grace (punctuators fire once per advance).
            for (int s = 0; s < 300; s += 5) {
                driver.advanceWallClockTime(Duration.ofSeconds(5));
            }
            final Map<String, Long> latest = new TreeMap<>();
            counts.readRecordsToList().forEach(r -> {
                final JsonNode v = parse(r.value());
                latest.put(name(v.get("service").asText(null), v.get("environment").asText(null),
                        v.get("datacenter").asText(null), v.get("team").asText(null), v.get("window_start").asText()),
                        v.get("count").asLong());
            });
            latest.values().removeIf(n -> n == 0); // as analyze leaves out a window a moved kill emptied
            return latest;
        }
    }

    private static FleetHost web(final String host) {
        return new FleetHost(host, "dc1", "prod", "web", "web-platform", null, null, null,
                List.of(new Service("tomcat", List.of("java"), List.of(), false)));
    }

    private static String name(final String service, final String environment, final String datacenter,
                               final String team, final String start) {
        return service + "/" + environment + "/" + datacenter + "/" + team + "@" + start;
    }

    private static JsonNode parse(final String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
