package io.oomstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.app.StreamsApp;
import io.oomstream.config.AppConfig;
import io.oomstream.event.OomEvent;
import io.oomstream.metrics.Metrics;
import io.oomstream.testing.RecordOutcomes;
import io.oomstream.topology.TopicPlan;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * No silent drop, on a real broker: every record {@code run} reads ends in exactly one outcome of
 * {@code oomstream_records_total} (report, ordinary, dead_letter), and they add up to the records sent.
 *
 * <p>The reproduction of the 1 MB process name: before the fix such a kill line passed the pre-filter whole, was
 * cut to 16 KiB on its way to the stitcher, and the stitcher read the cut line as no report line at all: no event,
 * no dead letter, no counter, no log line.
 */
@Tag("broker")
@Timeout(300)
class ReconciliationOnBrokerTest {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    @TempDir
    Path work;

    private static final String GIANT_KILL = "Out of memory: Killed process 77 (" + "j".repeat(1_000_000)
            + ") total-vm:4000000kB, anon-rss:3600000kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:7012kB "
            + "oom_score_adj:0";

    @Test
    void shouldAccountForEveryRecordOfAHostileMix() throws Exception {
        final AppConfig config = config("hostile", work.resolve("state"));
        final List<ProducerRecord<String, byte[]>> input = new ArrayList<>();
        final String topic = config.inputTopic();
        StreamsOnBrokerTest.report("calm", 5000, 4242, "java").forEach(l -> input.add(text(topic, "calm", l)));
        input.add(text(topic, "bigname", "Mar  4 10:00:01 bigname kernel: [5000.000001] " + GIANT_KILL));
        input.add(text(topic, "jsonkill", "{\"hostname\":\"jsonkill\",\"timestamp\":\"2026-03-04T10:00:01+00:00\","
                + "\"programname\":\"kernel\",\"msg\":\"[5000.000001] " + GIANT_KILL + "\"}"));
        input.add(new ProducerRecord<>(topic, "junk", new byte[] {0, 1, 2, (byte) 0xff, (byte) 0xfe, 0x7f, 0}));
        input.add(text(topic, "json", "{\"hostname\":"));
        input.add(text(topic, "noisy", "Mar  4 10:00:02 noisy app[12]: " + "x".repeat(900_000)));
        input.add(text(topic, "empty", ""));
        input.add(new ProducerRecord<>(topic, "nullvalue", null));
        input.add(text(topic, "calm", "Mar  4 10:00:03 calm sshd[812]: Accepted publickey for deploy from 10.0.0.7"));
        input.add(text(topic, "calm", "Mar  4 10:00:03 calm kernel: [5001.000000] e1000e: eth0 NIC Link is Up"));

        final Metrics metrics = new Metrics();
        try (StreamsApp app = StreamsApp.start(config, metrics)) {
            assertTrue(app.awaitRunning(Duration.ofSeconds(60)));
            produce(input);
            TopicIO.awaitEvents(KAFKA.bootstrapServers(), config.eventsTopic(), Duration.ofSeconds(60),
                    ev -> ev.stream().anyMatch(e -> "calm".equals(e.host()) && e.complete()));
            TopicIO.awaitConsumed(KAFKA.bootstrapServers(), config.applicationId(), topic, Duration.ofSeconds(60));

            final Map<String, Long> outcomes = RecordOutcomes.of(metrics);
            final long accounted = outcomes.values().stream().mapToLong(Long::longValue).sum();
            assertEquals(input.size(), accounted, "every record read ends in exactly one outcome: " + outcomes);
            assertEquals(12, outcomes.get("report/report_line"), outcomes.toString());
            assertEquals(2, outcomes.get("dead_letter/line_too_long"), outcomes.toString());
            assertEquals(1, outcomes.get("dead_letter/invalid_json"), outcomes.toString());
            assertEquals(1, outcomes.get("dead_letter/null_value"), outcomes.toString());
            assertEquals(2, outcomes.get("ordinary/other_program"), "sshd and the 900 kB app line: " + outcomes);
            assertEquals(1, outcomes.get("ordinary/not_a_report_line"), outcomes.toString());

            final List<ConsumerRecord<byte[], byte[]>> dead = TopicIO.readAll(KAFKA.bootstrapServers(),
                    config.deadletterTopic(), Duration.ofSeconds(2));
            final long deadLettered = outcomes.entrySet().stream().filter(e -> e.getKey().startsWith("dead_letter/"))
                    .mapToLong(Map.Entry::getValue).sum();
            assertEquals(deadLettered, dead.size(), "each dead-letter outcome is a record on the dead-letter topic");
            final List<String> reasons = dead.stream().map(r -> TopicIO.header(r, "oomstream.error.reason")).toList();
            assertEquals(2, reasons.stream().filter(r -> r.startsWith("line of 10")).count(), reasons.toString());

            final List<OomEvent> events = TopicIO.events(KAFKA.bootstrapServers(), config.eventsTopic(),
                    Duration.ofSeconds(2));
            assertTrue(events.stream().noneMatch(e -> "bigname".equals(e.host()) || "jsonkill".equals(e.host())),
                    "a line that cannot be read whole invents no event");
        }
    }

    private static ProducerRecord<String, byte[]> text(final String topic, final String key, final String value) {
        return new ProducerRecord<>(topic, key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static void produce(final List<ProducerRecord<String, byte[]>> records) {
        final Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            final io.oomstream.loadgen.CheckedSends sends = new io.oomstream.loadgen.CheckedSends();
            records.forEach(r -> producer.send(r, sends));
            producer.flush();
            sends.throwIfFailed("the test's input");
        }
    }

    private AppConfig config(final String prefix, final Path stateDir) {
        return AppConfig.load(null, Map.of(), AppSettings.of(KAFKA, prefix, stateDir, Map.of()));
    }
}
