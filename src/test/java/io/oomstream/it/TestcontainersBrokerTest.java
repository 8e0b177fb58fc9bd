package io.oomstream.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs only with a Docker engine: a round trip through an {@code apache/kafka} container, proving the
 * Testcontainers path of {@link KafkaClusterExtension}. Without Docker the whole class is skipped with the
 * extension's message (an aborted assumption, not a failure).
 */
@Tag("broker")
@Timeout(300)
class TestcontainersBrokerTest {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = KafkaClusterExtension.testcontainers();

    @Test
    void shouldRoundTripARecordThroughTheContainerBroker() {
        assertFalse(KAFKA.isEmbedded(), "this class must never fall back to the embedded broker");
        final String topic = "tc-" + UUID.randomUUID().toString().substring(0, 8);
        KAFKA.createTopics(1, topic);

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
            new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "h1", "hello"));
        }

        final List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
            new StringDeserializer(), new StringDeserializer())) {
            final TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            await("record from the container broker").atMost(Duration.ofSeconds(60)).until(() -> {
                for (final ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.key() + "=" + r.value());
                }
                return !values.isEmpty();
            });
        }
        assertEquals(List.of("h1=hello"), values);
    }
}
