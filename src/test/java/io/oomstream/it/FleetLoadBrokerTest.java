package io.oomstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.oomstream.app.Main;
import io.oomstream.event.Json;
import io.oomstream.testing.EventSchema;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code oomstream fleet load} against a real broker: creates the compacted topic and publishes every host once. */
@Tag("broker")
@Timeout(180)
class FleetLoadBrokerTest {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    @Test
    void shouldCreateTheCompactedTopicAndPublishEveryHostUnderItsKey() throws Exception {
        final String topic = "fleet-load-test";

        final int rc = Main.commandLine().execute("fleet", "load", "deploy/fleet/fleet-example.yaml",
                "--bootstrap-server", KAFKA.bootstrapServers(), "--topic", topic);

        assertEquals(0, rc);
        assertEquals(TopicConfig.CLEANUP_POLICY_COMPACT, cleanupPolicy(topic));
        final Map<String, String> published = readAll(topic);
        assertEquals(List.of("web-01", "web-02", "www8321uj", "mail", "wv2-f302"), List.copyOf(published.keySet()));
        published.forEach((key, value) -> {
            EventSchema.assertValid("fleet-key.schema.json", Json.MAPPER.valueToTree(key));
            EventSchema.assertValid("fleet-host.schema.json", parse(value));
        });

        assertEquals(0, Main.commandLine().execute("fleet", "load", "deploy/fleet/fleet-example.csv",
                "--bootstrap-server", KAFKA.bootstrapServers(), "--topic", topic), "a second load reuses the topic");
        assertEquals(10, readAllRecords(topic), "the same five keys again, compacted away later");
    }

    private String cleanupPolicy(final String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
            final ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            final Config c = admin.describeConfigs(Set.of(r)).all().get(30, TimeUnit.SECONDS).get(r);
            return c.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
        }
    }

    private Map<String, String> readAll(final String topic) {
        final Map<String, String> out = new LinkedHashMap<>();
        poll(topic).forEach(r -> out.put(r.key(), new String(r.value(), StandardCharsets.UTF_8)));
        return out;
    }

    private int readAllRecords(final String topic) {
        return poll(topic).size();
    }

    private List<ConsumerRecord<String, byte[]>> poll(final String topic) {
        final Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            final TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            final long end = c.endOffsets(List.of(tp)).get(tp);
            final List<ConsumerRecord<String, byte[]>> out = new java.util.ArrayList<>();
            final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (c.position(tp) < end && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(final String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (final java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
