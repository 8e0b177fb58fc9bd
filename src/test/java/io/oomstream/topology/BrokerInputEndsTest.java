package io.oomstream.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.config.AppConfig;
import io.oomstream.event.OomEvent;
import io.oomstream.metrics.Metrics;
import io.oomstream.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reorder stage's input clock without a broker to ask: a task starts (the admin client comes at the first ask),
 * the failure shows as a counter and a warning, not as a task that cannot start nor as a stage silently off, and the
 * stage still passes its lines on after 30 s held. The address {@code broker.invalid} never resolves (RFC 2606).
 */
class BrokerInputEndsTest {

    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    private static final String NOWHERE = "broker.invalid:9092";

    @TempDir
    Path stateDir;

    @Test
    void shouldStartWithoutABrokerAndCountEachFailedCreationOncePerRetry() {
        final Metrics metrics = new Metrics();
        final BrokerInputEnds ends = new BrokerInputEnds(Map.of("bootstrap.servers", NOWHERE), "in", "app",
                IsolationLevel.READ_COMMITTED, Duration.ofSeconds(3), metrics);
        ends.open(); // no client yet: a task starts whatever the broker's state
        try {
            final long now = System.currentTimeMillis();
            assertEquals(Long.MIN_VALUE, ends.caughtUpAt(0, 10, now), "not known to be caught up");
            assertFalse(ends.unread(0));
            assertEquals(0, ends.partitions());
            assertEquals(1, value(metrics, BrokerInputEnds.FAILURES), "the failed creation is counted");
            assertEquals(-1, value(metrics, BrokerInputEnds.ANSWER_AGE), "no answer yet");
            sleep(BrokerInputEnds.REFRESH.plusMillis(50));
            assertEquals(Long.MIN_VALUE, ends.caughtUpAt(0, 10, now));
            assertEquals(1, value(metrics, BrokerInputEnds.FAILURES), "not created again within the retry time");
        } finally {
            ends.close();
        }
    }

    @Test
    void shouldRunTheStageOnUnkeyedInputWithoutABrokerAndShowIt() {
        final AppConfig config = AppConfig.load(null, Map.of(), Map.of(AppConfig.STATE_DIR, stateDir.toString(),
                "bootstrap.servers", NOWHERE, AppConfig.REORDER, "auto"));
        assertTrue(config.reorderOn(), "auto: unkeyed input goes through the reorder stage");
        final Metrics metrics = new Metrics();
        final List<String> lines = List.of(Fixtures.read("kernel-logs/e6-6.x/6.12-tainted-ollama-rss-split.log")
                .split("\n"));
        try (TopologyTestDriver driver = new TopologyTestDriver(OomTopology.build(config, metrics),
                config.streamsProperties(), T0)) {
            final TestInputTopic<byte[], byte[]> input = driver.createInputTopic(config.inputTopic(),
                    new ByteArraySerializer(), new ByteArraySerializer(), T0, Duration.ofMillis(1));
            final TestOutputTopic<String, byte[]> events = driver.createOutputTopic(config.eventsTopic(),
                    new StringDeserializer(), new ByteArrayDeserializer());
            lines.forEach(line -> input.pipeInput(null, line.getBytes(StandardCharsets.UTF_8)));
            driver.advanceWallClockTime(Duration.ofMillis(250));
            assertTrue(value(metrics, BrokerInputEnds.FAILURES) >= 1, "the broker not asked is counted");
            assertTrue(events.isEmpty(), "held: the input's end is not known, so no partition is caught up");
            for (int tick = 0; tick < 400; tick++) { // 100 s: the 30 s longest hold, the reaper grace, idle timeout
                driver.advanceWallClockTime(Duration.ofMillis(250));
            }
            final List<OomEvent> out = Fixtures.analyze(String.join("\n", lines));
            assertEquals(out.size(), events.readKeyValuesToMap().size(), "the report's event, after 30 s held");
        }
    }

    private static double value(final Metrics metrics, final String name) {
        return metrics.snapshot().stream().filter(m -> m.name().equals(name)).mapToDouble(Metrics.Sample::value).sum();
    }

    private static void sleep(final Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
