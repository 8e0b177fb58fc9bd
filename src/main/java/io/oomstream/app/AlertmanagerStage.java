package io.oomstream.app;

import io.oomstream.alert.AlertBook;
import io.oomstream.alert.AlertPump;
import io.oomstream.alert.AlertmanagerClient;
import io.oomstream.alert.LinkTemplate;
import io.oomstream.config.AlertmanagerSettings;
import io.oomstream.config.AppConfig;
import io.oomstream.metrics.Metrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Alertmanager stage of {@code run} (on when {@code oomstream.alertmanager.urls} is set): a consumer of the
 * incidents topic on its own thread feeding an {@link AlertPump}.
 *
 * <p>Why a consumer beside the topology rather than a processor in it: posting is blocking HTTP with retries,
 * which must never hold a stream thread, delay a transaction or stop the stream when Alertmanager is down;
 * and the state it needs (which incidents are open) is the compacted incidents topic itself, so it needs no
 * store or changelog of its own. The instances share the topic's partitions in one consumer group
 * ({@code <application.id>-alertmanager}); on every assignment the partitions are read again from their
 * start, so after a restart, a kill -9 or a rebalance the new owner knows every open incident and posts the
 * same alerts (same labels: the same Alertmanager alerts, no duplicates). Posting waits until that catch-up
 * is done, so intermediate states of the past are not posted. Offsets are never committed: they would not be
 * used.
 */
public final class AlertmanagerStage implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertmanagerStage.class);
    /** Longest wait for records; bounds how late a due resend goes out. */
    static final Duration POLL = Duration.ofMillis(500);
    /** Pause after an unexpected error before the loop goes on. */
    static final Duration ERROR_PAUSE = Duration.ofSeconds(1);

    private final KafkaConsumer<String, byte[]> consumer;
    private final AlertPump pump;
    private final String topic;
    private final Thread thread;
    private final Map<TopicPartition, Long> catchUpTo = new HashMap<>();
    private final Map<String, TopicPartition> partitionOf = new HashMap<>();
    private volatile boolean closing;

    private AlertmanagerStage(final AppConfig config, final Metrics metrics, final Clock clock) {
        final AlertmanagerSettings s = config.alertmanager();
        this.topic = config.incidentsTopic();
        // The client first: TLS stores that do not open fail here, before a consumer exists to be closed.
        this.pump = new AlertPump(new AlertBook(s.resend(), new LinkTemplate(s.linkTemplate())),
                new AlertmanagerClient(s), clock, metrics);
        this.consumer = new KafkaConsumer<>(consumerProperties(config), new StringDeserializer(),
                new ByteArrayDeserializer());
        this.thread = new Thread(this::loop, "oomstream-alertmanager");
        this.thread.setDaemon(true);
    }

    /** Starts the stage when the settings enable it; null otherwise. */
    public static AlertmanagerStage startIfEnabled(final AppConfig config, final Metrics metrics) {
        if (!config.alertmanager().enabled()) {
            return null;
        }
        final AlertmanagerStage stage = new AlertmanagerStage(config, metrics, Clock.systemUTC());
        stage.thread.start();
        LOG.info("Alertmanager stage started: {} -> {}", config.incidentsTopic(), config.alertmanager().urls());
        return stage;
    }

    /** The Kafka client keys a plain consumer understands, then {@code consumer.}-prefixed overrides. */
    static Properties consumerProperties(final AppConfig config) {
        final Properties kafka = config.kafka();
        final Properties p = new Properties();
        for (final String key : kafka.stringPropertyNames()) {
            if (ConsumerConfig.configNames().contains(key)) {
                p.put(key, kafka.getProperty(key));
            }
        }
        for (final String key : kafka.stringPropertyNames()) {
            if (key.startsWith("consumer.") && ConsumerConfig.configNames().contains(key.substring(9))) {
                p.put(key.substring(9), kafka.getProperty(key));
            }
        }
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.applicationId() + "-alertmanager");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Incidents are written in transactions (exactly_once_v2): only committed states are incidents.
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, config.applicationId() + "-alertmanager");
        return p;
    }

    private void loop() {
        try {
            consumer.subscribe(List.of(topic), new Rebalance());
            while (!closing) {
                try {
                    for (final ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
                        feed(r);
                    }
                    if (caughtUp()) {
                        pump.tick();
                    }
                } catch (final WakeupException e) {
                    if (closing) {
                        return;
                    }
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (final RuntimeException e) {
                    // The stage must outlive a bad moment (a broker away, a bug on one record): log and go on.
                    LOG.error("Alertmanager stage: unexpected error, continuing", e);
                    Thread.sleep(ERROR_PAUSE.toMillis());
                }
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void feed(final ConsumerRecord<String, byte[]> r) {
        if (r.key() == null) {
            return;
        }
        if (r.value() == null) {
            // A tombstone: the incident was deleted from the topic; nothing more to say about it.
            pump.forget(r.key()::equals);
            partitionOf.remove(r.key());
            return;
        }
        partitionOf.put(r.key(), new TopicPartition(r.topic(), r.partition()));
        pump.accept(r.key(), r.value(), Instant.ofEpochMilli(r.timestamp()));
    }

    /** Whether every assigned partition was read up to its end as of the assignment. */
    private boolean caughtUp() {
        catchUpTo.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
        return catchUpTo.isEmpty();
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(final Collection<TopicPartition> partitions) {
            consumer.seekToBeginning(partitions);
            catchUpTo.putAll(consumer.endOffsets(partitions));
        }

        @Override
        public void onPartitionsRevoked(final Collection<TopicPartition> partitions) {
            // Not resolved: the new owner reads these partitions and posts the same alerts.
            pump.forget(id -> partitions.contains(partitionOf.get(id)));
            partitionOf.values().removeIf(partitions::contains);
            partitions.forEach(catchUpTo::remove);
        }
    }

    /** Stops the loop and waits for it (a post in flight finishes or times out first). */
    @Override
    public void close() {
        closing = true;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
