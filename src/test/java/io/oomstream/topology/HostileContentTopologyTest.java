package io.oomstream.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.oomstream.config.AppConfig;
import io.oomstream.event.Json;
import io.oomstream.event.TerminalText;
import io.oomstream.metrics.Metrics;
import io.oomstream.sink.IndexedText;
import io.oomstream.sink.SinkRows;
import io.oomstream.testing.HostileFixtures;
import io.oomstream.testing.HostileFixtures.Kill;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile names (quotes, backslashes, markup, SQL, control characters, invalid UTF-8, 10,000 characters) from
 * real kill-line formats, through the production topology: every JSON topic (events, incidents, kill counts,
 * sink rows) and the dead-letter topic keep them intact, JSON-escaped (no raw control character in any record).
 */
class HostileContentTopologyTest {

    private static final Instant WALL0 = Instant.parse("2026-12-01T00:00:00Z");

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
    void shouldKeepEveryHostileNameIntactAndEscapedOnTheEventsTopic() {
        final Map<Integer, JsonNode> events = byVictimPid(pipeFixturesAndRead(config.eventsTopic()), "victim", "pid");

        for (final Kill k : HostileFixtures.KILLS) {
            final JsonNode e = events.get(k.pid());
            assertNotNull(e, "the kill of " + k.pid() + " is an event: " + events.keySet());
            assertEquals(k.host(), e.get("host").asText(), "host of " + k.pid());
            assertEquals(k.name(), e.get("victim").get("name").asText(), "victim name of " + k.pid());
            assertEquals(k.taskMemcg(), e.get("task_memcg").asText(), "task_memcg of " + k.pid());
        }
        assertEquals(HostileFixtures.KILLS.size(), events.size());
    }

    @Test
    void shouldKeepEveryHostileNameIntactAndEscapedOnTheIncidentsTopic() {
        final List<String> records = pipeFixturesAndRead(config.incidentsTopic());
        final Map<String, JsonNode> latestByHost = new HashMap<>();
        for (final String r : records) {
            final JsonNode i = tree(r);
            if ("host".equals(i.get("scope").asText())) {
                latestByHost.put(i.get("host").asText(), i);
            }
        }

        for (final Kill k : HostileFixtures.KILLS) {
            final JsonNode i = latestByHost.get(k.host());
            assertNotNull(i, "an incident for the host of " + k.pid());
            // The id starts with the host's key (lower case, up to the first dot: the fleet's host key), whole.
            assertTrue(i.get("incident_id").asText().startsWith(io.oomstream.enrich.HostNames.key(k.host()) + ":"),
                    "its id starts with the host key: " + TerminalText.visible(i.get("incident_id").asText()));
            assertEquals(k.name(), i.get("kills").get(0).get("victim_name").asText(), "victim of " + k.pid());
        }
    }

    @Test
    void shouldCountTheKillOfAServiceWithAHostileCgroupNameUnderThatName() {
        final List<JsonNode> counts = pipeFixturesAndRead(config.killCountsTopic()).stream()
                .map(HostileContentTopologyTest::tree).toList();

        // task_memcg=/system.slice/x"'<b>\;--.service: the service is the unit's name without ".service".
        assertTrue(counts.stream().anyMatch(c -> "x\"'<b>\\;--".equals(c.get("service").asText())
                && c.get("count").asLong() == 1), counts.toString());
        assertEquals(HostileFixtures.KILLS.size(), counts.stream()
                .collect(java.util.stream.Collectors.toMap(c -> c.get("service").asText() + c.get("window_start"),
                        c -> c.get("count").asLong(), (a, b) -> b)).values().stream().mapToLong(Long::longValue).sum(),
                "every kill counted once (last record per window)");
    }

