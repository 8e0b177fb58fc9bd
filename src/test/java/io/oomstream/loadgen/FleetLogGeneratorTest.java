package io.oomstream.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.event.EventKind;
import io.oomstream.event.OomEvent;
import io.oomstream.offline.OfflineAnalysis;
import io.oomstream.offline.ProgressListener;
import io.oomstream.stitch.StitcherConfig;
import io.oomstream.syslog.Decoded;
import io.oomstream.syslog.DecoderOptions;
import io.oomstream.syslog.LogLine;
import io.oomstream.syslog.SyslogDecoder;
import io.oomstream.testing.EventSchema;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The load generator against the product: what it writes, analysed by {@link OfflineAnalysis} (the same
 * stitcher as the topology), must give back exactly its ground truth.
 */
class FleetLogGeneratorTest {

    /** Generated logs start in 2024; RFC 3164 lines carry no year. */
    private static final DecoderOptions OPTIONS = new DecoderOptions(2024, ZoneOffset.UTC);
    private static final Pattern STAMP = Pattern.compile("\\[\\s*(\\d+)\\.(\\d{6})\\] ");

    @TempDir
    Path dir;

    @Test
    void shouldWriteTheSameRecordsForTheSameSeed() {
        final GeneratorConfig config = GeneratorConfig.defaults().withFormat(OutputFormat.MIXED).withLines(30_000)
                .withHosts(40).withOomRate(1.0).withSeed(7);

        final List<String> first = values(new FleetLogGenerator(config));
        final List<String> second = values(new FleetLogGenerator(config));
        final List<String> otherSeed = values(new FleetLogGenerator(config.withSeed(8)));

        assertEquals(30_000, first.size());
        assertEquals(first, second);
        assertNotEquals(first, otherSeed);
    }

    @ParameterizedTest
    @EnumSource(OutputFormat.class)
    void shouldYieldExactlyTheGroundTruthKillsWhenTheGeneratedFileIsAnalysed(final OutputFormat format)
            throws IOException {
        final GeneratorConfig config = GeneratorConfig.defaults().withFormat(format).withLines(60_000).withHosts(60)
                .withOomRate(0.8).withLinesPerSecond(200).withSeed(11);
        final FleetLogGenerator generator = new FleetLogGenerator(config);
        final Path file = write(generator);

        final List<OomEvent> events = analyze(file);

        final GroundTruth truth = generator.truth();
        assertTrue(truth.kills() >= 20, "enough kills to mean something: " + truth.render());
        assertEquals(truth.victimPidsByHost(), killsByHost(events), "victim pids per host, " + truth.render());
        assertEquals(truth.allocFailures(), events.stream().filter(e -> e.kind() == EventKind.ALLOC_FAILURE).count());
        events.forEach(EventSchema::assertValidEvent);
    }

    @Test
    void shouldCountAReportDeliveredTwiceOnce() throws IOException {
        final GeneratorConfig config = GeneratorConfig.defaults().withLines(60_000).withHosts(30).withOomRate(0.8)
                .withLinesPerSecond(200).withShares(0, 1.0, 0).withSeed(3);
        final FleetLogGenerator generator = new FleetLogGenerator(config);
        final Path file = write(generator);

        final List<OomEvent> events = analyze(file);

        final GroundTruth truth = generator.truth();
        assertTrue(truth.duplicates() >= 10, "most reports were delivered twice: " + truth.render());
        final List<OomEvent> kills = events.stream().filter(FleetLogGeneratorTest::isKill).toList();
        assertEquals(truth.kills(), kills.size(), "one event per kill, not per copy");
        assertEquals(truth.victimPidsByHost(), killsByHost(events));
        assertEquals(events.size(), events.stream().map(OomEvent::eventId).distinct().count());
    }

