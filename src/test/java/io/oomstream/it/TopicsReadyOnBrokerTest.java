package io.oomstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.broker.TopicsReady;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Topics are usable the moment their creation returns: CI once started an application right after creating its
 * topics and Kafka Streams found "no partitions available" for the fleet topic of its global store.
 */
class TopicsReadyOnBrokerTest {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    @Test
    void shouldDescribeEveryPartitionToAFreshClientAsSoonAsCreationReturns() {
        final List<String> names = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            names.add("ready-" + i);
        }
        KAFKA.createTopics(4, names.toArray(String[]::new));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                // No retry window: the metadata must already be there at the first answer.
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            for (final String name : names) {
                assertEquals(4, consumer.partitionsFor(name).size(), name);
            }
        }
    }

    @Test
    void shouldNameTheTopicsThatNeverBecameReady() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
            final IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> TopicsReady.await(admin, List.of("never-created"), Duration.ofSeconds(1)));
            assertTrue(e.getMessage().contains("never-created"), e.getMessage());
        }
    }
}
