package io.oomstream.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.app.HttpEndpoint;
import io.oomstream.app.StreamsApp;
import io.oomstream.config.AppConfig;
import io.oomstream.event.OomEvent;
import io.oomstream.metrics.Metrics;
import io.oomstream.testing.Promtool;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Poison and overload on a real broker, in one run: a burst of 100,000 undecodable records, one 50 MB record (the
 * input topic allows 64 MiB), a partition whose 1,000 records all have null values, then an ordinary report. The
 * application stays RUNNING and still emits the report's event; every poison record is on the dead-letter topic
 * once, with its reason and its source topic, partition and offset in headers, its bytes unchanged (the 50 MB one
 * cut to its first 256 KiB, its size in a header); /metrics counts each by reason and passes promtool with a
 * client id full of quotes, backslashes and markup in its labels.
 */
@Tag("broker")
@Timeout(600)
class PoisonOnBrokerTest {

    private static final int BURST = 100_000;
    private static final int NULLS = 1_000;
    private static final int NULL_PARTITION = 3;
    private static final int GIANT_BYTES = 50 * 1024 * 1024;
    private static final int TOPIC_LIMIT = 64 * 1024 * 1024;
    /** Lands in Kafka's client-id labels on /metrics. */
    private static final String HOSTILE_CLIENT_ID = "poison\"\\<script>';--";

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    @TempDir
    Path work;

