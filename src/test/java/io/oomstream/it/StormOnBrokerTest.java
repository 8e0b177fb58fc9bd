package io.oomstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.app.StreamsApp;
import io.oomstream.config.AppConfig;
import io.oomstream.event.OomEvent;
import io.oomstream.metrics.Metrics;
import io.oomstream.testing.Fixtures;
import io.oomstream.topology.Names;
import io.oomstream.topology.TopicPlan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet-wide OOM storm on a real broker: 10,000 hosts each log 30 lines of an OOM report and hang before the
 * kill line, all in one burst, through the production topology (input keyed by host, as the shipped rsyslog
 * configuration sends it). Each report must come out exactly once, incomplete, with all its lines; the stitch
 * stores' changelogs must grow with the changes (lines and emissions), not with timer ticks times open reports;
 * and ordinary input must flow as fast with 10,000 reports open as with none.
 *
 * <p>Prints its figures (lines starting {@code STORM}); BENCHMARKS.md ("OOM storm") records them.
 */
@Tag("broker")
@Timeout(900)
class StormOnBrokerTest {

    private static final int HOSTS = 10_000;
    private static final List<String> REPORT = List.of(
            Fixtures.read("storm/5.15-report-without-kill-line.log").split("\n"));
    private static final String TEMPLATE_HOST = "storm-00000";
    private static final String STORM = "storm: the storm's report lines";
    private static final String CALM = "calm: as many ordinary lines";
    private static final String WITH = "storm: ordinary lines, 10,000 reports held";
    private static final String WITHOUT = "calm: ordinary lines, no report held";

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    @TempDir
    Path work;

    @Test
    void shouldEmitEachStormReportOnceWholeWithChangelogWritesBoundedByChanges() throws Exception {
        final AppConfig storm = config("storm");
        final AppConfig calm = config("calm");
        final int lines = HOSTS * REPORT.size();
        final Map<String, Double> rates = new LinkedHashMap<>();
        final List<OomEvent> events;
        try (StreamsApp stormApp = StreamsApp.start(storm, new Metrics());
             StreamsApp calmApp = StreamsApp.start(calm, new Metrics())) {
            assertTrue(stormApp.awaitRunning(Duration.ofSeconds(60)) && calmApp.awaitRunning(Duration.ofSeconds(60)));
            timedBursts(Map.of(storm, ordinaryLines(2_000, 0), calm, ordinaryLines(2_000, 0)), Duration.ofMinutes(1));
            // Both applications share the machine at the same time, so the comparison holds on a busy one too.
            final Map<AppConfig, Double> burst = timedBursts(Map.of(storm, stormLines(), calm, ordinaryLines(lines, 1)),
                    Duration.ofMinutes(10));
            rates.put(STORM, burst.get(storm));
            rates.put(CALM, burst.get(calm));
            // The reports go out at their idle timeout, then linger for 10 minutes with their state kept.
            awaitRecords(storm.eventsTopic(), HOSTS, Duration.ofMinutes(5));
            System.out.printf(Locale.ROOT, "STORM %tT %,d reports emitted%n", System.currentTimeMillis(), HOSTS);
            awaitInternalTopicsConsumed(storm, Duration.ofMinutes(5)); // incidents, kill counts and sinks of the events
            System.out.printf(Locale.ROOT, "STORM %tT their incidents and kill counts done%n", System.currentTimeMillis());
            final Map<AppConfig, Double> after = timedBursts(Map.of(storm, ordinaryLines(lines, 2), calm,
                    ordinaryLines(lines, 2)), Duration.ofMinutes(10));
            rates.put(WITH, after.get(storm));
            rates.put(WITHOUT, after.get(calm));
            events = TopicIO.events(KAFKA.bootstrapServers(), storm.eventsTopic(), Duration.ofSeconds(3));
            assertEquals(null, stormApp.failure());
        }
        final Map<String, Long> changelog = new LinkedHashMap<>();
        for (final String store : List.of(Names.STITCH_OPEN_STORE, Names.STITCH_LINES_STORE, Names.STITCH_RECENT_STORE)) {
            changelog.put(store, countRecords(storm.applicationId() + "-" + store + "-changelog"));
        }
        final long emissions = events.size();
        final long distinct = events.stream().map(OomEvent::eventId).distinct().count();
        final long whole = events.stream().filter(e -> !e.complete() && e.lineCount() == REPORT.size()).count();
        final long changelogTotal = changelog.values().stream().mapToLong(Long::longValue).sum();

        rates.forEach((what, rate) -> System.out.printf(Locale.ROOT, "STORM input %-45s %,10.0f records/s%n", what, rate));
        // The figure: input during the storm within 2x of input without it. Both bursts ran side by side.
        System.out.printf(Locale.ROOT, "STORM storm/calm throughput ratio %.2fx (calm %,.0f / storm %,.0f records/s;"
                + " target <= 2x)%n", rates.get(CALM) / rates.get(STORM), rates.get(CALM), rates.get(STORM));
        System.out.printf(Locale.ROOT, "STORM held/calm throughput ratio %.2fx (ordinary lines with 10,000 reports held"
                + " vs none; target <= 2x)%n", rates.get(WITHOUT) / rates.get(WITH));
        changelog.forEach((store, n) -> System.out.printf(Locale.ROOT, "STORM changelog %-30s %,10d records%n", store, n));
        System.out.printf(Locale.ROOT, "STORM report lines %,d, emissions %,d (distinct event ids %,d, incomplete with all"
                + " %d lines %,d), changelog records %,d = %.2f per report line%n", lines, emissions, distinct,
                REPORT.size(), whole, changelogTotal, changelogTotal / (double) lines);

        assertEquals(HOSTS, distinct, "every report came out");
        assertEquals(HOSTS, emissions, "each report exactly once");
        assertEquals(HOSTS, whole, "each incomplete (no kill line) with all its lines");
        // Per line: the line and the host's state; per emission: the state and the recent events. Not per tick.
        assertTrue(changelog.get(Names.STITCH_OPEN_STORE) <= lines + 2L * HOSTS, changelog.toString());
        assertTrue(changelogTotal <= 2L * lines + 3L * HOSTS, changelog.toString());
        // The storm's own lines cost a state write each (and its changelog record); what must not suffer is the
        // rest of the input while the storm's reports are held.
        assertTrue(rates.get(WITH) >= rates.get(WITHOUT) / 2, rates.toString());
    }

