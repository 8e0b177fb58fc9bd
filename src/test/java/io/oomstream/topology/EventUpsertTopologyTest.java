package io.oomstream.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.oomstream.config.AppConfig;
import io.oomstream.event.Json;
import io.oomstream.metrics.Metrics;
import io.oomstream.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * oom.events is an upsert log keyed by event_id: a kill goes out with its kill line and again with its reaper and
 * systemd unit lines. Every consumer downstream in the topology must take those versions for one kill: the enriched
 * events keep the key, the host's incident lists the kill once, the kill counts count it once.
 */
class EventUpsertTopologyTest {

    /** A 5.15 global OOM kill, its reaper line, then systemd's unit lines for the same kill. */
    private static final String KILL_REAPER_UNIT = "kernel-logs/systemd/kernel-kill-then-unit-lines.log";
    private static final Instant WALL0 = Instant.parse("2026-05-07T18:22:40Z");

    @TempDir
    Path stateDir;

    private AppConfig config;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;

    @BeforeEach
    void start() {
        config = AppConfig.load(null, Map.of(), Map.of(AppConfig.STATE_DIR, stateDir.toString(),
                "bootstrap.servers", "dummy:1234"));
        driver = new TopologyTestDriver(OomTopology.build(config, new Metrics()), config.streamsProperties(), WALL0);
        input = driver.createInputTopic(config.inputTopic(), new ByteArraySerializer(), new ByteArraySerializer(),
                WALL0, Duration.ofMillis(1));
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void shouldCountAndListAKillOnceThoughItsEventGoesOutThreeTimes() {
        for (final String line : Fixtures.read(KILL_REAPER_UNIT).split("\n")) {
            input.pipeInput(null, line.getBytes(StandardCharsets.UTF_8));
        }
        for (int i = 0; i < 20; i++) { // 3 minutes: the kill's window closes on the ledger's ticks
            driver.advanceWallClockTime(Duration.ofSeconds(10));
        }

        final List<KeyValue<String, JsonNode>> events = read(config.eventsTopic());
        assertEquals(3, events.size(), "the kill line, the reaper line, the unit line: " + events);
        assertEquals(1, events.stream().map(kv -> kv.key).distinct().count(), "one key, the event_id");
        final JsonNode last = events.get(2).value;
        assertEquals(events.get(0).key, last.path("event_id").asText());
        assertTrue(last.path("reaped").asBoolean(), "the last version has the reaper line");
        assertEquals("billing-worker.service", last.path("systemd_unit").asText());

        final List<KeyValue<String, JsonNode>> enriched = read(config.enrichedTopic());
        assertEquals(1, enriched.stream().map(kv -> kv.key).distinct().count(), "enriched under the same key");
        assertTrue(enriched.get(enriched.size() - 1).value.path("event").path("reaped").asBoolean());

        final Map<String, JsonNode> incidents = latest(read(config.incidentsTopic()));
        assertEquals(1, incidents.size(), "one incident: " + incidents.keySet());
        final JsonNode incident = incidents.values().iterator().next();
        assertEquals(1, incident.path("kill_count").asInt(), "the kill once: " + incident);
        assertEquals(1, incident.path("kills").size());
        assertEquals(events.get(0).key, incident.path("kills").get(0).path("event_id").asText());

        final Map<String, JsonNode> counts = latest(read(config.killCountsTopic()));
        assertEquals(1, counts.values().stream().mapToLong(c -> c.path("count").asLong()).sum(),
                "counted once across its windows: " + counts);
    }

    private List<KeyValue<String, JsonNode>> read(final String topic) {
        return driver.createOutputTopic(topic, new StringDeserializer(), new StringDeserializer()).readKeyValuesToList()
                .stream().map(kv -> KeyValue.pair(kv.key, tree(kv.value))).toList();
    }

    /** What an upserting consumer holds: the last value per key. */
    private static Map<String, JsonNode> latest(final List<KeyValue<String, JsonNode>> records) {
        final Map<String, JsonNode> out = new LinkedHashMap<>();
        records.forEach(kv -> out.put(kv.key, kv.value));
        return out;
    }

    private static JsonNode tree(final String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (final java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