    @Test
    void shouldKeepEveryHostileNameInTheSinkRowsWithNulAsTheVisibleSymbolForNullAndLongKeysBounded() {
        final Map<Integer, JsonNode> rows = byVictimPid(pipeFixturesAndRead(config.sinkEventsTopic()), "payload",
                "victim_pid");

        for (final Kill k : HostileFixtures.KILLS) {
            final JsonNode row = rows.get(k.pid()).get("payload");
            // PostgreSQL text cannot hold NUL: the one character a row changes.
            // A host longer than PostgreSQL can index (the 10,000-character one) is bounded: prefix, "…", hash.
            assertEquals(IndexedText.bounded("oom_events", "host", k.host().replace('\u0000', SinkRows.NUL_SYMBOL)),
                    row.get("host").asText());
            assertEquals(k.name().replace('\u0000', SinkRows.NUL_SYMBOL), row.get("victim_name").asText());
            assertEquals(k.taskMemcg(), row.get("task_memcg").asText());
            assertFalse(row.toString().contains("\\u0000"), "no NUL in a row: " + k.pid());
        }
        assertEquals("a\u2400b\rc\u0007d", rows.get(4202).get("payload").get("victim_name").asText());
        assertTrue(rows.get(4204).get("payload").get("host").asText().length() < 600, "the long host bounded");
    }

    @Test
    void shouldDeadLetterHostileUndecodableBytesUnchangedWithTheirKeyAndSource() {
        final byte[] value = bytes("hostile/undecodable-record-markup-sql-controls-invalid-utf8.bin");
        final byte[] key = {(byte) 0xff, (byte) 0xfe, 'w', 'e', 'b', '"', '<', 0x1b};
        input.pipeInput(key, value);

        final List<TestRecord<byte[], byte[]>> dead = driver.createOutputTopic(config.deadletterTopic(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer()).readRecordsToList();

        assertEquals(1, dead.size());
        assertArrayEquals(value, dead.get(0).value(), "the record's bytes, every one");
        assertArrayEquals(key, header(dead.get(0), DecodeProcessor.HEADER_KEY), "a key that is not UTF-8 kept whole");
        assertEquals(config.inputTopic(), new String(header(dead.get(0), DecodeProcessor.HEADER_TOPIC),
                StandardCharsets.UTF_8));
        assertEquals("0", new String(header(dead.get(0), DecodeProcessor.HEADER_OFFSET), StandardCharsets.UTF_8));
        assertNotNull(header(dead.get(0), DecodeProcessor.HEADER_REASON));
    }

    // Helpers.

    /** Pipes both fixtures, lets every report close, and returns the values written to {@code topic}. */
    private List<String> pipeFixturesAndRead(final String topic) {
        HostileFixtures.allRecords().forEach(r -> input.pipeInput(null, r));
        for (int i = 0; i < 20; i++) {
            driver.advanceWallClockTime(Duration.ofSeconds(30));
        }
        final List<String> values = new ArrayList<>();
        for (final byte[] v : driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer())
                .readValuesToList()) {
            final String json = new String(v, StandardCharsets.UTF_8);
            assertNoRawControl(topic, json);
            values.add(json);
        }
        assertFalse(values.isEmpty(), topic);
        return values;
    }

    /** JSON-escaped: not one character a terminal would act on is written raw. */
    private static void assertNoRawControl(final String topic, final String json) {
        for (int i = 0; i < json.length(); i++) {
            if (TerminalText.isControl(json.charAt(i))) {
                throw new AssertionError(topic + ": raw control U+" + Integer.toHexString(json.charAt(i)) + " at " + i
                        + " in " + TerminalText.visible(json.substring(Math.max(0, i - 80), Math.min(json.length(), i + 80))));
            }
        }
    }

    private static Map<Integer, JsonNode> byVictimPid(final List<String> records, final String object, final String pid) {
        final Map<Integer, JsonNode> out = new HashMap<>();
        for (final String r : records) {
            final JsonNode node = tree(r);
            if (node.path(object).hasNonNull(pid)) {
                out.put(node.get(object).get(pid).asInt(), node); // the last record of each kill
            }
        }
        return out;
    }

    private static JsonNode tree(final String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] header(final TestRecord<byte[], byte[]> r, final String name) {
        final Header h = r.headers().lastHeader(name);
        return h == null ? null : h.value();
    }

    private static byte[] bytes(final String resource) {
        try {
            return Files.readAllBytes(Path.of("src", "test", "resources", resource));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
