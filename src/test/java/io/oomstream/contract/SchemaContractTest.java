package io.oomstream.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.oomstream.config.AppConfig;
import io.oomstream.event.Json;
import io.oomstream.metrics.Metrics;
import io.oomstream.syslog.SyslogDecoder;
import io.oomstream.testing.EventSchema;
import io.oomstream.testing.Fixtures;
import io.oomstream.topology.OomTopology;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The schemas/ contracts that are not checked where their records are produced: the JSON input formats
 * (against the decoder's own samples), the dead-letter envelope (against the real topology), and the copies
 * of the fleet-host schema inside other schemas.
 */
class SchemaContractTest {

    @TempDir
    Path stateDir;

    @ParameterizedTest(name = "{0} matches {1}")
    @CsvSource({
        "syslog/rsyslog-omkafka.json, input-rsyslog.schema.json",
        "kernel-logs/e5-5.x/5.15-kubepods-memcg.omkafka.log, input-rsyslog.schema.json",
        "syslog/fluentbit.json, input-fluentbit.schema.json",
        "syslog/journald-export.json, input-journald.schema.json"})
    void shouldDescribeEveryJsonInputTheDecoderAccepts(final String resource, final String schema) {
        final SyslogDecoder decoder = new SyslogDecoder(Fixtures.OPTIONS);
        final List<String> records = Fixtures.read(resource).lines().filter(l -> !l.isBlank()).toList();
        assertFalse(records.isEmpty());
        for (final String record : records) {
            assertFalse(decoder.decode(record).lines().isEmpty(), "the decoder accepts " + record);
            EventSchema.assertValid(schema, parse(record));
        }
    }

    @Test
    void shouldRefuseJsonRecordsTheDecoderRejects() {
        final SyslogDecoder decoder = new SyslogDecoder(Fixtures.OPTIONS);
        for (final String record : List.of(
                "{\"hostname\":\"host1\",\"timestamp\":\"2024-03-01T12:00:00Z\"}",
                "{\"hostname\":\"host1\",\"msg\":{\"nested\":\"object\"}}")) {
            assertTrue(decoder.decode(record).lines().isEmpty(), "the decoder rejects " + record);
            assertFalse(errors("input-rsyslog.schema.json", parse(record)).isEmpty(), record);
        }
        assertFalse(errors("input-journald.schema.json",
                parse("{\"_HOSTNAME\":\"h\",\"MESSAGE\":[77,300]}")).isEmpty(), "a journald byte above 255");
    }

    @Test
    void shouldDescribeDeadLetterRecordsOfTheRealTopology() {
        final AppConfig config = AppConfig.load(null, Map.of(), Map.of(AppConfig.STATE_DIR, stateDir.toString(),
                "bootstrap.servers", "dummy:1234"));
        final Instant t0 = Instant.parse("2026-12-01T00:00:00Z");
        try (TopologyTestDriver driver = new TopologyTestDriver(OomTopology.build(config, new Metrics()),
                config.streamsProperties(), t0)) {
            final TestInputTopic<byte[], byte[]> in = driver.createInputTopic(config.inputTopic(),
                    new ByteArraySerializer(), new ByteArraySerializer(), t0, java.time.Duration.ofMillis(1));
            final TestOutputTopic<String, byte[]> dead = driver.createOutputTopic(config.deadletterTopic(),
                    new StringDeserializer(), Serdes.ByteArray().deserializer());
            in.pipeInput("h1".getBytes(StandardCharsets.UTF_8), new byte[] {0, (byte) 0xff});
            in.pipeInput(null, "{\"hostname\":".getBytes(StandardCharsets.UTF_8));

            final List<TestRecord<String, byte[]>> records = dead.readRecordsToList();

            assertEquals(2, records.size());
            for (final TestRecord<String, byte[]> r : records) {
                EventSchema.assertValid("deadletter.schema.json", envelope(r));
            }
            assertTrue(errors("deadletter.schema.json", parse("{\"key\":null,\"value_size\":1,\"headers\":{}}"))
                    .size() > 0, "the reason and origin headers are required");
        }
    }

    @Test
    void shouldKeepTheFleetHostCopiesEqualToFleetHostSchema() {
        final ObjectNode fleet = (ObjectNode) read("fleet-host.schema.json");
        List.of("$schema", "$id", "title", "description").forEach(fleet::remove);
        for (final String schema : List.of("incident.schema.json", "enriched-event.schema.json")) {
            final ObjectNode copy = ((ObjectNode) read(schema).get("$defs").get("fleet_host")).deepCopy();
            copy.remove("description");
            assertEquals(fleet, copy, schema + " has drifted from fleet-host.schema.json");
        }
    }

    @Test
    void shouldCompileEverySchema() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("schemas"))) {
            final List<Path> schemas = files.filter(p -> p.toString().endsWith(".schema.json")).toList();
            assertTrue(schemas.size() >= 13, schemas.toString());
            for (final Path p : schemas) {
                final JsonNode s = read(p.getFileName().toString());
                assertEquals("https://json-schema.org/draft/2020-12/schema", s.get("$schema").asText(), p.toString());
                assertEquals("https://oomstream.io/schemas/" + p.getFileName(), s.get("$id").asText(), p.toString());
                errors(p.getFileName().toString(), Json.MAPPER.createObjectNode());
            }
        }
    }

    // Test helpers.

    private static JsonNode envelope(final TestRecord<String, byte[]> r) {
        final ObjectNode env = Json.MAPPER.createObjectNode();
        env.put("key", r.key());
        env.put("value_size", r.value().length);
        final ObjectNode headers = env.putObject("headers");
        for (final Header h : r.headers()) {
            headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        return env;
    }

    private static List<?> errors(final String schema, final JsonNode node) {
        try (InputStream in = Files.newInputStream(Path.of("schemas", schema))) {
            final JsonSchema s = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
            return List.copyOf(s.validate(node));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(final String schema) {
        try {
            return Json.MAPPER.readTree(Path.of("schemas", schema).toFile());
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(final String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