    // Test helpers.

    /** Report lines of every host, round by round (line 1 of every host, then line 2, ...) as a storm interleaves them. */
    private static List<Line> stormLines() {
        final List<Line> out = new ArrayList<>(HOSTS * REPORT.size());
        for (final String line : REPORT) {
            for (int h = 0; h < HOSTS; h++) {
                final String host = host(h);
                out.add(new Line(host, line.replace(TEMPLATE_HOST, host)));
            }
        }
        return out;
    }

    /** Lines of the kernel that are no part of any report (a NIC link flapping), spread over the same hosts. */
    private static List<Line> ordinaryLines(final int count, final int round) {
        final List<Line> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            final String host = host(i % HOSTS);
            out.add(new Line(host, "Mar  4 10:0" + round + ":00 " + host + " kernel: [ 9000." + (100_000 + i / HOSTS)
                    + "] e1000e 0000:00:19.0 eth0: NIC Link is Up 1000 Mbps Full Duplex, Flow Control: Rx/Tx"));
        }
        return out;
    }

    /** One input record: a syslog line keyed by its host. */
    private record Line(String host, String text) {
    }

    private static String host(final int h) {
        return String.format(Locale.ROOT, "storm-%05d", h);
    }

    /**
     * Produces each application's records in one burst, interleaved; per application, input records per second
     * until it has consumed them all.
     */
    private static Map<AppConfig, Double> timedBursts(final Map<AppConfig, List<Line>> input, final Duration timeout)
            throws Exception {
        final Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        final long start = System.nanoTime();
        System.out.printf(Locale.ROOT, "STORM %tT producing %s%n", System.currentTimeMillis(), sizes(input));
        final Map<AppConfig, CompletableFuture<Double>> rates = new LinkedHashMap<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            final io.oomstream.loadgen.CheckedSends sends = new io.oomstream.loadgen.CheckedSends();
            final int longest = input.values().stream().mapToInt(List::size).max().orElse(0);
            for (int i = 0; i < longest; i++) {
                for (final Map.Entry<AppConfig, List<Line>> e : input.entrySet()) {
                    if (i < e.getValue().size()) {
                        final Line r = e.getValue().get(i);
                        producer.send(new ProducerRecord<>(e.getKey().inputTopic(), r.host(), r.text()), sends);
                    }
                }
            }
            producer.flush();
            sends.throwIfFailed("the test\'s input");
        }
        input.forEach((config, records) -> rates.put(config, CompletableFuture.supplyAsync(() -> {
            try {
                TopicIO.awaitConsumed(KAFKA.bootstrapServers(), config.applicationId(), config.inputTopic(), timeout);
            } catch (final Exception ex) {
                throw new IllegalStateException(ex);
            }
            final double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "STORM %tT %s consumed after %.1f s%n", System.currentTimeMillis(),
                    config.applicationId(), seconds);
            return records.size() / seconds;
        })));
        final Map<AppConfig, Double> out = new HashMap<>();
        for (final Map.Entry<AppConfig, CompletableFuture<Double>> e : rates.entrySet()) {
            out.put(e.getKey(), e.getValue().get());
        }
        return out;
    }

    private static Map<String, Integer> sizes(final Map<AppConfig, List<Line>> input) {
        final Map<String, Integer> out = new TreeMap<>();
        input.forEach((config, records) -> out.put(config.applicationId(), records.size()));
        return out;
    }

    /** Waits until the application has consumed its repartition topics to their end (its later stages are idle). */
    private static void awaitInternalTopicsConsumed(final AppConfig config, final Duration timeout) throws Exception {
        final Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        final List<String> internal;
        try (Admin admin = Admin.create(p)) {
            internal = admin.listTopics().names().get().stream()
                    .filter(t -> t.startsWith(config.applicationId() + "-") && t.endsWith("-repartition")).toList();
        }
        for (final String topic : internal) {
            TopicIO.awaitConsumed(KAFKA.bootstrapServers(), config.applicationId(), topic, timeout);
        }
    }

    private static void awaitRecords(final String topic, final long atLeast, final Duration timeout)
            throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        long seen = 0;
        while (System.nanoTime() < deadline) {
            seen = countRecords(topic);
            if (seen >= atLeast) {
                return;
            }
            TimeUnit.SECONDS.sleep(1);
        }
        throw new AssertionError(topic + ": " + seen + " records after " + timeout + ", expected " + atLeast);
    }

    /** Records on a topic, read_committed (what a restore replays), by reading it to its end. */
    private static long countRecords(final String topic) {
        final Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            final List<TopicPartition> parts = new ArrayList<>();
            for (final PartitionInfo info : c.partitionsFor(topic)) {
                parts.add(new TopicPartition(topic, info.partition()));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            final Map<TopicPartition, Long> end = c.endOffsets(parts);
            long n = 0;
            final long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                assertFalse(System.nanoTime() > deadline, "could not read " + topic + " to its end");
                n += c.poll(Duration.ofMillis(200)).count();
            }
            return n;
        }
    }

    private AppConfig config(final String app) {
        final Map<String, String> s = new HashMap<>(Map.of(
                "bootstrap.servers", KAFKA.bootstrapServers(),
                AppConfig.APPLICATION_ID, app,
                AppConfig.INPUT_TOPIC, app + ".in",
                AppConfig.EVENTS_TOPIC, app + ".events",
                AppConfig.DEADLETTER_TOPIC, app + ".dead",
                AppConfig.STATE_DIR, work.resolve(app).toString(),
                AppConfig.HTTP_PORT, "-1",
                AppConfig.INPUT_KEYED_BY_HOST, "true",
                AppConfig.REPLICATION_FACTOR, "1"));
        s.put(AppConfig.INCIDENTS_TOPIC, app + ".incidents");
        s.put(AppConfig.KILL_COUNTS_TOPIC, app + ".kill-counts");
        s.put(AppConfig.FLEET_TOPIC, app + ".fleet");
        s.put(AppConfig.ENRICHED_TOPIC, app + ".enriched");
        KAFKA.createTopics(TopicPlan.topics(AppConfig.load(null, Map.of(), s), 4, (short) 1));
        return AppConfig.load(null, Map.of(), s);
    }
}
