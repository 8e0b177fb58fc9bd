package io.oomstream.app;

import io.oomstream.config.AppConfig;
import io.oomstream.event.Json;
import io.oomstream.event.OomEvent;
import io.oomstream.event.TerminalText;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the events topic (read_committed, as any exactly-once consumer must) and hands each
 * event to the demo's printer: an event re-emitted under the same id (completed, reaped,
 * attributed to a unit) is shown again, marked as an update, only if its printed line changed.
 */
final class DemoEventWatcher implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final Map<String, OomEvent> seen = new HashMap<>();
    private volatile long deadLetters;
    private volatile boolean running = true;

    private DemoEventWatcher(final KafkaConsumer<byte[], byte[]> consumer, final Thread thread) {
        this.consumer = consumer;
        this.thread = thread;
    }

    /** What the watcher shows besides events: incidents and kill counts, as their JSON trees. */
    interface Others {
        void incident(com.fasterxml.jackson.databind.JsonNode incident);

        void killCount(com.fasterxml.jackson.databind.JsonNode count);
    }

    static DemoEventWatcher start(final AppConfig config, final BiConsumer<OomEvent, Boolean> onEvent,
                                  final Others others) {
        final Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "oomstream-demo-watcher");
        final KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(List.of(config.eventsTopic(), config.deadletterTopic(), config.incidentsTopic(),
                config.killCountsTopic()));
        final DemoEventWatcher[] self = new DemoEventWatcher[1];
        final Thread t = new Thread(() -> self[0].loop(config, onEvent, others), "oomstream-demo-watcher");
        self[0] = new DemoEventWatcher(consumer, t);
        t.setDaemon(true);
        t.start();
        return self[0];
    }

    long deadLetters() {
        return deadLetters;
    }

    private void loop(final AppConfig config, final BiConsumer<OomEvent, Boolean> onEvent, final Others others) {
        try {
            while (running) {
                for (final ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.topic().equals(config.deadletterTopic())) {
                        deadLetters++;
                        continue;
                    }
                    if (r.topic().equals(config.incidentsTopic()) || r.topic().equals(config.killCountsTopic())) {
                        final com.fasterxml.jackson.databind.JsonNode node = tree(r.value());
                        if (node != null && r.topic().equals(config.incidentsTopic())) {
                            others.incident(node);
                        } else if (node != null) {
                            others.killCount(node);
                        }
                        continue;
                    }
                    final OomEvent e = parse(r.value());
                    if (e != null && !e.equals(seen.get(e.eventId()))) {
                        final OomEvent before = seen.put(e.eventId(), e);
                        // oom.events is an upsert log: a kill goes out with its kill line and again with its reaper
                        // line; a version that changes nothing the demo prints is not shown again.
                        if (before == null || !EventPrinter.line(before, true).equals(EventPrinter.line(e, true))) {
                            onEvent.accept(e, before != null);
                        }
                    }
                }
            }
        } catch (final WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode tree(final byte[] value) {
        try {
            return value == null ? null : Json.MAPPER.readTree(value);
        } catch (final IOException e) {
            System.err.println("oomstream demo: unreadable record: " + TerminalText.visible(e.getMessage()));
            return null;
        }
    }

    private static OomEvent parse(final byte[] value) {
        try {
            return value == null ? null : Json.MAPPER.readValue(value, OomEvent.class);
        } catch (final IOException e) {
            System.err.println("oomstream demo: unreadable event: " + TerminalText.visible(e.getMessage()));
            return null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5_000);
    }
}
