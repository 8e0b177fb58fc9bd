package io.oomstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.oomstream.app.StreamsApp;
import io.oomstream.config.AppConfig;
import io.oomstream.enrich.FleetFile;
import io.oomstream.enrich.FleetHost;
import io.oomstream.enrich.HostNames;
import io.oomstream.event.Json;
import io.oomstream.metrics.Metrics;
import io.oomstream.testing.EventSchema;
import io.oomstream.testing.Fixtures;
import io.oomstream.topology.TopicPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Enrichment, incidents and kill counts end to end on the real broker: the seeds with the
 * example fleet file of deploy/fleet, read back as an exactly-once consumer reads them, every
 * record checked against its schema.
 */
@Tag("broker")
@Timeout(240)
class IncidentsOnBrokerTest {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    @TempDir
    Path work;

    @Test
    void shouldFormIncidentsCountKillsAndEnrichEventsFromTheSeeds() throws Exception {
        final AppConfig config = AppConfig.load(null, Map.of(), Map.of(
                "bootstrap.servers", KAFKA.bootstrapServers(),
                AppConfig.APPLICATION_ID, "incidents-it",
                AppConfig.STATE_DIR, work.resolve("state").toString(),
                AppConfig.HTTP_PORT, "-1",
                AppConfig.IDLE_TIMEOUT_MS, "3000",
                AppConfig.REAPER_GRACE_MS, "500",
                AppConfig.COMMIT_INTERVAL_MS, "100",
                AppConfig.REPLICATION_FACTOR, "1",
                AppConfig.KILL_COUNTS_GRACE_MS, "2000",
                // The seeds span a month; the late kill below must stay within the corrections' retention.
                AppConfig.KILL_COUNTS_RETENTION_MS, String.valueOf(Duration.ofDays(90).toMillis())));
        KAFKA.createTopics(TopicPlan.topics(config, 3, (short) 1));
        publishFleet(config.fleetTopic());

        try (StreamsApp app = StreamsApp.start(config, new Metrics())) {
            assertTrue(app.awaitRunning(Duration.ofSeconds(60)));
            final List<String> lines = new ArrayList<>();
            for (final String seed : List.of("000-centos6-httpd-workers-www8321uj.txt", "001-rhel4-cascade-mail.txt",
                    "002-centos65-kvm-fragmentation-wv2-f302.txt")) {
                lines.addAll(List.of(Fixtures.read("seeds/" + seed).split("\n")));
            }
            lines.add("Nov 21 10:00:00 stranger-01 kernel: [ 77.000001] Out of memory: Killed process 4040 (ruby) "
                    + "total-vm:900000kB, anon-rss:800000kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:2000kB oom_score_adj:0");
            TopicIO.produceLines(KAFKA.bootstrapServers(), config.inputTopic(), lines);

            // Incidents: seed 001's mysqld and httpd kills are one incident, its smtp kill two hours later another.
            final Map<String, JsonNode> incidents = awaitLatest(config.incidentsTopic(), "incident.schema.json",
                    m -> m.values().stream().filter(i -> "mail".equals(i.path("host").asText())).count() == 2
                            && m.values().stream().anyMatch(i -> "www8321uj".equals(i.path("host").asText())
                                    && i.path("culprit").has("name")));
            final List<JsonNode> mail = incidents.values().stream().filter(i -> "mail".equals(i.path("host").asText())).toList();
            assertEquals(List.of(3, 1), mail.stream().map(i -> i.path("kill_count").asInt()).sorted((a, b) -> b - a).toList());
            final JsonNode www = incidents.values().stream().filter(i -> "www8321uj".equals(i.path("host").asText()))
                    .filter(i -> i.path("culprit").has("name")).findFirst().orElseThrow();
            assertEquals("httpd", www.path("culprit").path("name").asText(), "httpd's workers held the memory");

            // Enriched events: the fragmentation verdict travels, an unknown host still flows, marked unknown.
            final Map<String, JsonNode> enriched = awaitLatest(config.enrichedTopic(), "enriched-event.schema.json",
                    m -> m.values().stream().anyMatch(e -> "stranger-01".equals(e.path("event").path("host").asText()))
                            // seed 002's allocation failure never ends: it goes out after the idle timeout
                            && m.values().stream().anyMatch(e -> "alloc_failure".equals(e.path("event").path("kind").asText())));
            final JsonNode alloc = enriched.values().stream()
                    .filter(e -> "alloc_failure".equals(e.path("event").path("kind").asText())).findFirst().orElseThrow();
            assertTrue(alloc.path("event").path("analysis").path("verdict").asText().contains("fragmentation"));
            final JsonNode stranger = enriched.values().stream()
                    .filter(e -> "stranger-01".equals(e.path("event").path("host").asText())).findFirst().orElseThrow();
            assertEquals("unknown", stranger.path("fleet_status").asText());
            final JsonNode mailKill = enriched.values().stream().filter(e -> "mail".equals(e.path("event").path("host").asText()))
                    .findFirst().orElseThrow();
            assertEquals("known", mailKill.path("fleet_status").asText());

            // Kill counts: the windows of seed 000's kills close on stream time; 13011's event went out twice
            // (bare kill, then its full report under the same id) and is counted once.
            final Map<String, JsonNode> counts = awaitLatest(config.killCountsTopic(), "kill-count.schema.json",
                    m -> m.values().stream().anyMatch(c -> c.path("window_start").asText().startsWith("2026-10-21T18:51")));
            final JsonNode at1851 = counts.values().stream()
                    .filter(c -> c.path("window_start").asText().startsWith("2026-10-21T18:51")).findFirst().orElseThrow();
            assertEquals(1, at1851.path("count").asLong());

            // A kill of the same service in that window, delivered after it closed, corrects its count.
            TopicIO.produceLines(KAFKA.bootstrapServers(), config.inputTopic(), List.of(
                    "Oct 21 18:51:40 www8321uj kernel: Out of memory: Kill process 13999 (httpd) score 16 or sacrifice child",
                    "Oct 21 18:51:40 www8321uj kernel: Killed process 13999, UID 48, (httpd) total-vm:601480kB, "
                            + "anon-rss:18504kB, file-rss:76kB"));
            final Map<String, JsonNode> corrected = awaitLatest(config.killCountsTopic(), "kill-count.schema.json",
                    m -> m.values().stream().anyMatch(c -> c.path("window_start").asText().startsWith("2026-10-21T18:51")
                            && c.path("count").asLong() == 2));
            final String key1851 = counts.entrySet().stream().filter(e -> e.getValue() == at1851).findFirst()
                    .orElseThrow().getKey();
            assertEquals(2, corrected.get(key1851).path("count").asLong(), "the correction came under the same key");

            // Fleet metadata that arrives late applies to later events of that host.
            publish(config.fleetTopic(), HostNames.key("stranger-01"), Json.write(new FleetHost("stranger-01", "dc9",
                    "staging", "batch", "data", null, null, null, List.of())));
            TimeUnit.SECONDS.sleep(2); // the global table is read by its own thread
            TopicIO.produceLines(KAFKA.bootstrapServers(), config.inputTopic(), List.of(
                    "Nov 21 11:00:00 stranger-01 kernel: [ 99.000001] Out of memory: Killed process 4141 (ruby) "
                            + "total-vm:900000kB, anon-rss:800000kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:2000kB "
                            + "oom_score_adj:0"));
            final Map<String, JsonNode> later = awaitLatest(config.enrichedTopic(), "enriched-event.schema.json",
                    m -> m.values().stream().anyMatch(e -> e.path("event").path("victim").path("pid").asInt() == 4141));
            final JsonNode known = later.values().stream()
                    .filter(e -> e.path("event").path("victim").path("pid").asInt() == 4141).findFirst().orElseThrow();
            assertEquals("known", known.path("fleet_status").asText());
            assertEquals("staging", known.path("fleet").path("environment").asText());
            final JsonNode earlier = later.values().stream()
                    .filter(e -> e.path("event").path("victim").path("pid").asInt() == 4040).findFirst().orElseThrow();
            assertEquals("unknown", earlier.path("fleet_status").asText(), "an event already out is not rewritten");
        }
    }

