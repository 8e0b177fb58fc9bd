package io.oomstream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.config.AppConfig;
import io.oomstream.loadgen.GeneratorConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The parts of {@code oomstream bench} that decide what a figure means (no timing is asserted: speed is
 * measured by the bench only).
 */
class BenchPartsTest {

    private static final Workloads.Corpus CORPUS = Workloads.corpus(GeneratorConfig.defaults().withLines(40_000)
            .withHosts(50).withOomRate(1.0).withSeed(3));

    @Test
    void shouldRunEveryWorkloadOverTheWholeCorpusAndStitchEveryKill() {
        final long[] events = {0};

        assertEquals(40_000, Workloads.split(CORPUS.bytes()));
        assertEquals(40_000, Workloads.stitch(CORPUS.bytes(), events));
        assertEquals(40_000, new GrokBaseline().run(CORPUS.bytes(), Long.MAX_VALUE));
        final long kills = CORPUS.truth().kills();
        assertTrue(kills > 10, CORPUS.truth().render());
        // Every kill, plus allocation failures and truncated reports, comes out as an event.
        assertEquals(kills + CORPUS.truth().allocFailures() + CORPUS.truth().truncated().size(), events[0]);
    }

    @Test
    void shouldLetGrokLabelOomLinesAsALogstashFilterWould() {
        final GrokBaseline grok = new GrokBaseline();

        final Map<String, Object> kill = grok.match("Mar  1 00:00:12 web-0003 kernel: [2447688.823961] Out of memory: "
                + "Killed process 52966 (php-fpm7.4) total-vm:71847684kB, anon-rss:5kB, file-rss:0kB, shmem-rss:0kB");
        final Map<String, Object> rhel6 = grok.match("May 14 02:31:17 app-prod-14 kernel: Killed process 18734, UID 501, "
                + "(java) total-vm:9786364kB, anon-rss:7545012kB, file-rss:268kB");
        final Map<String, Object> nginx = grok.match("Mar  1 00:00:12 web-0003 nginx: 10.1.2.3 - - \"GET / HTTP/1.1\" 200");

        assertEquals("52966", String.valueOf(kill.get("victim_pid")));
        assertEquals("php-fpm7.4", kill.get("victim"));
        assertEquals("web-0003", kill.get("logsource"));
        assertEquals("18734", String.valueOf(rhel6.get("victim_pid")));
        assertEquals("java", rhel6.get("victim"));
        assertEquals("nginx", nginx.get("program"));
        assertFalse(nginx.containsKey("victim_pid"));
        assertEquals(2, grok.matched());
        assertTrue(new GrokBaseline().run(CORPUS.bytes(), Long.MAX_VALUE) > 0);
    }

    @Test
    void shouldRequireEveryKeyTheIssueNamesAsAPositiveNumber() {
        final Results r = new Results();
        for (final String k : Results.REQUIRED_KEYS) {
            r.put(k, 1.5);
        }
        assertEquals(List.of(), r.missingOrInvalid());
        r.put("latency_p99_ms", Double.NaN);
        r.put("hosts", 0);
        assertEquals(List.of("latency_p99_ms", "hosts"), r.missingOrInvalid());
        assertTrue(r.toJson().contains("\"stitch_lines_per_s\" : 1.5"), r.toJson());
        assertEquals(Set.of("stitch_lines_per_s", "split_limit_lines_per_s", "grok_lines_per_s", "e2e_records_per_s",
                "identity_records_per_s", "latency_p50_ms", "latency_p99_ms", "heap_peak_mb", "hosts"),
                Set.copyOf(Results.REQUIRED_KEYS));
    }

    @Test
    void shouldTakeNearestRankPercentiles() {
        final List<Double> ms = List.of(5.0, 1.0, 4.0, 2.0, 3.0, 100.0, 6.0, 7.0, 8.0, 9.0);
        assertEquals(5.0, Results.percentile(ms, 50));
        assertEquals(100.0, Results.percentile(ms, 99));
        assertEquals(1.0, Results.percentile(ms, 1));
        assertTrue(Double.isNaN(Results.percentile(List.of(), 50)));
    }

    @Test
    void shouldCreateTheTopologysExternalTopicsButNotItsInternalOnes() {
        final AppConfig config = AppConfig.load(null, Map.of(), Map.of(AppConfig.INPUT_KEYED_BY_HOST, "false"));

        final Set<String> topics = StreamsBench.externalTopics(StreamsBench.oom(config));

        assertTrue(topics.containsAll(Set.of(config.inputTopic(), config.eventsTopic(), config.deadletterTopic())),
                topics.toString());
        topics.forEach(t -> assertFalse(t.endsWith("-repartition") || t.endsWith("-changelog"), t));
        assertEquals(Set.of("in", "out"), StreamsBench.externalTopics(StreamsBench.identity("in", "out")));
    }

