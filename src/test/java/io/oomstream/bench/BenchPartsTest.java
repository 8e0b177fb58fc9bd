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
}
