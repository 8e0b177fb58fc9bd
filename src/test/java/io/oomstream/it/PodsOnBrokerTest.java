package io.oomstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.oomstream.app.Main;
import io.oomstream.app.StreamsApp;
import io.oomstream.config.AppConfig;
import io.oomstream.event.Json;
import io.oomstream.metrics.Metrics;
import io.oomstream.testing.EventSchema;
import io.oomstream.testing.Fixtures;
import io.oomstream.topology.TopicPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kubernetes attribution that outlives the pod, on a real broker: {@code pods load} publishes a listing whose
 * worker container has already restarted under a new id, a second load no longer lists the pod (it was
 * deleted), and only then does its memory.oom.group report reach {@code run}: every kill still names the
 * namespace, the pod, its Deployment and the container.
 */
@Tag("broker")
@Timeout(240)
class PodsOnBrokerTest {

    private static final String LISTING =
            "src/test/resources/kubernetes/kubectl-get-pods-after-the-5.10-oom-group-kill-restarted-worker.json";
    private static final String UID = "3c1d2b7e-91aa-4f0e-b6d2-5e4f3a2b1c0d";

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    @TempDir
    Path work;

    @Test
    void shouldAttributeTheKillsOfAPodDeletedBeforeTheyArrived() throws Exception {
        final AppConfig config = AppConfig.load(null, Map.of(), Map.of(
                "bootstrap.servers", KAFKA.bootstrapServers(),
                AppConfig.APPLICATION_ID, "pods-it",
                AppConfig.STATE_DIR, work.resolve("state").toString(),
                AppConfig.HTTP_PORT, "-1",
                AppConfig.IDLE_TIMEOUT_MS, "2000",
                AppConfig.REAPER_GRACE_MS, "500",
                AppConfig.COMMIT_INTERVAL_MS, "100",
                AppConfig.REPLICATION_FACTOR, "1"));
        KAFKA.createTopics(TopicPlan.topics(config, 1, (short) 1));

        assertEquals(0, Main.commandLine().execute("pods", "load", LISTING, "--bootstrap-server",
                KAFKA.bootstrapServers(), "--topic", config.podsTopic()));
        final Path empty = work.resolve("after-delete.json");
        Files.writeString(empty, "{\"apiVersion\":\"v1\",\"items\":[],\"kind\":\"List\",\"metadata\":{}}");
        assertEquals(0, Main.commandLine().execute("pods", "load", empty.toString(), "--bootstrap-server",
                KAFKA.bootstrapServers(), "--topic", config.podsTopic()), "the pod is gone from the listing");
        final Set<String> keys = new TreeSet<>();
        for (final ConsumerRecord<byte[], byte[]> r : TopicIO.readAll(KAFKA.bootstrapServers(), config.podsTopic(),
                Duration.ofSeconds(5))) { // subscribing takes a few seconds: a shorter quiet reads nothing
            assertTrue(r.value() != null, "no tombstone for a pod gone within the retention");
            keys.add(new String(r.key(), java.nio.charset.StandardCharsets.UTF_8));
        }
        assertEquals(Set.of(UID, "container:5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e",
                "container:9f2e4c1a7b3d5e6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f",
                "container:7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a"), keys,
                "the uid, the worker's new and previous ids, the sidecar's id");

        try (StreamsApp app = StreamsApp.start(config, new Metrics())) {
            assertTrue(app.awaitRunning(Duration.ofSeconds(60)));
            TopicIO.produceLines(KAFKA.bootstrapServers(), config.inputTopic(), List.of(Fixtures.read(
                    "kernel-logs/e5-5.x/5.10-memory-oom-group-reaper-lines-between-kills.log").split("\n")));
            // Upsert by event_id (a kill goes out with its kill line and again with its reaper line): the last one.
            final Map<String, JsonNode> enriched = new LinkedHashMap<>();
            final long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (enriched.size() < 4 && System.nanoTime() < deadline) {
                enriched.clear();
                for (final ConsumerRecord<byte[], byte[]> r : TopicIO.readAll(KAFKA.bootstrapServers(),
                        config.enrichedTopic(), Duration.ofSeconds(5))) {
                    final JsonNode e = Json.MAPPER.readTree(r.value());
                    enriched.put(e.path("event").path("event_id").asText(), e);
                }
            }
            assertEquals(4, enriched.size(), "the four kills of the group: " + enriched.keySet());
            for (final JsonNode e : enriched.values()) {
                EventSchema.assertValid("enriched-event.schema.json", e);
                assertEquals(List.of("batch", "feature-builder-6c8d5f7b9-q4wzl", "Deployment", "feature-builder",
                        "worker"), List.of(e.get("namespace").asText(), e.get("pod").asText(),
                        e.get("workload_kind").asText(), e.get("workload").asText(), e.get("container").asText()),
                        e.toString());
            }
        }
    }
}
