package io.oomstream.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.config.AppConfig;
import io.oomstream.event.Json;
import io.oomstream.event.OomEvent;
import io.oomstream.metrics.Metrics;
import io.oomstream.testing.EventSchema;
import io.oomstream.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The production topology on TopologyTestDriver with controlled time: fast checks of its wiring. */
class OomTopologyTest {

    private static final Instant T0 = Instant.parse("2026-10-21T18:51:00Z");

    @TempDir
    Path stateDir;

    private AppConfig config;
    private Metrics metrics;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;
    private TestOutputTopic<String, String> events;
    private TestOutputTopic<String, byte[]> deadLetters;

    @BeforeEach
    void start() {
        config = AppConfig.load(null, Map.of(), Map.of(AppConfig.STATE_DIR, stateDir.toString(),
                "bootstrap.servers", "dummy:1234", AppConfig.REORDER, "auto"));
        metrics = new Metrics();
        // Unkeyed input (the default) through the by-host repartition and the reorder stage (auto), its clock the driver's.
        final Topology topology = OomTopology.build(config, metrics, InputEnds.SYNCHRONOUS);
        driver = new TopologyTestDriver(topology, config.streamsProperties(), T0);
        input = driver.createInputTopic(config.inputTopic(), new ByteArraySerializer(), new ByteArraySerializer(), T0,
                Duration.ofMillis(1));
        events = driver.createOutputTopic(config.eventsTopic(), new StringDeserializer(), new StringDeserializer());
        deadLetters = driver.createOutputTopic(config.deadletterTopic(), new StringDeserializer(),
                Serdes.ByteArray().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    /**
     * The wall clock on: its first 6 s in 250 ms steps, as it goes (the reorder stage's marks and ticks fire once per
     * step, and its lines wait its 3 s window), the rest at once (the stitcher's timeouts need no steps).
     */
    private void advance(final Duration d) {
        long left = d.toMillis();
        for (; left > 0 && d.toMillis() - left < 6_000; left -= 250) {
            driver.advanceWallClockTime(Duration.ofMillis(Math.min(250, left)));
        }
        if (left > 0) {
            driver.advanceWallClockTime(Duration.ofMillis(left));
        }
    }

    @Test
    void shouldNameEveryNodeAndStore() {
        final String description = OomTopology.build(config, new Metrics()).describe().toString();

        for (final String name : List.of(Names.SYSLOG_SOURCE, Names.DECODE, Names.STITCH, Names.EVENTS_SINK,
                Names.DEADLETTER_SINK, Names.STITCH_OPEN_STORE, Names.STITCH_LINES_STORE, Names.STITCH_RECENT_STORE,
                Names.BY_HOST_REPARTITION)) {
            assertTrue(description.contains(name), name + " missing from\n" + description);
        }
        assertFalse(description.contains("KSTREAM-"), "generated names shift when the topology changes:\n" + description);
    }

    @Test
    void shouldStitchSeedLinesFromUnkeyedRecordsIntoEvents() {
        for (final String line : Fixtures.read("seeds/000-centos6-httpd-workers-www8321uj.txt").split("\n")) {
            input.pipeInput(null, line.getBytes(StandardCharsets.UTF_8));
        }
        advance(Duration.ofSeconds(10));

        final List<OomEvent> out = readEvents();
        assertEquals(List.of(22268, 9559, 13011), out.stream().map(e -> e.victim().pid()).distinct().toList());
        assertEquals(3, out.stream().map(OomEvent::eventId).distinct().count(), "one id per kill");
        final OomEvent last = out.get(out.size() - 1);
        assertEquals(68, last.lineCount());
        assertTrue(emitted("true") >= 3, "each kill the write-up shows is an event whose kill is shown");
        assertTrue(deadLetters.readValuesToList().size() > 20, "the write-up's prose goes to the dead-letter topic");
    }

    @Test
    void shouldCountAReportCutBeforeItsKillLineAsAnEventWhoseKillIsNotShown() {
        final String[] lines = Fixtures.read("kernel-logs/e6-6.x/6.12-tainted-ollama-rss-split.log").split("\n");
        for (final String line : lines) {
            if (line.contains("Killed process")) {
                break;
            }
            input.pipeInput(null, line.getBytes(StandardCharsets.UTF_8));
        }
        // Ten minutes later the host logs on, without the kill: the cut report goes out at its idle timeout.
        input.pipeInput(null, "Sep 20 22:23:08 gpu-box-1 sshd[812]: Accepted publickey for ops".getBytes(
                StandardCharsets.UTF_8), T0.plus(Duration.ofMinutes(10)));
        advance(Duration.ofMinutes(5));

        final List<OomEvent> out = readEvents();
        assertTrue(!out.isEmpty() && out.stream().allMatch(e -> e.victim() == null || e.victim().pid() == null), "" + out);
        assertEquals(0, emitted("true"), "no kill shown, none counted");
        assertTrue(emitted("false") >= 1, "the cut report is an event with kill_shown=false");
    }

    /** oomstream_events_emitted_total over every kind, for one value of its kill_shown label. */
    private double emitted(final String killShown) {
        return metrics.snapshot().stream().filter(m -> m.name().equals(Metrics.EVENTS_EMITTED))
                .filter(m -> killShown.equals(m.labels().get("kill_shown"))).mapToDouble(Metrics.Sample::value).sum();
    }

    @Test
    void shouldDropTheGaugeOfATaskWhenItLeavesThisInstance() {
        final Metrics own = new Metrics();
        final AppConfig elsewhere = AppConfig.load(null, Map.of(), Map.of(
                AppConfig.STATE_DIR, stateDir.resolve("other").toString(), "bootstrap.servers", "dummy:1234"));
        final TopologyTestDriver other = new TopologyTestDriver(OomTopology.build(elsewhere, own),
                elsewhere.streamsProperties(), T0);
        assertTrue(own.snapshot().stream().anyMatch(m -> m.name().equals(Metrics.REPORTS_OPEN)),
                "the stitch task exports its open reports");

        other.close();

        assertFalse(own.snapshot().stream().anyMatch(m -> m.name().equals(Metrics.REPORTS_OPEN)),
                "a closed task's gauge is gone, not frozen at its last value: " + own.snapshot());
    }

    @Test
    void shouldAccountForEveryRecordAndDeadLetterAKillLineTooLongToTravelWhole() {
        final String giant = "Mar  4 10:00:01 bigname kernel: [5000.000001] Out of memory: Killed process 77 ("
                + "j".repeat(1_000_000) + ") total-vm:4000000kB, anon-rss:3600000kB, file-rss:0kB, shmem-rss:0kB";
        final List<byte[]> records = new java.util.ArrayList<>();
        for (final String line : Fixtures.read("seeds/000-centos6-httpd-workers-www8321uj.txt").split("\n")) {
            records.add(line.getBytes(StandardCharsets.UTF_8));
        }
        records.add(giant.getBytes(StandardCharsets.UTF_8));
        records.add(new byte[] {0, (byte) 0xff, 0x13, 0x37});
        records.add("{\"hostname\":".getBytes(StandardCharsets.UTF_8));
        records.add(new byte[0]);
        records.add(null);
        records.forEach(r -> input.pipeInput(null, r));
        advance(Duration.ofSeconds(40));

        long total = 0;
        for (final Metrics.Sample m : metrics.snapshot()) {
            if (m.name().equals(Metrics.RECORDS_TOTAL)) {
                total += (long) m.value();
            }
        }
        assertEquals(records.size(), total, "report + ordinary + dead_letter = records read: " + metrics.snapshot());
        assertEquals(1, RecordOutcome.counter(metrics, RecordOutcome.DEAD_LETTER, RecordOutcome.LINE_TOO_LONG).value());
        assertEquals(1, RecordOutcome.counter(metrics, RecordOutcome.DEAD_LETTER, "null_value").value());
        assertEquals(1, RecordOutcome.counter(metrics, RecordOutcome.DEAD_LETTER, "invalid_json").value());
        final long deadLettered = metrics.snapshot().stream().filter(m -> m.name().equals(Metrics.RECORDS_TOTAL)
                && "dead_letter".equals(m.labels().get("outcome"))).mapToLong(m -> (long) m.value()).sum();
        assertEquals(deadLettered, deadLetters.readRecordsToList().size());
        assertTrue(readEvents().stream().noneMatch(e -> "bigname".equals(e.host())), "no event invented from a cut line");
    }

    @Test
    void shouldCountPerLayoutTheLinesThatComeWithoutHostOrTime() {
        input.pipeInput(null, ("Mar  4 10:00:01 web1 kernel: [5000.000001] Out of memory: Killed process 77 (java) "
                + "total-vm:4kB, anon-rss:3kB, file-rss:0kB, shmem-rss:0kB").getBytes(StandardCharsets.UTF_8));
        input.pipeInput(null, ("[ 5000.000002] oom_reaper: reaped process 77 (java), now anon-rss:0kB, file-rss:0kB, "
                + "shmem-rss:0kB").getBytes(StandardCharsets.UTF_8));

        assertEquals(1, sourceSeries(io.oomstream.metrics.SourceFieldCounters.LINES, "rfc3164"));
        assertEquals(0, sourceSeries(io.oomstream.metrics.SourceFieldCounters.WITHOUT_HOST, "rfc3164"));
        assertEquals(1, sourceSeries(io.oomstream.metrics.SourceFieldCounters.WITHOUT_HOST, "dmesg"));
        assertEquals(1, sourceSeries(io.oomstream.metrics.SourceFieldCounters.WITHOUT_TIME, "dmesg"));
    }

    private long sourceSeries(final String name, final String source) {
        return (long) metrics.snapshot().stream()
                .filter(s -> s.name().equals(name) && source.equals(s.labels().get("source")))
                .mapToDouble(Metrics.Sample::value).sum();
    }

    @Test
    void shouldSendGarbageToTheDeadLetterTopicWithReasonAndOrigin() {
        input.pipeInput("h1".getBytes(StandardCharsets.UTF_8), new byte[] {0, (byte) 0xff, 0x13, 0x37});
        input.pipeInput(null, "{\"hostname\":".getBytes(StandardCharsets.UTF_8));

        final List<TestRecord<String, byte[]>> dl = deadLetters.readRecordsToList();
        assertEquals(2, dl.size());
        assertEquals("h1", dl.get(0).key());
        assertEquals(4, dl.get(0).value().length);
        assertEquals(config.inputTopic(), header(dl.get(0), DecodeProcessor.HEADER_TOPIC));
        assertEquals("0", header(dl.get(0), DecodeProcessor.HEADER_OFFSET));
        assertEquals("1", header(dl.get(1), DecodeProcessor.HEADER_OFFSET));
        assertTrue(header(dl.get(1), DecodeProcessor.HEADER_REASON).startsWith("invalid JSON"),
                header(dl.get(1), DecodeProcessor.HEADER_REASON));
        assertTrue(events.isEmpty());
        assertEquals(2, metrics.counter(io.oomstream.metrics.Metrics.RECORDS_UNDECODABLE, "x").value());
    }

    @Test
    void shouldEmitAFutureDatedEventStampedWithProcessingTime() {
        final String kill = "{\"hostname\":\"skew1\",\"timestamp\":\"2031-01-01T00:00:00+00:00\",\"programname\":\"kernel\","
                + "\"msg\":\"Out of memory: Killed process 7 (java) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB\"}";
        input.pipeInput(null, kill.getBytes(StandardCharsets.UTF_8));
        advance(Duration.ofSeconds(10));

        final TestRecord<String, String> rec = events.readRecord();
        final OomEvent e = parse(rec.value());
        assertEquals("2031-01-01T00:00:00Z", e.time(), "event time comes from the log");
        assertTrue(rec.timestamp() < Instant.parse("2027-01-01T00:00:00Z").toEpochMilli(),
                "the record itself carries processing time, which a broker accepts");
        assertEquals(e.eventId(), rec.key());
    }

    // Test helpers.

    private List<OomEvent> readEvents() {
        return events.readValuesToList().stream().map(OomTopologyTest::parse).toList();
    }

    private static OomEvent parse(final String json) {
        try {
            final OomEvent e = Json.MAPPER.readValue(json, OomEvent.class);
            EventSchema.assertValidEvent(Json.MAPPER.readTree(json));
            return e;
        } catch (final java.io.IOException ex) {
            throw new AssertionError(ex);
        }
    }

    private static String header(final TestRecord<String, byte[]> r, final String name) {
        final Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