    private static void publish(final String topic, final String key, final String value) {
        final Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            final io.oomstream.loadgen.CheckedSends sends = new io.oomstream.loadgen.CheckedSends();
            producer.send(new ProducerRecord<>(topic, key, value), sends);
            producer.flush();
            sends.throwIfFailed("the test\'s input");
        }
    }

    private void publishFleet(final String topic) throws IOException {
        final var fleet = FleetFile.load(Path.of("deploy", "fleet", "fleet-example.yaml"));
        final Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            final io.oomstream.loadgen.CheckedSends sends = new io.oomstream.loadgen.CheckedSends();
            fleet.byKey().forEach((k, h) -> producer.send(new ProducerRecord<>(topic, k, Json.write(h)), sends));
            producer.flush();
            sends.throwIfFailed("the test\'s input");
        }
    }

    /** The latest value per key, read_committed, once {@code done} holds; each record validated against its schema. */
    private static Map<String, JsonNode> awaitLatest(final String topic, final String schema,
                                                     final Predicate<Map<String, JsonNode>> done) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        Map<String, JsonNode> latest = Map.of();
        while (System.nanoTime() < deadline) {
            latest = new LinkedHashMap<>();
            for (final ConsumerRecord<byte[], byte[]> r : TopicIO.readAll(KAFKA.bootstrapServers(), topic, Duration.ofSeconds(1))) {
                final JsonNode v = tree(r.value());
                EventSchema.assertValid(schema, v);
                latest.put(new String(r.key(), StandardCharsets.UTF_8), v);
            }
            if (done.test(latest)) {
                return latest;
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        throw new AssertionError("not reached on " + topic + ": " + latest.keySet());
    }

    private static JsonNode tree(final byte[] v) {
        try {
            return Json.MAPPER.readTree(v);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