    @Test
    void shouldDeadLetterEveryPoisonRecordWithItsCoordinatesAndKeepRunning() throws Exception {
        final Map<String, String> settings = AppSettings.of(KAFKA, "poison", work.resolve("state"),
                Map.of(AppConfig.IDLE_TIMEOUT_MS, "300000", "client.id", HOSTILE_CLIENT_ID));
        final AppConfig config = AppConfig.load(null, Map.of(), settings);
        allowRecordsUpTo(config.inputTopic(), TOPIC_LIMIT);
        final Metrics metrics = new Metrics();

        try (StreamsApp app = StreamsApp.start(config, metrics);
             HttpEndpoint http = HttpEndpoint.start(new InetSocketAddress("127.0.0.1", 0), app.streams()::state,
                     app.streams()::metrics, metrics)) {
            assertTrue(app.awaitRunning(Duration.ofSeconds(60)));
            final Map<String, byte[]> sent = new HashMap<>(); // "partition/offset" -> value
            final byte[] giant = giantKernelLine();
            final String giantAt;
            try (KafkaProducer<byte[], byte[]> producer = producer()) {
                final Random random = new Random(13);
                final List<Future<RecordMetadata>> acks = new ArrayList<>(BURST);
                final List<byte[]> values = new ArrayList<>(BURST);
                for (int i = 0; i < BURST; i++) {
                    final byte[] value = undecodable(i, random);
                    values.add(value);
                    acks.add(producer.send(new ProducerRecord<>(config.inputTopic(), value)));
                }
                for (int i = 0; i < NULLS; i++) {
                    acks.add(producer.send(new ProducerRecord<>(config.inputTopic(), NULL_PARTITION,
                            ("null-" + i).getBytes(StandardCharsets.UTF_8), null)));
                    values.add(null);
                }
                final RecordMetadata g = producer.send(new ProducerRecord<>(config.inputTopic(), giant)).get();
                giantAt = g.partition() + "/" + g.offset();
                for (int i = 0; i < acks.size(); i++) {
                    final RecordMetadata m = acks.get(i).get();
                    sent.put(m.partition() + "/" + m.offset(), values.get(i));
                }
                // Bigger than the topic allows: the broker refuses it, so the shipper sees the error, not oomstream.
                final var tooBig = producer.send(new ProducerRecord<>(config.inputTopic(), new byte[TOPIC_LIMIT + 1024]));
                final Exception refused = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, tooBig::get);
                assertTrue(refused.getCause() instanceof RecordTooLargeException, refused.toString());
            }
            TopicIO.produceLines(KAFKA.bootstrapServers(), config.inputTopic(),
                    StreamsOnBrokerTest.report("after-poison", 7000, 31337, "java"));

            final List<OomEvent> events = TopicIO.awaitEvents(KAFKA.bootstrapServers(), config.eventsTopic(),
                    Duration.ofSeconds(300), ev -> ev.stream().anyMatch(e -> e.victim() != null
                            && e.victim().pid() == 31337));
            assertTrue(events.stream().anyMatch(e -> "after-poison".equals(e.host())), "the report after the poison");
            // Partitions are processed independently: the report's may be done before another's backlog.
            List<ConsumerRecord<byte[], byte[]>> dead = List.of();
            final long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
            while (dead.size() < BURST + NULLS + 1 && System.nanoTime() < deadline) {
                dead = TopicIO.readAll(KAFKA.bootstrapServers(), config.deadletterTopic(), Duration.ofSeconds(5));
            }

            assertEquals(BURST + NULLS + 1, dead.size(), "each poison record dead-lettered once");
            final Map<String, Long> reasons = new java.util.TreeMap<>();
            for (final ConsumerRecord<byte[], byte[]> r : dead) {
                assertEquals(config.inputTopic(), TopicIO.header(r, "oomstream.source.topic"));
                final String at = TopicIO.header(r, "oomstream.source.partition") + "/"
                        + TopicIO.header(r, "oomstream.source.offset");
                final String reason = TopicIO.header(r, "oomstream.error.reason");
                reasons.merge(reason.replaceAll("[: ].*", ""), 1L, Long::sum);
                if (at.equals(giantAt)) {
                    assertTrue(reason.startsWith("record longer than 1048576 chars"), reason);
                    assertEquals(Integer.toString(GIANT_BYTES), TopicIO.header(r, "oomstream.truncated.from.bytes"));
                    assertArrayEquals(Arrays.copyOf(giant, 256 * 1024), r.value(), "the giant's first 256 KiB");
                    continue;
                }
                assertTrue(sent.containsKey(at), "a dead letter points at a record sent: " + at);
                final byte[] original = sent.remove(at);
                if (original == null) {
                    assertEquals("empty record (null value)", reason);
                    assertEquals(Integer.toString(NULL_PARTITION), TopicIO.header(r, "oomstream.source.partition"));
                    assertEquals(0, r.value().length);
                } else {
                    assertArrayEquals(original, r.value(), "bytes of the record at " + at);
                }
            }
            assertEquals(Map.of(), sent, "no poison record missing from the dead-letter topic");

            final Map<String, Double> outcomes = new HashMap<>();
            metrics.snapshot().stream().filter(s -> s.name().equals(Metrics.RECORDS_TOTAL))
                    .forEach(s -> outcomes.put(s.labels().get("reason"), s.value()));
            assertEquals(NULLS, outcomes.get("null_value"), 0.0, outcomes.toString());
            assertEquals(1, outcomes.get("record_too_long"), 0.0, outcomes.toString());
            assertEquals(BURST, outcomes.get("no_layout") + outcomes.get("invalid_json"), 0.0, outcomes.toString());
            assertEquals(org.apache.kafka.streams.KafkaStreams.State.RUNNING, app.streams().state());

            final String scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + http.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(scrape.contains("client_id=\"poison\\\"\\\\<script>';--"), "hostile client id in the labels");
            System.out.println("PoisonOnBrokerTest: dead letters by reason " + reasons);
            org.junit.jupiter.api.Assumptions.assumeTrue(Promtool.installed(), Promtool.MISSING);
            final Promtool.Result promtool = Promtool.checkMetrics(scrape);
            assertEquals(0, promtool.exitCode(), "promtool check metrics on a running instance:\n" + promtool.output());
        }
    }

    // Helpers.

    /** Three kinds a broken shipper sends: binary (NUL, invalid UTF-8), cut JSON, and control-character noise. */
    private static byte[] undecodable(final int i, final Random random) {
        switch (i % 3) {
            case 0 -> {
                final byte[] b = new byte[8 + random.nextInt(64)];
                random.nextBytes(b);
                b[0] = 0;
                b[1] = (byte) 0xff;
                return b;
            }
            case 1 -> {
                return ("{\"hostname\":\"h" + i + "\",\"msg\":\"Out of memory: Killed process " + i)
                        .getBytes(StandardCharsets.UTF_8);
            }
            default -> {
                return ("\u001b[2J\u0007\r" + i + " <script>'; DROP TABLE x;--").getBytes(StandardCharsets.UTF_8);
            }
        }
    }

    /** A kernel-prefixed RFC 3164 line of 50 MiB: a syslog layout, far past the decoder's 1 MiB cap. */
    private static byte[] giantKernelLine() {
        final byte[] prefix = "Mar  4 10:00:00 giant kernel: [5000.000001] ".getBytes(StandardCharsets.US_ASCII);
        final byte[] giant = new byte[GIANT_BYTES];
        Arrays.fill(giant, (byte) 'x');
        System.arraycopy(prefix, 0, giant, 0, prefix.length);
        return giant;
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        final Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(TOPIC_LIMIT + 1024 * 1024));
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(3L * TOPIC_LIMIT));
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The input topic's max.message.bytes (the broker's default is 1 MiB). */
    private static void allowRecordsUpTo(final String topic, final int bytes) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic), List.of(
                    new AlterConfigOp(new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(bytes)),
                            AlterConfigOp.OpType.SET)))).all().get();
        }
    }
}
