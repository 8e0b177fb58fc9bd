package io.oomstream.topology;

import static io.oomstream.testing.EventDiff.assertSameEvents;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.oomstream.config.AppConfig;
import io.oomstream.event.Json;
import io.oomstream.event.OomEvent;
import io.oomstream.metrics.Metrics;
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

/**
 * The reorder stage's progress marks on an input that goes quiet: they stop once they have freed everything the
 * stage held (a quiet host's last report comes out whole, in its wait, not after the 30 s longest hold), so the
 * by-host repartition topic stops growing and its consumer group can reach its end; when the input grows again,
 * they come back and the next report is put in order as the first was. Before, a decode task sent a mark every
 * 100 ms forever: on the broker, the group's committed offset on the by-host repartition stayed one mark and one
 * transaction marker short of an end that never stopped moving (SinkToPostgresTest's replay test).
 */
class QuietInputMarksTest {

    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    private static final String FIRST = "kernel-logs/e6-6.x/6.12-tainted-ollama-rss-split.log";
    private static final String SECOND = "kernel-logs/e1-2.6.9/rhel4-2.6.9-mysqld-global.log";
    private static final Duration STEP = Duration.ofMillis(100);

    @TempDir
    Path stateDir;

    /**
     * As the broker answers: the input partition's end is the count of records piped so far, and the task has read
     * them all (TopologyTestDriver processes each piped record before it returns); each ask is an answer.
     */
    private static final class PipedEnds implements InputEnds {
        private final InputGrowth growth;
        long piped;

        PipedEnds(final Duration window) {
            growth = new InputGrowth(window.toMillis());
        }

        @Override
        public long caughtUpAt(final int partition, final long position, final long wallNow) {
            growth.answered(Map.of(0, piped), wallNow);
            return wallNow;
        }

        @Override
        public boolean markMayFree(final long progress) {
            return growth.markMayFree(progress);
        }

        @Override
        public int partitions() {
            return 1;
        }

        @Override
        public void open() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void shouldStopTheMarksOnceAQuietInputsLinesAreOutAndSendThemAgainWhenItGrows() {
        final AppConfig config = AppConfig.load(null, Map.of(), Map.of(AppConfig.STATE_DIR, stateDir.toString(),
                "bootstrap.servers", "dummy:1234", AppConfig.REORDER, "auto"));
        assertTrue(config.reorderOn());
        final PipedEnds ends = new PipedEnds(config.reorderWindow());
        final Metrics metrics = new Metrics();
        // The longest the stage waits on its clock for anything (a quiet host is forgotten after two windows),
        // the margin, and an answer and a mark interval.
        final long quiet = 2 * config.reorderWindow().toMillis() + InputGrowth.MARGIN_MILLIS + 300;
        try (TopologyTestDriver driver = new TopologyTestDriver(OomTopology.build(config, metrics, ends),
                config.streamsProperties(), T0)) {
            final TestInputTopic<byte[], byte[]> input = driver.createInputTopic(config.inputTopic(),
                    new ByteArraySerializer(), new ByteArraySerializer());
            final TestOutputTopic<String, byte[]> events = driver.createOutputTopic(config.eventsTopic(),
                    new StringDeserializer(), new ByteArrayDeserializer());
            final TestOutputTopic<byte[], byte[]> byHost = driver.createOutputTopic(
                    config.applicationId() + "-" + Names.BY_HOST_REPARTITION + "-repartition",
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            final Map<String, JsonNode> expected = new TreeMap<>();
            final Map<String, JsonNode> actual = new TreeMap<>();
            long wall = T0.toEpochMilli();
            for (final String log : List.of(FIRST, SECOND)) {
                final String text = Fixtures.read(log);
                for (final OomEvent e : Fixtures.analyze(text)) {
                    expected.put(e.eventId(), tree(Json.write(e).getBytes(StandardCharsets.UTF_8)));
                }
                final List<String> lines = new ArrayList<>(List.of(text.split("\n")));
                Collections.shuffle(lines, new Random(15));
                byHost.readRecordsToList();
                for (final String line : lines) {
                    input.pipeInput(null, line.getBytes(StandardCharsets.UTF_8), Instant.ofEpochMilli(wall));
                    ends.piped++;
                }
                long lastWritten = wall;
                int written = 0;
                final long start = wall;
                for (int tick = 0; tick < 400; tick++) { // 40 s: the window, the reaper grace, the idle timeout
                    driver.advanceWallClockTime(STEP);
                    wall += STEP.toMillis();
                    final int now = byHost.readRecordsToList().size();
                    if (now > 0) {
                        written += now;
                        lastWritten = wall;
                    }
                }
                assertTrue(written > 10, log + ": marks while the input's lines may still be held (" + written + ")");
                assertTrue(lastWritten - start <= quiet, log + ": the last record on the by-host repartition "
                        + (lastWritten - start) + " ms after the input's last growth, more than " + quiet);
                assertEquals(0.0, value(metrics, ReorderProcessor.REORDER_HELD), log + ": nothing held");
            }
            events.readRecordsToList().forEach(r -> actual.put(r.key(), tree(r.value())));
            assertSameEvents(expected, actual);
            assertEquals(0.0, value(metrics, ReorderProcessor.REORDER_LINES, "outcome", "held_too_long"),
                    "every line went in its wait, none after the longest hold");
            assertEquals(0.0, value(metrics, ReorderProcessor.REORDER_LINES, "outcome", "late"), "none late");
        }
    }

    private static double value(final Metrics metrics, final String name, final String... label) {
        return metrics.snapshot().stream().filter(m -> m.name().equals(name))
                .filter(m -> label.length == 0 || label[1].equals(m.labels().get(label[0])))
                .mapToDouble(Metrics.Sample::value).sum();
    }

    private static JsonNode tree(final byte[] json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