    @Test
    void shouldMarkEveryTruncatedReportIncompleteAndNeverAsAKill() throws IOException {
        final GeneratorConfig config = GeneratorConfig.defaults().withLines(60_000).withHosts(30).withOomRate(0.8)
                .withLinesPerSecond(200).withShares(0, 0, 1.0).withAllocFailureShare(0).withSeed(5);
        final FleetLogGenerator generator = new FleetLogGenerator(config);
        final Path file = write(generator);

        final List<OomEvent> events = analyze(file);

        final GroundTruth truth = generator.truth();
        assertTrue(truth.truncated().size() >= 10, truth.render());
        for (final GroundTruth.Report r : truth.truncated()) {
            final long second = r.firstLineMillis() / 1_000;
            final List<OomEvent> matching = events.stream()
                    .filter(e -> e.host().equals(r.host()) && e.firstLineTime() != null
                            && Instant.parse(e.firstLineTime()).getEpochSecond() == second)
                    .toList();
            assertEquals(1, matching.size(), "one event for the truncated report " + r);
            final OomEvent e = matching.get(0);
            assertFalse(e.complete(), "truncated report emitted complete: " + r);
            assertNotNull(e.incompleteReason());
            assertEquals(null, e.victim(), "a report cut after Mem-Info names no victim");
        }
        // Memory-cgroup reports print no Mem-Info, so they are never cut: their kills still all come out.
        assertEquals(truth.victimPidsByHost(), killsByHost(events));
    }

    @Test
    void shouldWriteEveryReportKindAndTheAnalysisShouldSeeEveryEra() throws IOException {
        final GeneratorConfig config = GeneratorConfig.defaults().withLines(100_000).withHosts(40).withOomRate(1.5)
                .withLinesPerSecond(500).withSeed(13);
        final FleetLogGenerator generator = new FleetLogGenerator(config);
        final Path file = write(generator);

        final List<OomEvent> events = analyze(file);

        final GroundTruth truth = generator.truth();
        truth.reportsByKind().forEach((kind, n) -> assertTrue(n > 0, "no report of kind " + kind));
        assertEquals(Set.of("e1", "e2", "e3", "e4", "e5", "e6"), truth.reportsByEra().keySet());
        final Set<String> erasSeen = new TreeSet<>();
        events.stream().filter(FleetLogGeneratorTest::isKill).forEach(e -> erasSeen.add(e.kernelEra()));
        assertEquals(new TreeSet<>(truth.reportsByEra().keySet()), erasSeen, "era the stitcher read from the kills");
        final Set<EventKind> kinds = EnumSet.noneOf(EventKind.class);
        events.forEach(e -> kinds.add(e.kind()));
        assertTrue(kinds.containsAll(Set.of(EventKind.OOM_KILL, EventKind.MEMCG_OOM_KILL, EventKind.ALLOC_FAILURE)),
                kinds.toString());
        assertEquals(truth.victimPidsByHost(), killsByHost(events));
        for (final OomEvent e : events) {
            if (e.tasks() != null) {
                final Set<Integer> pids = new HashSet<>();
                e.tasks().forEach(t -> assertTrue(pids.add(t.pid()),
                        "pid " + t.pid() + " listed twice in the task table of " + e.host() + " " + e.eventId()));
            }
        }
    }

    @Test
    void shouldKeepKernelStampsInOrderPerHostAndAdvanceLogTimeAtTheConfiguredRate() {
        final Instant start = Instant.parse("2025-06-01T10:00:00Z");
        final GeneratorConfig config = GeneratorConfig.defaults().withFormat(OutputFormat.RFC5424).withLines(50_000)
                .withHosts(25).withOomRate(1.0).withLinesPerSecond(250).withStart(start).withShares(0.2, 0, 0.1)
                .withSeed(17);
        final FleetLogGenerator generator = new FleetLogGenerator(config);
        final SyslogDecoder decoder = new SyslogDecoder(OPTIONS);
        final Map<String, Long> lastStamp = new HashMap<>();
        long lastMillis = Long.MIN_VALUE;
        int stamped = 0;
        while (generator.hasNext()) {
            final FleetRecord r = generator.next();
            final Decoded d = decoder.decode(r.value());
            assertTrue(d.isOk(), r.value());
            final LogLine line = d.lines().get(0);
            assertEquals(r.host(), line.host());
            assertEquals(r.epochMillis(), line.time().toEpochMilli());
            lastMillis = Math.max(lastMillis, r.epochMillis());
            final Matcher m = STAMP.matcher(r.value());
            if (line.uptimeMicros() != null && m.find()) {
                stamped++;
                final Long previous = lastStamp.put(r.host(), line.uptimeMicros());
                assertTrue(previous == null || previous <= line.uptimeMicros(),
                        "kernel stamps of " + r.host() + " went back: " + previous + " then " + r.value());
            }
        }
        assertTrue(stamped > 1_000, "kernel lines carry stamps: " + stamped);
        // 50,000 lines at 250 lines/s: the fleet clock's last tick is 199.996 s after the start.
        final long expected = start.toEpochMilli() + 199_996;
        assertTrue(lastMillis >= expected && lastMillis < expected + 100, "last log time " + Instant.ofEpochMilli(lastMillis));
    }

