package io.oomstream.it;

import io.oomstream.event.Json;
import io.oomstream.event.OomEvent;
import io.oomstream.testing.EventSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Producing syslog lines and reading events back (read_committed) in broker tests. */
final class TopicIO {

    private TopicIO() {
    }

    static void produceLines(final String bootstrap, final String topic, final List<String> lines) {
        final Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        // As BoundedMemoryOnBrokerTest's storm: the idempotent producer held every batch of one partition back for its
        // whole delivery timeout in 4 of 24 runs of StreamsOnBrokerTest's two-instance crash test on a loaded machine
        // ("Expiring 56 record(s) for pair.in-1 ... has not been sent, or no server response"; always partition 1, as
        // memory.in-1 there), with the reorder stage on or off. The tests need per-host order and every line once: no
        // idempotence, one request in flight, a request timeout long enough that a slow write is not retried.
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "150000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "300000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            final io.oomstream.syslog.SyslogDecoder decoder = new io.oomstream.syslog.SyslogDecoder();
            final io.oomstream.loadgen.CheckedSends sends = new io.oomstream.loadgen.CheckedSends();
            for (final String line : lines) {
                // Keyed by host as a shipper should: per-host order survives only within one partition.
                final var decoded = decoder.decode(line);
                final String host = decoded.lines().isEmpty() ? null : decoded.lines().get(0).host();
                producer.send(new ProducerRecord<>(topic, host, line), sends);
            }
            producer.flush();
            sends.throwIfFailed(topic);
        }
    }

    /** Every record on the topic now, read_committed: what an exactly-once consumer sees. */
    static List<ConsumerRecord<byte[], byte[]>> readAll(final String bootstrap, final String topic, final Duration quiet) {
        final Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        final List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            long lastRecord = System.nanoTime();
            while (System.nanoTime() - lastRecord < quiet.toNanos()) {
                for (final ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    out.add(r);
                    lastRecord = System.nanoTime();
                }
            }
        }
        return out;
    }

    static List<OomEvent> events(final String bootstrap, final String topic, final Duration quiet) {
        final List<OomEvent> events = new ArrayList<>();
        for (final ConsumerRecord<byte[], byte[]> r : readAll(bootstrap, topic, quiet)) {
            try {
                EventSchema.assertValidEvent(Json.MAPPER.readTree(r.value()));
                events.add(Json.MAPPER.readValue(r.value(), OomEvent.class));
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return events;
    }

    /**
     * The events topic is an upsert log keyed by {@code event_id}: an event goes out with its kill line and again,
     * under the same id, when its reaper or systemd unit line (or the rest of an incomplete report) arrives; the
     * last record of an id is the event. Returns the last record of each id, in the order the ids first appeared
     * (an id's records share a partition, so their order is kept).
     */
    static List<OomEvent> latest(final List<OomEvent> records) {
        final Map<String, OomEvent> byId = new LinkedHashMap<>();
        records.forEach(e -> byId.put(e.eventId(), e));
        return List.copyOf(byId.values());
    }

    /** The most records any one event_id has (each a version of the event that changed it). */
    static long mostRecordsPerId(final List<OomEvent> records) {
        return records.stream().collect(Collectors.groupingBy(OomEvent::eventId, Collectors.counting())).values()
                .stream().mapToLong(Long::longValue).max().orElse(0);
    }

    /** Like {@link #awaitEvents}, with {@code condition} on the last record of each id ({@link #latest}). */
    static List<OomEvent> awaitLatest(final String bootstrap, final String topic, final Duration timeout,
                                      final Predicate<List<OomEvent>> condition) throws InterruptedException {
        return latest(awaitEvents(bootstrap, topic, timeout, ev -> condition.test(latest(ev))));
    }

    /** Polls until {@code condition} holds on the events read so far, or fails after {@code timeout}. */
    static List<OomEvent> awaitEvents(final String bootstrap, final String topic, final Duration timeout,
                                      final Predicate<List<OomEvent>> condition) throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        List<OomEvent> events = List.of();
        while (System.nanoTime() < deadline) {
            events = events(bootstrap, topic, Duration.ofSeconds(1));
            if (condition.test(events)) {
                return events;
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        throw new AssertionError("condition not met within " + timeout + "; events: "
                + events.stream().map(e -> e.host() + "/" + (e.victim() == null ? null : e.victim().pid())).toList());
    }

    /** Waits until the application's group has committed the end of every partition of {@code topic}. */
    static void awaitConsumed(final String bootstrap, final String groupId, final String topic, final Duration timeout)
            throws Exception {
        final Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            final Map<TopicPartition, OffsetSpec> latest = latestOfEveryPartition(admin, topic);
            final long deadline = System.nanoTime() + timeout.toNanos();
            String first = null;
            String last = null;
            while (System.nanoTime() < deadline) {
                final Map<TopicPartition, Long> end = ends(admin, latest);
                final Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
                if (committedToTheEnd(end, committed)) {
                    return;
                }
                // Both ends of the wait in the message: an end that keeps moving (a stage writing forever) is not a
                // stuck consumer.
                last = end.entrySet().stream().sorted(java.util.Map.Entry.comparingByKey(
                                java.util.Comparator.comparingInt(TopicPartition::partition)))
                        .map(e -> e.getKey().partition() + ": committed " + (committed.get(e.getKey()) == null ? null
                                : committed.get(e.getKey()).offset()) + ", end " + e.getValue())
                        .collect(java.util.stream.Collectors.joining("; "));
                first = first == null ? last : first;
                TimeUnit.MILLISECONDS.sleep(200);
            }
            throw new AssertionError("group " + groupId + " did not consume " + topic + " within " + timeout
                    + " (first check: " + first + "; last: " + last + ")");
        }
    }

    /**
     * Waits until nothing more is written to {@code topic} for {@code still} and the group has committed its end on
     * every partition: a topic a stage writes to for ever (on an input that stopped) fails this, however quick its
     * consumer ({@link #awaitConsumed} alone may catch a moving end between a write and the commit after it).
     */
    static void awaitStillAndConsumed(final String bootstrap, final String groupId, final String topic,
                                      final Duration still, final Duration timeout) throws Exception {
        final Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            final Map<TopicPartition, OffsetSpec> latest = latestOfEveryPartition(admin, topic);
            final long deadline = System.nanoTime() + timeout.toNanos();
            Map<TopicPartition, Long> last = Map.of();
            long sameSince = System.nanoTime();
            Map<TopicPartition, Long> firstEnds = null;
            while (System.nanoTime() < deadline) {
                final Map<TopicPartition, Long> end = ends(admin, latest);
                firstEnds = firstEnds == null ? end : firstEnds;
                if (!end.equals(last)) {
                    last = end;
                    sameSince = System.nanoTime();
                } else if (System.nanoTime() - sameSince >= still.toNanos()) {
                    final Map<TopicPartition, OffsetAndMetadata> committed =
                            admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
                    if (committedToTheEnd(end, committed)) {
                        return;
                    }
                }
                TimeUnit.MILLISECONDS.sleep(200);
            }
            throw new AssertionError(topic + " not still for " + still + " and consumed by " + groupId + " within "
                    + timeout + ": ends " + new TreeMap<>(byPartition(firstEnds)) + " at first, "
                    + new TreeMap<>(byPartition(last)) + " at last");
        }
    }

    /** Every partition of {@code topic}, to be asked for its end offset. */
    private static Map<TopicPartition, OffsetSpec> latestOfEveryPartition(final Admin admin, final String topic)
            throws Exception {
        final int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        final Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
        for (int i = 0; i < partitions; i++) {
            latest.put(new TopicPartition(topic, i), OffsetSpec.latest());
        }
        return latest;
    }

    private static Map<TopicPartition, Long> ends(final Admin admin, final Map<TopicPartition, OffsetSpec> latest)
            throws Exception {
        final Map<TopicPartition, Long> end = new java.util.HashMap<>();
        admin.listOffsets(latest).all().get().forEach((tp, info) -> end.put(tp, info.offset()));
        return end;
    }

    /** Whether the group committed each partition's end (an empty partition needs no commit). */
    private static boolean committedToTheEnd(final Map<TopicPartition, Long> end,
                                             final Map<TopicPartition, OffsetAndMetadata> committed) {
        return end.entrySet().stream().allMatch(e -> e.getValue() == 0
                || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue()));
    }

    private static Map<Integer, Long> byPartition(final Map<TopicPartition, Long> ends) {
        final Map<Integer, Long> out = new java.util.HashMap<>();
        if (ends != null) {
            ends.forEach((tp, o) -> out.put(tp.partition(), o));
        }
        return out;
    }

    static String header(final ConsumerRecord<byte[], byte[]> r, final String name) {
        final var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
