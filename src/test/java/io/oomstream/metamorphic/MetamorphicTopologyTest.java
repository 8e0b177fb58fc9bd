package io.oomstream.metamorphic;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.oomstream.config.AppConfig;
import io.oomstream.event.Json;
import io.oomstream.event.OomEvent;
import io.oomstream.metrics.Metrics;
import io.oomstream.syslog.SyslogDecoder;
import io.oomstream.testing.Fixtures;
import io.oomstream.topology.OomTopology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The metamorphic suite through the production topology on TopologyTestDriver (one decoder per partition, the same
 * stitcher as {@code analyze}): each transformed fixture must give the events the original gives there. Line
 * layouts arrive a record per line, as a shipper sends them; a paste (wrapped, quoted, a stamp alone on its line)
 * arrives as one record, the only place the stream sees the lines around a line.
 */
class MetamorphicTopologyTest {

    /** After every fixture date (all 2026 or earlier), so year-less stamps read as in {@link Fixtures#OPTIONS}. */
    private static final Instant RECEIVED = Instant.parse("2026-12-31T12:00:00Z");

    /**
     * One fixture per kind of layout and report (a topology per case costs about a second, so the stream runs these;
     * {@code -Dmetamorphic.topology.all=true} runs every fixture, as {@link MetamorphicReportsTest} does).
     */
    static final List<String> IN_STREAM = List.of(
            "kernel-logs/e1-2.6.9/rhel4-2.6.9-mysqld-global.log",
            "kernel-logs/e3-rhel6/debian-3.2-upstream-kill-line.dmesg.log",
            "kernel-logs/e5-5.x/5.15-kubepods-memcg.omkafka.log",
            "kernel-logs/e6-6.x/6.12-python3-rss-split.journalctl.log",
            "seeds/000-centos6-httpd-workers-www8321uj.txt");

    /**
     * Single cases of other fixtures, run in the stream too: each was once open in {@link MetamorphicReportsTest}
     * (a flowed soft break inside a run of blanks, after a bare header, in a text of long unbreakable words; a hard
     * wrap of glued buddy lists and repeated {@code systemd[1]:} messages inside prose; with-unit's glued
     * {@code init.scope[1]:} messages). The word wrap of the
     * 10,000-task table is not among them: wrapped it is 20,157 lines, more than one record holds.
     */
    static final List<String> FIXED_CASES = List.of(
            "format=flowed|kernel-logs/e5-5.x/5.10-cgroup-v2-docker-memcg.log",
            "format=flowed|kernel-logs/e6-6.x/6.12-python3-rss-split.journalctl.log",
            "format=flowed|kernel-logs/systemd/systemd-oomd-userspace-kills.log",
            "format=flowed|seeds/002-centos65-kvm-fragmentation-wv2-f302.txt",
            "wrap at 72 (mid-word)|seeds/003-debian-apache2-unit-kill.txt",
            "wrap at 80 (at blanks)|seeds/003-debian-apache2-unit-kill.txt",
            "format=flowed|seeds/003-debian-apache2-unit-kill.txt",
            "journalctl -o with-unit|seeds/003-debian-apache2-unit-kill.txt");

    private static final Map<String, List<OomEvent>> ORIGINALS = new java.util.concurrent.ConcurrentHashMap<>();

    static Stream<Arguments> cases() {
        final boolean all = Boolean.getBoolean("metamorphic.topology.all");
        return MetamorphicReportsTest.cases().filter(a -> {
            final String log = ((String) a.get()[0]).replace(java.io.File.separatorChar, '/');
            return all || IN_STREAM.contains(log) || FIXED_CASES.contains(a.get()[1] + "|" + log);
        });
    }

