package io.oomstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.app.StreamsApp;
import io.oomstream.config.AppConfig;
import io.oomstream.event.OomEvent;
import io.oomstream.loadgen.FleetLogGenerator;
import io.oomstream.loadgen.FleetRecord;
import io.oomstream.loadgen.GeneratorConfig;
import io.oomstream.loadgen.GroundTruth;
import io.oomstream.loadgen.OutputFormat;
import io.oomstream.metrics.Metrics;
import io.oomstream.testing.RecordOutcomes;
import io.oomstream.topology.OomTopology;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ordinary-record filter on a real broker under exactly_once_v2: the same fleet log (keyed by host, with a few
 * records that must be dead-lettered) through the application as it runs ({@link StreamsApp}: the filter on the main
 * consumer) and through the same topology without the filter gives the same events and the same record outcomes,
 * the filtered application's stream thread processes only a small part of the records, and both commit every input
 * offset (lag 0 at the end), though most records never reached a processor.
 */
@Tag("broker")
@Timeout(300)
class OrdinaryFilterOnBrokerTest {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    @TempDir
    Path work;

    @Test
    void shouldGiveTheSameEventsCountsAndCommittedOffsetsAsTheUnfilteredTopology() throws Exception {
        final AppConfig filtered = config("filtered");
        final AppConfig plain = config("plain");
        final FleetLogGenerator g = new FleetLogGenerator(GeneratorConfig.defaults().withLines(20_000).withHosts(40)
                .withFormat(OutputFormat.JSON).withSeed(16).withOomRate(2.0));
        final List<FleetRecord> fleet = new ArrayList<>();
        while (g.hasNext()) {
            fleet.add(g.next());
        }
        final GroundTruth truth = g.truth();
        final int records = fleet.size() + 2;
        for (final AppConfig c : List.of(filtered, plain)) {
            produce(c.inputTopic(), fleet);
        }

        final Metrics filteredMetrics = new Metrics();
        final Metrics plainMetrics = new Metrics();
        final long processed;
        try (StreamsApp app = StreamsApp.start(filtered, filteredMetrics);
             KafkaStreams unfiltered = new KafkaStreams(OomTopology.build(plain, plainMetrics),
                     plain.streamsProperties())) {
            unfiltered.start();
            assertTrue(app.awaitRunning(Duration.ofSeconds(90)));
            for (final AppConfig c : List.of(filtered, plain)) {
                TopicIO.awaitConsumed(KAFKA.bootstrapServers(), c.applicationId(), c.inputTopic(),
                        Duration.ofSeconds(120));
            }
            processed = processedRecords(app.streams());
            // Reports that end by a timer (an allocation failure has no kill line) go out a little later, in each
            // application on its own clock: wait until both have put out what they will.
            final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!events(filtered).equals(events(plain)) && System.nanoTime() < deadline) {
                Thread.sleep(1_000);
            }
        }

        final Map<String, Long> outcomes = RecordOutcomes.of(filteredMetrics);
        assertEquals(RecordOutcomes.of(plainMetrics), outcomes, "the same outcome for every record");
        assertEquals(records, outcomes.values().stream().mapToLong(Long::longValue).sum(), outcomes.toString());
        assertEquals(2, outcomes.get("dead_letter/null_value") + outcomes.get("dead_letter/invalid_json"));
        final long ordinary = outcomes.get("ordinary/other_program") + outcomes.get("ordinary/not_a_report_line");
        assertTrue(outcomes.get("report/report_line") > 500, outcomes.toString());
        // The filtered thread's processors saw the records the filter kept (not ordinary, or the last of a poll), and
        // the records of the stages behind the decode (events, kills, incidents, counts): far fewer than the input.
        assertTrue(processed < 0.5 * (records - ordinary) + 0.1 * records,
                processed + " records processed of " + records + " read, " + ordinary + " ordinary");

        final Map<String, String> events = events(filtered);
        assertEquals(events(plain), events, "the same events");
        assertTrue(truth.kills() > 10, truth.render());
        assertEquals(truth.kills(), events.values().stream().filter(e -> !e.split(" ")[2].equals("null")).count(),
                "every generated kill came out as one event: " + truth.render());
    }

    private AppConfig config(final String prefix) {
        return AppConfig.load(null, Map.of(), AppSettings.of(KAFKA, prefix, work.resolve(prefix), Map.of(
                AppConfig.INPUT_KEYED_BY_HOST, "true",
                // Events come out because their lines arrived: no report waits for the clock in this test.
                AppConfig.IDLE_TIMEOUT_MS, "300000")));
    }

    private static void produce(final String topic, final List<FleetRecord> fleet) {
        final Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            int i = 0;
            for (final FleetRecord r : fleet) {
                producer.send(new ProducerRecord<>(topic, r.host(), r.value().getBytes(StandardCharsets.UTF_8)));
                if (++i == fleet.size() / 2) {
                    // Among ordinary records of a busy host: the filter keeps them for the dead-letter topic.
                    producer.send(new ProducerRecord<>(topic, r.host(), null));
                    producer.send(new ProducerRecord<>(topic, r.host(), "{\"hostname\":".getBytes(StandardCharsets.UTF_8)));
                }
            }
            producer.flush();
        }
    }

    /** Event id to what it is (kind, host, victim pid, complete), by the last record of each id. */
    private static Map<String, String> events(final AppConfig config) {
        final Map<String, String> out = new TreeMap<>();
        for (final OomEvent e : TopicIO.events(KAFKA.bootstrapServers(), config.eventsTopic(), Duration.ofSeconds(2))) {
            out.put(e.eventId(), e.kind() + " " + e.host() + " " + (e.victim() == null ? null : e.victim().pid()) + " "
                    + e.complete());
        }
        return out;
    }

    /** Records the stream threads handed to processors (Streams' own count). */
    private static long processedRecords(final KafkaStreams streams) {
        return (long) streams.metrics().entrySet().stream()
                .filter(m -> m.getKey().name().equals("process-total")
                        && m.getKey().group().equals("stream-thread-metrics"))
                .mapToDouble(m -> ((Number) m.getValue().metricValue()).doubleValue()).sum();
    }
}
