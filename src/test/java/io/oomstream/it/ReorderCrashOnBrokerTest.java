package io.oomstream.it;

import static io.oomstream.testing.EventDiff.assertSameEvents;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.oomstream.config.AppConfig;
import io.oomstream.loadgen.FleetLogGenerator;
import io.oomstream.loadgen.FleetRecord;
import io.oomstream.loadgen.GeneratorConfig;
import io.oomstream.loadgen.OutputFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reorder stage through an instance's crash, on the real broker: unkeyed input spread over 6 partitions (a host's
 * lines over all of them), two instances, one killed (SIGKILL, no clean close) while it holds lines: the stage's
 * window is 20 s and it has not seen the input long enough to shorten its wait, so every line of the last 20 s of
 * input is held (stores {@code oom-reorder-held}, {@code -seen}, {@code -hosts}, their changelogs written in the
 * transactions that moved the input offsets). The rest of the log arrives after the kill; the survivor takes the
 * dead instance's tasks over, restores the held lines and reads the uncommitted input again, and a third instance
 * with an empty state directory joins later (tasks move again, restored from the changelogs only). The events are
 * those {@code analyze} gives on the ordered file: nothing lost (a report cut by the crash is whole), nothing twice
 * (no fragment under a second id).
 */
@Tag("broker")
@Timeout(600)
class ReorderCrashOnBrokerTest {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    private static final int PARTITIONS = 6;

    @TempDir
    Path work;

    @Test
    void shouldGiveTheEventsOfTheOrderedFileWhenAnInstanceHoldingLinesIsKilled() throws Exception {
        final FleetLogGenerator g = new FleetLogGenerator(GeneratorConfig.defaults().withFormat(OutputFormat.MIXED)
                .withHosts(20).withLines(16_000).withOomRate(0.8).withSeed(1616));
        final List<FleetRecord> fleet = new ArrayList<>();
        g.forEachRemaining(fleet::add);
        final List<String> lines = ReorderOnBrokerTest.rename(fleet, "k-");
        final Map<String, JsonNode> expected = ReorderOnBrokerTest.analyze(lines);
        assertTrue(expected.size() > 20, "a fleet with reports: " + expected.size());

        final Map<String, String> extra = new HashMap<>();
        extra.put(AppConfig.REORDER, "on");
        extra.put(AppConfig.REORDER_WINDOW_MS, "20000");
        extra.put(AppConfig.IDLE_TIMEOUT_MS, "300000");
        extra.put("consumer.session.timeout.ms", "6000");
        final Map<String, String> settings = AppSettings.of(KAFKA, "rcrash", work.resolve("state-a"), extra, PARTITIONS);
        final AppConfig config = AppConfig.load(null, Map.of(), settings);
        assertTrue(config.reorderOn() && !config.inputKeyedByHost());
        final int half = lines.size() / 2;
        try (AppProcess a = AppProcess.start(work, "a", settings);
             AppProcess b = AppProcess.start(work, "b", withState(settings, work.resolve("state-b")))) {
            // Both running before the input comes: a line goes 20 s after its append once the input is read, so an
            // instance still starting when the lines came (once, at load 14: 14 of 15 events out at the kill, the
            // lines read more than 20 s after they were appended) leaves nothing held to survive the kill.
            awaitRunning(a, b);
            final long producing = System.nanoTime();
            produceSpread(config.inputTopic(), lines.subList(0, half));
            TopicIO.awaitConsumed(KAFKA.bootstrapServers(), config.applicationId(), config.inputTopic(),
                    Duration.ofSeconds(180));
            final int outBefore = ReorderOnBrokerTest.lastVersions(KAFKA.bootstrapServers(), config.eventsTopic()).size();
            a.kill();
            final long toKill = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - producing);
            // The input read, its events not all out: the stage held lines (every line of the last 20 s) at the kill.
            final int inFirstHalf = ReorderOnBrokerTest.analyze(lines.subList(0, half)).size();
            assertTrue(outBefore < inFirstHalf - 1, "held at the kill: " + outBefore + " of " + inFirstHalf
                    + " out, " + toKill + " ms from the first line produced to the kill");
            produceSpread(config.inputTopic(), lines.subList(half, lines.size()));
            TimeUnit.SECONDS.sleep(10);
            try (AppProcess c = AppProcess.start(work, "c", withState(settings, work.resolve("state-c")))) {
                Map<String, JsonNode> actual = Map.of();
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
                while (System.nanoTime() < deadline) {
                    actual = ReorderOnBrokerTest.lastVersions(KAFKA.bootstrapServers(), config.eventsTopic());
                    if (actual.equals(expected)) {
                        break;
                    }
                    TimeUnit.SECONDS.sleep(2);
                }
                System.out.printf("ReorderCrashOnBrokerTest: %d of %d events out at the kill, %d events equal: %b%n",
                        outBefore, inFirstHalf, expected.size(), actual.equals(expected));
                try {
                    assertSameEvents(expected, actual);
                } catch (final AssertionError e) {
                    throw new AssertionError(e.getMessage() + "\n--- a (killed):\n" + a.log() + "\n--- b:\n" + b.log()
                            + "\n--- c:\n" + c.log(), e);
                }
            }
        }
    }

    /**
     * Without a key, partition by partition in turn, every send checked, one request in flight (the broker stamps the
     * records with its append time, in the order sent).
     */
    private static void produceSpread(final String topic, final List<String> lines) {
        final Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        final AtomicReference<Exception> failed = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < lines.size(); i++) {
                producer.send(new ProducerRecord<>(topic, i % PARTITIONS, null,
                        lines.get(i).getBytes(StandardCharsets.UTF_8)), (m, e) -> {
                            if (e != null) {
                                failed.compareAndSet(null, e);
                            }
                        });
            }
            producer.flush();
        }
        if (failed.get() != null) {
            throw new AssertionError("input not produced whole: not the file analyze read", failed.get());
        }
    }

    /** Until every instance has logged Kafka Streams' move to RUNNING (its tasks assigned), at most 120 s. */
    private static void awaitRunning(final AppProcess... instances) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        for (final AppProcess p : instances) {
            while (!p.log().contains("-> RUNNING")) {
                assertTrue(System.nanoTime() < deadline, "instance not running in 120 s:\n" + p.log());
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }
    }

    private static Map<String, String> withState(final Map<String, String> settings, final Path stateDir) {
        final Map<String, String> s = new HashMap<>(settings);
        s.put(AppConfig.STATE_DIR, stateDir.toString());
        return s;
    }
}
