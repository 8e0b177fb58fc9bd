package io.oomstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.oomstream.alert.AlertFixtures;
import io.oomstream.alert.AlertPump;
import io.oomstream.app.AlertmanagerStage;
import io.oomstream.config.AppConfig;
import io.oomstream.metrics.Metrics;
import io.oomstream.topology.TopicPlan;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Alertmanager stage of {@code run} as deployed: incident records on the real broker's incidents topic (two
 * partitions), the stage's consumer, a private Alertmanager. An instance stopped without a word (as after a
 * kill -9: nothing is resolved) and a new one started must leave one alert per incident, and a close on the
 * topic resolves the alert.
 */
@Tag("broker")
@Timeout(180)
class AlertmanagerStageOnBrokerTest {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();
    private static final String TOPIC = "oom.incidents";
    private static PrivateAlertmanager am;

    @BeforeAll
    static void start() throws IOException, InterruptedException {
        Assumptions.assumeTrue(PrivateAlertmanager.installed(), "skipped: " + PrivateAlertmanager.BINARY
                + " is missing (apt-get install prometheus-alertmanager; .ci/run installs it)");
        am = PrivateAlertmanager.start(AlertmanagerIncidentAlertsTest.shippedConfigWithoutReceivers());
        KAFKA.createTopics(2, TOPIC);
    }

    @AfterAll
    static void stop() {
        if (am != null) {
            am.close();
        }
    }

    @Test
    void shouldKeepOneAlertPerIncidentAcrossARestartAndResolveItWhenTheIncidentCloses() throws Exception {
        produce(AlertFixtures.WEB_01_FIRST_KILL, AlertFixtures.WEB_01_CASCADE, AlertFixtures.DB_07_NO_FLEET);
        final AppConfig config = AppConfig.load(null, Map.of(), Map.of(
                "bootstrap.servers", KAFKA.bootstrapServers(),
                AppConfig.APPLICATION_ID, "alerts-it",
                AppConfig.INCIDENTS_TOPIC, TOPIC,
                AppConfig.ALERTMANAGER_URLS, am.url().toString()));

        final Metrics first = new Metrics();
        final AlertmanagerStage stage = AlertmanagerStage.startIfEnabled(config, first);
        assertNotNull(stage);
        await("the first instance posts both incidents", () -> posted(first) >= 2);
        final Map<String, JsonNode> held = AlertmanagerIncidentAlertsTest.byIncident(am.alerts());
        assertEquals(List.of("db-07:1b2c3d4e5f60718293a4", "web-01:4f1c2a9b7e3d5a6c8b01"), List.copyOf(held.keySet()));
        assertEquals("high", held.get("web-01:4f1c2a9b7e3d5a6c8b01").get("labels").get("severity").asText(),
                "the topic read from its start posts the latest state, not the first kill's low severity");
        assertEquals(2, oomAlerts().size(), "nothing of the intermediate state was posted");
        stage.close();

        final Metrics second = new Metrics();
        final AlertmanagerStage restarted = AlertmanagerStage.startIfEnabled(config, second);
        try {
            await("the restarted instance posts both incidents again", () -> posted(second) >= 2);
            assertEquals(2, oomAlerts().size(), "no duplicate after the restart: " + oomAlerts());

            produce(AlertFixtures.WEB_01_CLOSED);
            await("the closed incident's alert resolves", () -> resolved(second) >= 1);
            assertEquals(List.of("db-07:1b2c3d4e5f60718293a4"),
                    List.copyOf(AlertmanagerIncidentAlertsTest.byIncident(am.alerts()).keySet()));
        } finally {
            restarted.close();
        }
    }

    @Test
    void shouldPageOnceForAKillThroughRunAndStillOnceAfterTheInstanceIsKilledAndRestarted(@TempDir final Path work)
            throws Exception {
        final Map<String, String> settings = new HashMap<>(Map.of(
                "bootstrap.servers", KAFKA.bootstrapServers(),
                AppConfig.APPLICATION_ID, "page",
                AppConfig.INPUT_TOPIC, "page.in",
                AppConfig.EVENTS_TOPIC, "page.events",
                AppConfig.DEADLETTER_TOPIC, "page.dead",
                AppConfig.HTTP_PORT, "-1",
                AppConfig.COMMIT_INTERVAL_MS, "100",
                AppConfig.REPLICATION_FACTOR, "1",
                AppConfig.ALERTMANAGER_URLS, am.url().toString()));
        settings.put(AppConfig.INCIDENTS_TOPIC, "page.incidents");
        settings.put(AppConfig.KILL_COUNTS_TOPIC, "page.kill-counts");
        settings.put(AppConfig.FLEET_TOPIC, "page.fleet");
        settings.put(AppConfig.ENRICHED_TOPIC, "page.enriched");
        // The killed instance never leaves the group: its partitions move once its session times out.
        settings.put("consumer.session.timeout.ms", "6000");
        KAFKA.createTopics(TopicPlan.topics(AppConfig.load(null, Map.of(), settings), 2, (short) 1));

        settings.put(AppConfig.STATE_DIR, work.resolve("state-a").toString());
        try (AppProcess first = AppProcess.start(work, "first", settings)) {
            TopicIO.produceLines(KAFKA.bootstrapServers(), "page.in",
                    StreamsOnBrokerTest.report("pagehost", 4000, 7777, "java"));
            await("run pages on the kill", () -> pageAlerts().size() == 1);
            first.kill();
        }
        final JsonNode before = pageAlerts().get(0);
        assertEquals("OomKillIncident", before.get("labels").get("alertname").asText());
        assertTrue(before.get("annotations").get("victims").asText().startsWith("java (pid 7777"), before.toString());

        settings.put(AppConfig.STATE_DIR, work.resolve("state-b").toString());
        try (AppProcess second = AppProcess.start(work, "second", settings)) {
            final Instant restarted = Instant.now();
            await("the restarted instance posts the incident again",
                    () -> Instant.parse(pageAlerts().get(0).get("updatedAt").asText()).isAfter(restarted));
            final List<JsonNode> after = pageAlerts();
            assertEquals(1, after.size(), "no duplicate after kill -9 and restart: " + after + "\n" + second.log());
            assertEquals(before.get("fingerprint").asText(), after.get(0).get("fingerprint").asText());
        }
    }

    /** The alerts of host pagehost (the test above). */
    private static List<JsonNode> pageAlerts() {
        try {
            return am.alerts().stream().filter(a -> a.get("labels").path("host").asText().equals("pagehost")).toList();
        } catch (final IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<JsonNode> oomAlerts() throws IOException, InterruptedException {
        return am.alerts().stream().filter(a -> a.get("labels").get("alertname").asText().startsWith("OomKill"))
                .toList();
    }

    private static long posted(final Metrics m) {
        return m.counter(AlertPump.POSTED, "", "state", "firing").value();
    }

    private static long resolved(final Metrics m) {
        return m.counter(AlertPump.POSTED, "", "state", "resolved").value();
    }

    private static void produce(final String... fixtures) throws Exception {
        final Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            for (final String f : fixtures) {
                final String id = AlertFixtures.record(f).incidentId();
                producer.send(new ProducerRecord<>(TOPIC, id, AlertFixtures.bytes(f))).get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static void await(final String what, final BooleanSupplier condition) throws InterruptedException {
        final long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting: " + what);
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }
}
