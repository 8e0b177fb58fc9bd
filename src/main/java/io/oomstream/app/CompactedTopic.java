package io.oomstream.app;

import io.oomstream.config.AppConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A compacted metadata topic that a command keeps ({@code fleet load}, {@code pods load}): created compacted with
 * one partition when missing (a GlobalKTable reads all of it anyway), read whole, and written with acks=all.
 * Client settings (TLS, SASL ...) are the ones {@code run} reads; each client gets only the keys it knows.
 */
final class CompactedTopic {

    private final Properties client;
    private final String bootstrap;
    private final String topic;
    private final Duration timeout;

    /**
     * {@code topic} on the brokers of {@code config}, with its Kafka client settings (security.protocol, ssl.*,
     * sasl.* ...) read as {@code run} reads them.
     */
    CompactedTopic(final AppConfig config, final String topic, final Duration timeout) {
        this.client = new Properties();
        config.kafka().forEach((k, v) -> {
            if (!ProducerConfig.BOOTSTRAP_SERVERS_CONFIG.equals(k)) {
                client.put(k, v);
            }
        });
        this.bootstrap = config.bootstrapServers();
        this.topic = topic;
        this.timeout = timeout;
    }

    /** Creates the topic when missing; whether it did. */
    boolean ensure() throws ExecutionException, InterruptedException, TimeoutException {
        final Properties p = only(AdminClientConfig.configNames());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        try (Admin admin = Admin.create(p)) {
            if (admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS).contains(topic)) {
                return false;
            }
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty())
                            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                    .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        }
    }

    /** The latest value of every key (tombstoned keys absent), read from the beginning to the end offsets. */
    Map<String, byte[]> readAll() throws TimeoutException {
        final Properties p = only(ConsumerConfig.configNames());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        final Map<String, byte[]> latest = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            final long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp, timeout) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("reading " + topic + " to its end took longer than " + timeout);
                }
                for (final ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() == null) {
                        latest.remove(r.key());
                    } else {
                        latest.put(r.key(), r.value());
                    }
                }
            }
        }
        return latest;
    }

    /** Publishes {@code records} (a null value is a tombstone) and waits for every acknowledgement. */
    void publish(final List<Map.Entry<String, byte[]>> records)
            throws ExecutionException, InterruptedException, TimeoutException {
        final Properties p = only(ProducerConfig.configNames());
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        // The producer requires delivery.timeout.ms >= linger.ms + request.timeout.ms.
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1000, timeout.toMillis() / 2));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            final List<Future<?>> sent = new ArrayList<>();
            for (final Map.Entry<String, byte[]> e : records) {
                sent.add(producer.send(new ProducerRecord<>(topic, e.getKey(), e.getValue())));
            }
            for (final Future<?> f : sent) {
                f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** The client settings that {@code names} (the admin's, consumer's or producer's) knows. */
    private Properties only(final Set<String> names) {
        final Properties p = new Properties();
        client.forEach((k, v) -> {
            if (names.contains((String) k)) {
                p.put(k, v);
            }
        });
        return p;
    }
}