    @Test
    void shouldGroupJfrSamplesByThread() {
        assertEquals("Kafka Streams thread", JfrSummary.group("bench-oom-0-8382b8f8-9a21-StreamThread-1"));
        assertEquals("Kafka client I/O threads", JfrSummary.group(
                "kafka-producer-network-thread | bench-oom-0-8382b8f8-StreamThread-1-producer"));
        assertEquals("embedded broker", JfrSummary.group("data-plane-kafka-request-handler-3"));
        assertEquals("bench load and probes", JfrSummary.group("bench-background-load"));
    }

    @Test
    void shouldReportTheMedianAndSpreadOfThePerPairRatios() {
        final Results r = new Results();

        final Results.Spread s = r.putSpread("e2e_vs_identity", List.of(0.93, 0.98, 0.87, 1.2, 0.5));

        assertEquals(0.93, s.median());
        assertEquals(0.5, s.min());
        assertEquals(1.2, s.max());
        assertEquals(0.93, r.number("e2e_vs_identity"));
        assertEquals(0.5, r.number("e2e_vs_identity_min"));
        assertEquals(1.2, r.number("e2e_vs_identity_max"));
        assertEquals(List.of(0.93, 0.98, 0.87, 1.2, 0.5), r.get("e2e_vs_identity_per_pair"));
        assertEquals("0.93 (0.50-1.20, 5 pairs)", s.text());
    }

    @Test
    void shouldAlternateWhichSideOfAPairRunsFirst() {
        // Both sides warm up from run to run: a side always run first would always be the colder one.
        assertEquals(List.of(PairOrder.IDENTITY_FIRST, PairOrder.OOMSTREAM_FIRST, PairOrder.IDENTITY_FIRST,
                PairOrder.OOMSTREAM_FIRST), PairOrder.labels(4));
        for (int pairs = 2; pairs <= 10; pairs += 2) {
            final List<String> order = PairOrder.labels(pairs);
            assertEquals(pairs / 2, order.stream().filter(PairOrder.IDENTITY_FIRST::equals).count(),
                    "each side leads in half of " + pairs + " pairs");
        }
        assertTrue(PairOrder.identityFirst(0));
        assertFalse(PairOrder.identityFirst(1));
    }

    @Test
    void shouldSplitThePerPairRatiosByWhichSideRanFirst() {
        final List<Double> perPair = List.of(1.16, 0.77, 1.15, 0.87, 1.2);

        assertEquals(List.of(1.16, 1.15, 1.2), PairOrder.ofOrder(perPair, true));
        assertEquals(List.of(0.77, 0.87), PairOrder.ofOrder(perPair, false));
    }

    @Test
    void shouldRunThreePairsQuickAndAnEvenNumberOfAtLeastFiveInTheFullRun() {
        assertEquals(3, BenchCommand.Plan.quick().e2eRuns());
        assertTrue(BenchCommand.Plan.full().e2eRuns() >= 5, "issue 16: at least five pairs");
        assertEquals(0, BenchCommand.Plan.full().e2eRuns() % 2, "each side first in half of the full run's pairs");
    }

    @Test
    void shouldConfigureSyslogNgToGroupOneHostsKernelLinesUntilTheKillLine() {
        final String conf = SyslogNgPeer.config(java.nio.file.Path.of("/tmp/out.log"));

        assertTrue(conf.contains("grouping-by(key(\"${HOST}\")"), conf);
        assertTrue(conf.contains("trigger(match(\"Killed process\""), conf);
        assertTrue(conf.contains("where(program(\"kernel\"))"), conf);
        assertTrue(conf.contains("file(\"/tmp/out.log\""), conf);
    }

    @Test
    void shouldStitchReportsWithSyslogNgWhereItIsInstalled(@org.junit.jupiter.api.io.TempDir final java.nio.file.Path dir)
            throws Exception {
        final var peer = SyslogNgPeer.find(dir);
        org.junit.jupiter.api.Assumptions.assumeTrue(peer.isPresent(), "syslog-ng is not installed");
        final java.nio.file.Path file = dir.resolve("in.log");
        SyslogNgPeer.writeWithPri(CORPUS.bytes(), file);

        final SyslogNgPeer.Run run = peer.get().run(file);

        // One aggregate per report whose context held its first line when the kill line came: at most one per kill.
        assertTrue(run.aggregates() > 0 && run.aggregates() <= CORPUS.truth().kills(),
                run.aggregates() + " aggregates for " + CORPUS.truth().kills() + " kills");
    }
}