    @Test
    void shouldWriteAboutOnePercentReportLinesByDefaultAndNoneAtRateZero() {
        final GeneratorConfig config = GeneratorConfig.defaults().withLines(200_000).withHosts(200).withSeed(19);
        final FleetLogGenerator generator = new FleetLogGenerator(config);
        generator.forEachRemaining(r -> { });
        final double share = (double) generator.truth().reportLines() / generator.truth().lines();
        assertTrue(share > 0.004 && share < 0.02, "report line share " + share);

        final FleetLogGenerator none = new FleetLogGenerator(config.withOomRate(0).withLines(20_000));
        none.forEachRemaining(r -> assertFalse(r.reportLine()));
        assertEquals(0, none.truth().reports().size());
    }

    @Test
    void shouldPutATenThousandTaskTableWholeIntoItsEvent() throws IOException {
        final GeneratorConfig config = GeneratorConfig.defaults().withLines(80_000).withHosts(8).withOomRate(0.2)
                .withTaskTableSize(10_000).withAllocFailureShare(0).withShares(0, 0, 0).withSeed(23);
        final FleetLogGenerator generator = new FleetLogGenerator(config);
        final Path file = write(generator);

        final List<OomEvent> events = analyze(file);

        final List<OomEvent> withTable = events.stream().filter(e -> isKill(e) && e.taskCount() != null).toList();
        assertFalse(withTable.isEmpty(), generator.truth().render());
        withTable.forEach(e -> assertEquals(10_000, e.taskCount(), e.host()));
        withTable.forEach(e -> assertTrue(e.complete(), e.host()));
        assertEquals(generator.truth().victimPidsByHost(), killsByHost(events));
    }

