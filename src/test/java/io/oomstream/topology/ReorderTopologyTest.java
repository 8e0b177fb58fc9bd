package io.oomstream.topology;

import static io.oomstream.testing.EventDiff.assertSameEvents;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.oomstream.config.AppConfig;
import io.oomstream.event.Json;
import io.oomstream.event.OomEvent;
import io.oomstream.metrics.Metrics;
import io.oomstream.reorder.ArrivalDisorder;
import io.oomstream.reorder.ReorderConfig;
import io.oomstream.testing.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reorder stage in the production topology: a report's lines sent without a key, in shuffled order, come out
 * as the event {@code analyze} makes of the ordered file, once the window has passed on the wall clock (the host
 * goes quiet after its report). Keyed input skips the stage (its window would only add latency).
 */
class ReorderTopologyTest {

    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    @TempDir
    Path stateDir;

    @ParameterizedTest
    @ValueSource(strings = {
        "kernel-logs/e6-6.x/6.12-tainted-ollama-rss-split.log",            // kernel stamps
        "kernel-logs/e1-2.6.9/rhel4-2.6.9-mysqld-global.log",               // seconds only, no stamps
        "kernel-logs/e6-6.x/6.12-python3-rss-split.journalctl.log"          // seconds only, no stamps
    })
    void shouldStitchAShuffledUnkeyedReportIntoTheEventsOfTheOrderedFile(final String log) {
        final String text = Fixtures.read(log);
        final List<String> lines = new ArrayList<>(List.of(text.split("\n")));
        Collections.shuffle(lines, new Random(15));
        final Map<String, JsonNode> expected = new TreeMap<>();
        for (final OomEvent e : Fixtures.analyze(text)) {
            expected.put(e.eventId(), tree(Json.write(e).getBytes(StandardCharsets.UTF_8)));
        }
        final AppConfig config = config(Map.of(AppConfig.REORDER, "auto"));
        assertTrue(config.reorderOn(), "unkeyed input: auto turns the stage on");
        try (TopologyTestDriver driver = new TopologyTestDriver(build(config), config.streamsProperties(), T0)) {
            final TestInputTopic<byte[], byte[]> input = driver.createInputTopic(config.inputTopic(),
                    new ByteArraySerializer(), new ByteArraySerializer(), T0, Duration.ofMillis(1));
            final TestOutputTopic<String, byte[]> events = driver.createOutputTopic(config.eventsTopic(),
                    new StringDeserializer(), new ByteArrayDeserializer());
            final TestOutputTopic<byte[], byte[]> held = driver.createOutputTopic(
                    config.applicationId() + "-" + Names.REORDER_HELD_STORE + "-changelog",
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            for (final String line : lines) {
                input.pipeInput(null, line.getBytes(StandardCharsets.UTF_8));
            }
            assertTrue(events.isEmpty(), "nothing leaves before the window has passed");
            assertFalse(held.isEmpty(), "held lines are changelogged (they survive a restart)");
            for (int tick = 0; tick < 400; tick++) { // 100 s of 250 ms: the window, the reaper grace, the idle timeout
                driver.advanceWallClockTime(Duration.ofMillis(250));
            }
            final Map<String, JsonNode> actual = new TreeMap<>();
            events.readRecordsToList().forEach(r -> actual.put(r.key(), tree(r.value())));
            assertSameEvents(expected, actual);
        }
    }

    /**
     * The latency the stage adds, in simulated wall-clock time (TopologyTestDriver: deterministic, no real time): a
     * report piped at once, then 50 ms steps until its event is out. Unkeyed (stage on) against keyed (off). Right
     * after a start the input has shown nothing of its disorder: the whole window (3 s), plus up to a mark interval.
     */
    @Test
    void shouldAddTheWindowToTheLatencyOfUnkeyedInputRightAfterAStart() {
        final long off = latencyMillis(LATENCY_LOG, Map.of(AppConfig.INPUT_KEYED_BY_HOST, "true",
                AppConfig.REORDER, "auto"), 0);
        final long on = latencyMillis(LATENCY_LOG, Map.of(AppConfig.REORDER, "auto"), 0);
        System.out.printf("reorder latency at start: keyed (stage off) %d ms, unkeyed (stage on) %d ms%n", off, on);
        // 50 ms steps: the first step already shows keyed input's event.
        assertTrue(on >= 3_000 && on <= off + 3_000 + 300, "on " + on + " ms, off " + off + " ms");
    }

    /**
     * Once the input has shown its disorder (15 reports of other hosts, in order, a second apart: over the warm-up's
     * 1,000 lines and two windows), an ordered input's line waits only the margin, not the window.
     */
    @Test
    void shouldAddOnlyTheMarginToTheLatencyOfOrderedUnkeyedInputOnceWarm() {
        final long off = latencyMillis(LATENCY_LOG, Map.of(AppConfig.INPUT_KEYED_BY_HOST, "true",
                AppConfig.REORDER, "auto"), 15);
        final long on = latencyMillis(LATENCY_LOG, Map.of(AppConfig.REORDER, "auto"), 15);
        System.out.printf("reorder latency once warm: keyed (stage off) %d ms, unkeyed (stage on) %d ms%n", off, on);
        assertTrue(on >= ArrivalDisorder.MARGIN_MILLIS && on <= off + ArrivalDisorder.MARGIN_MILLIS + 300,
                "on " + on + " ms, off " + off + " ms");
    }

    /**
     * Keyed input with the stage asked for: a line read from the task's own partition moves the stage's clock, so a
     * report goes on once a later line shows the window passed, with no wall-clock punctuation at all (the marks come
     * from one, which a stream thread busy with a backlog runs late: in the bench, lines then left seconds late, in
     * bursts).
     */
    @Test
    void shouldPassAKeyedReportOnWhenALaterLineOfItsPartitionShowsTheWindowPassedWithoutAnyPunctuation() {
        final AppConfig config = config(Map.of(AppConfig.INPUT_KEYED_BY_HOST, "true", AppConfig.REORDER, "on"));
        final String[] lines = Fixtures.read(LATENCY_LOG).split("\n");
        try (TopologyTestDriver driver = new TopologyTestDriver(build(config), config.streamsProperties(), T0)) {
            final TestInputTopic<byte[], byte[]> input = driver.createInputTopic(config.inputTopic(),
                    new ByteArraySerializer(), new ByteArraySerializer(), T0, Duration.ZERO);
            final TestOutputTopic<String, byte[]> events = driver.createOutputTopic(config.eventsTopic(),
                    new StringDeserializer(), new ByteArrayDeserializer());
            for (final String line : lines) {
                input.pipeInput("gpu-box-1".getBytes(StandardCharsets.UTF_8), line.getBytes(StandardCharsets.UTF_8),
                        T0);
            }
            assertTrue(events.isEmpty(), "held: the window has not passed");
            final String later = lines[0].replace("gpu-box-1", "other-1");
            input.pipeInput("other-1".getBytes(StandardCharsets.UTF_8), later.getBytes(StandardCharsets.UTF_8),
                    T0.plus(ReorderConfig.DEFAULT_WINDOW).plusMillis(100));
            assertTrue(events.readRecordsToList().stream()
                    .anyMatch(e -> "gpu-box-1".equals(tree(e.value()).path("host").asText())),
                    "the report went on, and its event out, with the later line");
        }
    }

    private static final String LATENCY_LOG = "kernel-logs/e6-6.x/6.12-tainted-ollama-rss-split.log";

    /**
     * Pipes {@code warmUpReports} copies of the report (each of its own host, a second apart), lets them out, then
     * the report itself, and counts the simulated milliseconds until its host's event is out.
     */
    private long latencyMillis(final String log, final Map<String, String> extra, final int warmUpReports) {
        final AppConfig config = config(extra);
        final String[] lines = Fixtures.read(log).split("\n");
        try (TopologyTestDriver driver = new TopologyTestDriver(build(config), config.streamsProperties(), T0)) {
            final TestInputTopic<byte[], byte[]> input = driver.createInputTopic(config.inputTopic(),
                    new ByteArraySerializer(), new ByteArraySerializer(), T0, Duration.ZERO);
            final TestOutputTopic<String, byte[]> events = driver.createOutputTopic(config.eventsTopic(),
                    new StringDeserializer(), new ByteArrayDeserializer());
            Instant wall = T0;
            for (int r = 0; r < warmUpReports; r++) {
                final String host = "warm-" + r;
                for (final String line : lines) {
                    input.pipeInput(host.getBytes(StandardCharsets.UTF_8),
                            line.replace("gpu-box-1", host).getBytes(StandardCharsets.UTF_8), wall);
                }
                for (int step = 0; step < 20; step++) {
                    driver.advanceWallClockTime(Duration.ofMillis(50));
                    wall = wall.plusMillis(50);
                }
            }
            for (int step = 0; step < 100; step++) { // the warm-up reports' events out of the way
                driver.advanceWallClockTime(Duration.ofMillis(50));
                wall = wall.plusMillis(50);
            }
            events.readRecordsToList();
            for (final String line : lines) {
                input.pipeInput("gpu-box-1".getBytes(StandardCharsets.UTF_8), line.getBytes(StandardCharsets.UTF_8),
                        wall);
            }
            long waited = 0;
            boolean out = false;
            while (!out && waited < 60_000) {
                driver.advanceWallClockTime(Duration.ofMillis(50));
                waited += 50;
                out = events.readRecordsToList().stream()
                        .anyMatch(e -> "gpu-box-1".equals(tree(e.value()).path("host").asText()));
            }
            assertTrue(out, "an event within a minute");
            return waited;
        }
    }

    /** The production topology, with input ends as TopologyTestDriver gives them: every piped record read at once. */
    private static org.apache.kafka.streams.Topology build(final AppConfig config) {
        return OomTopology.build(config, new Metrics(), InputEnds.SYNCHRONOUS);
    }

    @Test
    void shouldLeaveTheStageOutForInputKeyedByHostUnlessAskedForAndPutItInForUnkeyedInput() {
        final String keyed = OomTopology.build(config(Map.of(AppConfig.INPUT_KEYED_BY_HOST, "true",
                AppConfig.REORDER, "auto")), new Metrics()).describe().toString();
        assertFalse(keyed.contains(Names.REORDER_HELD_STORE), keyed);
        final String asked = OomTopology.build(config(Map.of(AppConfig.INPUT_KEYED_BY_HOST, "true",
                AppConfig.REORDER, "on")), new Metrics()).describe().toString();
        assertTrue(asked.contains(Names.REORDER_HELD_STORE), asked);
        final String unkeyed = OomTopology.build(config(Map.of(AppConfig.REORDER, "auto")), new Metrics()).describe()
                .toString();
        assertTrue(unkeyed.contains(Names.REORDER_HELD_STORE), "auto: on for unkeyed input: " + unkeyed);
        final String byDefault = OomTopology.build(config(Map.of()), new Metrics()).describe().toString();
        assertTrue(byDefault.contains(Names.REORDER_HELD_STORE), "on by default for unkeyed input: " + byDefault);
        final String keyedByDefault = OomTopology.build(config(Map.of(AppConfig.INPUT_KEYED_BY_HOST, "true")),
                new Metrics()).describe().toString();
        assertFalse(keyedByDefault.contains(Names.REORDER_HELD_STORE), "off by default for keyed input: " + keyedByDefault);
        final String off = OomTopology.build(config(Map.of(AppConfig.REORDER, "off")), new Metrics()).describe()
                .toString();
        assertFalse(off.contains(Names.REORDER_HELD_STORE), "off when asked: " + off);
    }

    private AppConfig config(final Map<String, String> extra) {
        final Map<String, String> s = new java.util.HashMap<>(Map.of(AppConfig.STATE_DIR, stateDir.toString(),
                "bootstrap.servers", "dummy:1234"));
        s.putAll(extra);
        return AppConfig.load(null, Map.of(), s);
    }

    private static JsonNode tree(final byte[] json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
