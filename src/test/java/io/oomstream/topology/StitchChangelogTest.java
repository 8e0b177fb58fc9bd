package io.oomstream.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.config.AppConfig;
import io.oomstream.metrics.Metrics;
import io.oomstream.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stitch stores' changelogs under the production topology (KafkaStitchStore over RocksDB), read as
 * TopologyTestDriver captures them: timer ticks over open reports write nothing until a report times out.
 */
class StitchChangelogTest {

    private static final Instant T0 = Instant.parse("2026-03-04T10:00:00Z");
    private static final int HOSTS = 500;
    private static final List<String> REPORT = List.of(
            Fixtures.read("storm/5.15-report-without-kill-line.log").split("\n"));

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;
    private TestOutputTopic<byte[], byte[]> openChangelog;
    private TestOutputTopic<byte[], byte[]> linesChangelog;
    private TestOutputTopic<byte[], byte[]> events;

    @BeforeEach
    void start() {
        final AppConfig config = AppConfig.load(null, Map.of(), Map.of(AppConfig.STATE_DIR, stateDir.toString(),
                AppConfig.INPUT_KEYED_BY_HOST, "true", "bootstrap.servers", "dummy:1234"));
        driver = new TopologyTestDriver(OomTopology.build(config, new Metrics()), config.streamsProperties(), T0);
        input = driver.createInputTopic(config.inputTopic(), new ByteArraySerializer(), new ByteArraySerializer(), T0,
                Duration.ZERO);
        openChangelog = changelog(config, Names.STITCH_OPEN_STORE);
        linesChangelog = changelog(config, Names.STITCH_LINES_STORE);
        events = driver.createOutputTopic(config.eventsTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void shouldWriteNoStateOnTicksUntilTheOpenReportsTimeOut() {
        for (int h = 0; h < HOSTS; h++) {
            final String host = String.format("tick-%05d", h);
            for (final String line : REPORT.subList(0, 3)) {
                input.pipeInput(host.getBytes(StandardCharsets.UTF_8),
                        line.replace("storm-00000", host).getBytes(StandardCharsets.UTF_8));
            }
        }
        assertEquals(HOSTS * 3, linesChangelog.readRecordsToList().size());
        assertEquals(HOSTS * 3, openChangelog.readRecordsToList().size(), "one state write per line");

        for (int tick = 0; tick < 116; tick++) { // 29 s of 250 ms ticks with no input
            driver.advanceWallClockTime(Duration.ofMillis(250));
        }
        assertTrue(openChangelog.isEmpty(), "ticks over 500 open reports wrote " + openChangelog.getQueueSize());
        assertTrue(events.isEmpty());

        int emitted = 0;
        int stateWrites = 0;
        for (int tick = 0; tick < 240 && emitted < HOSTS; tick++) {
            // A tick fires timers for a bounded time: 500 reports timing out together may take a few ticks.
            driver.advanceWallClockTime(Duration.ofMillis(250));
            emitted += events.readRecordsToList().size();
            stateWrites += openChangelog.readRecordsToList().size();
        }
        assertEquals(HOSTS, emitted, "each report at its idle timeout");
        assertEquals(HOSTS, stateWrites, "one state write per report timed out");
        assertTrue(linesChangelog.isEmpty(), "lingering reports keep their lines");
    }

    private TestOutputTopic<byte[], byte[]> changelog(final AppConfig config, final String store) {
        return driver.createOutputTopic(config.applicationId() + "-" + store + "-changelog", new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }
}