    @ParameterizedTest(name = "{1} of {0}")
    @MethodSource("cases")
    void shouldGiveTheOriginalsEventsInTheStream(final String log, final Transformation t) throws IOException {
        final FixtureText f = FixtureText.load(Fixtures.RESOURCES.resolve(log));
        final String notFor = t.notFor().apply(f);
        assumeTrue(notFor == null, () -> t + " does not apply: " + notFor);
        final String open = MetamorphicReportsTest.OPEN.get(t.name() + "|" + f.name);
        assumeTrue(open == null, () -> "open: " + open);
        final String text = t.apply().apply(f);
        assumeTrue(!t.oneRecord() || text.split("\n", -1).length <= SyslogDecoder.MAX_LINES_PER_RECORD,
                () -> "a paste of more than " + SyslogDecoder.MAX_LINES_PER_RECORD + " lines is more than one record holds");

        final List<OomEvent> original = ORIGINALS.computeIfAbsent(log, k -> {
            try {
                return stream(f.lines.stream().map(FixtureText.Line::raw).toList());
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        final List<OomEvent> transformed = stream(t.oneRecord() ? List.of(text) : lines(text));

        EventComparison.assertSameEvents(t, f, original, transformed);
    }

    private static List<String> lines(final String text) {
        final List<String> out = new ArrayList<>(List.of(text.split("\n", -1)));
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    @org.junit.jupiter.api.Test
    void shouldCountEveryRepairInTheMetrics() throws IOException {
        final Metrics metrics = new Metrics();
        stream(List.of("> Oct 21 18:51:01 www1 kernel: Node 0 DMA32 free:44020kB min:21000kB low:262\r\n"
                + "> 50kB high:31500kB\r\n--\r\n> Oct 21 18:51:01 www1 kernel: Free swap  = 0kB\r\n"), metrics, Map.of());

        final java.util.function.ToLongFunction<String> count = repair -> metrics.counter("oomstream_paste_repairs_total",
                "x", "repair", repair).value();
        org.junit.jupiter.api.Assertions.assertEquals(3, count.applyAsLong("quote_stripped"));
        org.junit.jupiter.api.Assertions.assertEquals(1, count.applyAsLong("line_unwrapped"));
        org.junit.jupiter.api.Assertions.assertEquals(1, count.applyAsLong("grep_separator_skipped"));
        org.junit.jupiter.api.Assertions.assertEquals(3, count.applyAsLong("cr_stripped"));
    }

    static List<OomEvent> stream(final List<String> records) throws IOException {
        return stream(records, new Metrics(), Map.of());
    }

    /** The records through a fresh topology; each event in its last version, in the order events first appeared. */
    private static List<OomEvent> stream(final List<String> records, final Metrics metrics,
                                         final Map<String, String> settings) throws IOException {
        final Path stateDir = Files.createTempDirectory("metamorphic-topology");
        final Map<String, String> overrides = new java.util.HashMap<>(settings);
        overrides.put(AppConfig.STATE_DIR, stateDir.toString());
        overrides.put("bootstrap.servers", "dummy:1234");
        final AppConfig config = AppConfig.load(null, Map.of(), overrides);
        try (TopologyTestDriver driver = new TopologyTestDriver(OomTopology.build(config, metrics),
                config.streamsProperties(), RECEIVED)) {
            final TestInputTopic<byte[], byte[]> input = driver.createInputTopic(config.inputTopic(),
                    new ByteArraySerializer(), new ByteArraySerializer(), RECEIVED, Duration.ofMillis(1));
            final TestOutputTopic<String, String> events = driver.createOutputTopic(config.eventsTopic(),
                    new StringDeserializer(), new StringDeserializer());
            for (final String r : records) {
                if (!r.isEmpty()) {
                    input.pipeInput(null, r.getBytes(StandardCharsets.UTF_8));
                }
            }
            // Five minutes as a running stream spends them, a punctuation every second: the reorder stage (on for
            // this unkeyed input) lets its held lines go at one punctuation and the stitcher closes a cut report at
            // a later one, which one jump of the clock would not give.
            for (int second = 0; second < 300; second++) {
                driver.advanceWallClockTime(Duration.ofSeconds(1));
            }
            final Map<String, OomEvent> last = new LinkedHashMap<>();
            for (final String json : events.readValuesToList()) {
                final OomEvent e = Json.MAPPER.readValue(json, OomEvent.class);
                last.put(e.eventId(), e);
            }
            return new ArrayList<>(last.values());
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try (Stream<Path> walk = Files.walk(stateDir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