    @Test
    void shouldListEveryKillWithTheTimeAndServiceItsEventIsCountedUnder() throws IOException {
        // The chaos soak reconciles the kill-count topic against this list: each kill's event, read back from the
        // log, must carry the listed time (its kill line's) and be attributed, without fleet metadata, to the
        // listed service. Every era, cascades, memory.oom.group, duplicates, truncated reports and unit lines.
        final GeneratorConfig config = GeneratorConfig.defaults().withLines(120_000).withHosts(60).withOomRate(4)
                .withShares(0.2, 0.1, 0.1).withFormat(OutputFormat.MIXED).withSeed(29);
        final FleetLogGenerator generator = new FleetLogGenerator(config);
        final Path file = write(generator);
        final List<GroundTruth.Kill> kills = generator.truth().everyKill();
        assertEquals(generator.truth().kills(), kills.size());
        assertTrue(kills.stream().anyMatch(GroundTruth.Kill::group) && kills.stream().anyMatch(GroundTruth.Kill::cascade)
                && kills.stream().map(GroundTruth.Kill::era).distinct().count() == 6, generator.truth().render());

        final Map<String, OomEvent> byVictim = new HashMap<>();
        analyze(file).stream().filter(FleetLogGeneratorTest::isKill)
                .forEach(e -> byVictim.put(e.host() + "/" + e.victim().pid() + "/" + e.time(), e));
        for (final GroundTruth.Kill k : kills) {
            final String time = Instant.ofEpochMilli(k.timeMillis() / 1000 * 1000).toString();
            final OomEvent e = byVictim.entrySet().stream()
                    .filter(x -> x.getKey().startsWith(k.host() + "/" + k.pid() + "/")
                            && Instant.parse(x.getValue().time()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                                    .toString().equals(time))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
            assertNotNull(e, "no event for " + k);
            assertEquals(k.service(), io.oomstream.enrich.ServiceAttribution.attribute(e, null).service(), k.toString());
            assertTrue(e.complete(), k.toString());
        }
        final long windows = generator.truth().killCounts(60_000).values().stream().mapToLong(Map::size).sum();
        assertTrue(windows > 10, "windows: " + windows);
        assertEquals(kills.size(), generator.truth().killCounts(60_000).values().stream()
                .flatMap(m -> m.values().stream()).mapToLong(Long::longValue).sum());
    }

    @Test
    void shouldWriteThousandsOfReportsOfEveryKindWithoutFailing() {
        // Random report contents (zone sizes, buddy lists, pids) must stay within bounds for any seed.
        long reports = 0;
        for (long seed = 100; seed < 105; seed++) {
            final FleetLogGenerator g = new FleetLogGenerator(GeneratorConfig.defaults().withLines(150_000)
                    .withHosts(200).withOomRate(20).withShares(0.3, 0.1, 0.2).withSeed(seed));
            g.forEachRemaining(r -> assertFalse(r.value().isEmpty()));
            reports += g.truth().reports().size();
        }
        assertTrue(reports > 2_000, "reports written: " + reports);
    }

    @Test
    void shouldWriteProbesOutsideTheFleetWithGrowingStamps() {
        final FleetLogGenerator generator = new FleetLogGenerator(GeneratorConfig.defaults());
        final Instant t = Instant.parse("2026-01-01T00:00:00Z");
        final FleetLogGenerator.Probe first = generator.probe("lat-0001", ReportKind.E5_GLOBAL, t, OutputFormat.JSON);
        final FleetLogGenerator.Probe second = generator.probe("lat-0001", ReportKind.E5_GLOBAL, t.plusSeconds(5),
                OutputFormat.JSON);

        assertEquals(1, first.victimPids().size());
        assertNotEquals(first.victimPids(), second.victimPids());
        first.records().forEach(r -> assertEquals("lat-0001", r.host()));
        assertTrue(first.records().get(0).value().startsWith("{\"hostname\":\"lat-0001\""));
        assertTrue(second.records().get(0).epochMillis() >= first.records().get(first.records().size() - 1).epochMillis());
        assertEquals(0, generator.truth().reports().size(), "probes are not part of the fleet's truth");
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private static boolean isKill(final OomEvent e) {
        return (e.kind() == EventKind.OOM_KILL || e.kind() == EventKind.MEMCG_OOM_KILL) && e.victim() != null;
    }

    private static Map<String, List<Integer>> killsByHost(final List<OomEvent> events) {
        final Map<String, List<Integer>> out = new TreeMap<>();
        events.stream().filter(FleetLogGeneratorTest::isKill)
                .forEach(e -> out.computeIfAbsent(e.host(), h -> new ArrayList<>()).add(e.victim().pid()));
        out.values().forEach(Collections::sort);
        return out;
    }

    private static List<String> values(final FleetLogGenerator generator) {
        final List<String> out = new ArrayList<>();
        generator.forEachRemaining(r -> out.add(r.value()));
        return out;
    }

    private Path write(final FleetLogGenerator generator) throws IOException {
        final Path file = dir.resolve("fleet-" + generator.config().seed() + "-" + generator.config().format() + ".log");
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            while (generator.hasNext()) {
                w.write(generator.next().value());
                w.write('\n');
            }
        }
        return file;
    }

    private static List<OomEvent> analyze(final Path file) throws IOException {
        final List<OomEvent> events = new ArrayList<>();
        final OfflineAnalysis analysis = new OfflineAnalysis(StitcherConfig.defaults(), OPTIONS, events::add);
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            analysis.read(r, ProgressListener.NONE);
        }
        analysis.finish();
        final Set<String> ids = new HashSet<>();
        events.forEach(e -> assertTrue(ids.add(e.eventId()), "each event once, in its final state: " + e.eventId()));
        return events;
    }
}
