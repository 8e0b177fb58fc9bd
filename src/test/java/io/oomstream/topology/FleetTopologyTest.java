package io.oomstream.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.oomstream.config.AppConfig;
import io.oomstream.enrich.FleetHost;
import io.oomstream.enrich.Service;
import io.oomstream.event.Json;
import io.oomstream.metrics.Metrics;
import io.oomstream.testing.EventSchema;
import io.oomstream.testing.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fleet enrichment, incidents and kill counts on the production topology ({@link OomTopology#build}) and
 * production Streams properties, with controlled time: the wall clock starts after every log time used, so
 * processing time never caps a log time. Every record read is validated against its key and value schema.
 */
class FleetTopologyTest {

    private static final Instant WALL0 = Instant.parse("2026-12-01T00:00:00Z");

    @TempDir
    Path stateDir;

    private final Metrics metrics = new Metrics();
    private AppConfig config;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;
    private TestInputTopic<String, String> fleet;
    private TestOutputTopic<String, String> enriched;
    private TestOutputTopic<String, String> incidents;
    private TestOutputTopic<String, String> killCounts;
    private TestOutputTopic<String, String> events;

    @BeforeEach
    void start() {
        start(Map.of());
    }

    /** A driver on the production topology with {@code overrides} on top of the defaults. */
    private void start(final Map<String, String> overrides) {
        final Map<String, String> keys = new java.util.HashMap<>(overrides);
        keys.put(AppConfig.STATE_DIR, stateDir.toString());
        keys.put("bootstrap.servers", "dummy:1234");
        // Not about order: input declared keyed by host, so the reorder stage (on by default for unkeyed input) is out.
        keys.putIfAbsent(AppConfig.INPUT_KEYED_BY_HOST, "true");
        config = AppConfig.load(null, Map.of(), keys);
        driver = new TopologyTestDriver(OomTopology.build(config, metrics), config.streamsProperties(), WALL0);
        input = driver.createInputTopic(config.inputTopic(), new ByteArraySerializer(), new ByteArraySerializer(),
                WALL0, Duration.ofMillis(1));
        fleet = driver.createInputTopic(config.fleetTopic(), new StringSerializer(), new StringSerializer());
        enriched = output(config.enrichedTopic());
        incidents = output(config.incidentsTopic());
        killCounts = output(config.killCountsTopic());
        events = output(config.eventsTopic());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void shouldNameEveryNodeAndStoreOfTheFleetStages() {
        final String description = OomTopology.build(config, new Metrics()).describe().toString();

        for (final String name : List.of(Names.FLEET_SOURCE, Names.FLEET_STORE, Names.ENRICH, Names.ENRICHED_SINK,
                Names.PODS_SOURCE, Names.PODS_STORE, Names.ENRICH_PODS,
                Names.KILL_SUMMARY, Names.KILLS_BY_HOST_REPARTITION, Names.INCIDENTS, Names.HOST_INCIDENTS_STORE,
                Names.KILLS_BY_GROUP_REPARTITION, Names.FLEETWIDE, Names.FLEETWIDE_STORE, Names.FLAGS_BY_HOST_REPARTITION,
                Names.INCIDENTS_SINK, Names.KILL_COUNT_FEED, Names.KILL_IDS_STORE, Names.KILL_COUNTS_BY_DIMENSIONS,
                Names.KILL_COUNTS, Names.KILL_WINDOWS_STORE, Names.KILL_COUNTS_SINK)) {
            assertTrue(description.contains(name), name + " missing from\n" + description);
        }
        assertFalse(description.matches("(?s).*(KSTREAM|KTABLE)-[A-Z]+-\\d+.*"),
                "generated names shift when the topology changes:\n" + description);
    }

    @Test
    void shouldOpenAtOnceAndFormOneIncidentOfSeed001sCascadeAndAnotherOfItsSmtpKill() {
        // Regression for issue 4: mysqld and the two httpd kills 44 minutes later are one incident.
        final List<String> lines = List.of(Fixtures.read("seeds/001-rhel4-cascade-mail.txt").split("\n"));
        final int mysqldKill = indexOf(lines, "Killed process 22073 (mysqld)");
        lines.subList(0, mysqldKill + 1).forEach(this::pipe);
        driver.advanceWallClockTime(Duration.ofSeconds(5));

        final List<TestRecord<String, String>> first = readIncidents();
        assertEquals(1, first.size(), "the first kill opens an incident at once");
        assertEquals("open", value(first.get(0)).get("status").asText());

        lines.subList(mysqldKill + 1, lines.size()).forEach(this::pipe);
        driver.advanceWallClockTime(Duration.ofSeconds(5));
        final Map<String, JsonNode> latest = latest(first, readIncidents());

        assertEquals(2, latest.size(), latest.keySet().toString());
        final List<JsonNode> byOpening = new ArrayList<>(latest.values());
        final JsonNode cascade = byOpening.get(0);
        assertEquals(List.of("mysqld", "httpd", "httpd"), victims(cascade));
        assertEquals("closed", cascade.get("status").asText());
        assertEquals("2026-11-02T15:55:52Z", cascade.get("closed_at").asText());
        assertEquals("high", cascade.get("severity").asText());
        assertEquals("unknown", cascade.get("fleet_status").asText());
        final JsonNode smtp = byOpening.get(1);
        assertEquals(List.of("smtp"), victims(smtp));
        assertEquals("open", smtp.get("status").asText());

        driver.advanceWallClockTime(Duration.ofMinutes(61));
        final List<TestRecord<String, String>> closing = readIncidents();
        assertEquals(1, closing.size(), "only the smtp incident closes when the host stays quiet");
        assertEquals(smtp.get("incident_id").asText(), closing.get(0).key());
        assertEquals("2026-11-02T18:06:25Z", value(closing.get(0)).get("closed_at").asText());
    }

    @Test
    void shouldNameHttpdsWorkersAsTheCulpritOfSeed000() {
        pipeSeed("seeds/000-centos6-httpd-workers-www8321uj.txt");

        final Map<String, JsonNode> latest = latest(readIncidents());
        final JsonNode withReport = latest.get("www8321uj:f35364fa4ae99f7e7ca7");
        assertNotNull(withReport, latest.keySet().toString());
        final JsonNode culprit = withReport.get("culprit");
        assertEquals("httpd", culprit.get("name").asText());
        assertEquals(4, culprit.get("processes").asInt());
        assertTrue(culprit.get("among_victims").asBoolean());
        assertEquals(3, latest.size(), "three kills hours apart are three incidents");
    }

    @Test
    void shouldCarrySeed002sFragmentationVerdictOnItsAllocationFailureAndKeepItOutOfIncidents() {
        pipeSeed("seeds/002-centos65-kvm-fragmentation-wv2-f302.txt");
        // The allocation failure is the seed's last report: it goes out when the idle timeout passes.
        driver.advanceWallClockTime(Duration.ofMinutes(1));

        final List<JsonNode> alloc = readEnriched().stream()
                .filter(e -> "alloc_failure".equals(e.get("event").get("kind").asText())).toList();
        assertEquals(1, alloc.size());
        final String allocId = alloc.get(0).get("event").get("event_id").asText();
        assertTrue(alloc.get(0).get("event").get("analysis").get("verdict").asText().contains("fragmentation"));
        assertTrue(alloc.get(0).get("service").isNull(), "an allocation failure is not a kill: no service");
        final Map<String, JsonNode> latest = latest(readIncidents());
        assertFalse(latest.isEmpty(), "the KVM host's kill forms an incident");
        latest.values().forEach(i -> i.get("kills")
                .forEach(k -> assertFalse(allocId.equals(k.get("event_id").asText()), "alloc failure in " + i)));
    }

    /**
     * issue 14: the pod was listed (its worker already restarted under a new id), then deleted before its
     * group kill reached oomstream; the kills still name namespace, workload and container.
     */
    @Test
    void shouldAttributeKillsOfADeletedPodsRestartedContainerThroughThePodsTopic() throws Exception {
        final TestInputTopic<String, String> pods = driver.createInputTopic(config.podsTopic(), new StringSerializer(),
                new StringSerializer());
        final List<io.oomstream.enrich.PodMetadata> listed = io.oomstream.enrich.KubectlPods.read(Fixtures.read(
                "kubernetes/kubectl-get-pods-after-the-5.10-oom-group-kill-restarted-worker.json"),
                WALL0, io.oomstream.enrich.KubectlPods.DEFAULT_LABELS);
        final io.oomstream.enrich.PodTopicUpdate load = new io.oomstream.enrich.PodTopicUpdate(Map.of(), listed, WALL0,
                Duration.ofDays(7));
        load.records().forEach(r -> pods.pipeInput(r.key(), io.oomstream.event.Json.write(r.value())));
        final Map<String, io.oomstream.enrich.PodMetadata> held = new java.util.HashMap<>();
        listed.forEach(p -> held.put(p.uid(), p));
        final io.oomstream.enrich.PodTopicUpdate deleted = new io.oomstream.enrich.PodTopicUpdate(held, List.of(),
                WALL0.plus(Duration.ofHours(2)), Duration.ofDays(7));
        assertEquals(List.of(), deleted.records(), "a deleted pod is kept within the retention");

        pipeSeed("kernel-logs/e5-5.x/5.10-memory-oom-group-reaper-lines-between-kills.log");

        final List<JsonNode> out = readEnriched();
        assertTrue(out.size() >= 2, "the group's kills: " + out.size());
        for (final JsonNode e : out) {
            assertEquals(List.of("batch", "feature-builder-6c8d5f7b9-q4wzl", "Deployment", "feature-builder", "worker"),
                    List.of(e.get("namespace").asText(), e.get("pod").asText(), e.get("workload_kind").asText(),
                            e.get("workload").asText(), e.get("container").asText()), e.toString());
            assertEquals("3c1d2b7e-91aa-4f0e-b6d2-5e4f3a2b1c0d", e.get("pod_uid").asText());
        }
        for (final JsonNode incident : latest(readIncidents()).values()) {
            for (final JsonNode k : incident.get("kills")) {
                assertEquals("batch", k.get("namespace").asText(), k.toString());
                assertEquals("Deployment/feature-builder", k.get("workload").asText(), k.toString());
                assertEquals("worker", k.get("container").asText(), k.toString());
            }
        }
        stepWallClock(Duration.ofSeconds(150));
        final List<TestRecord<String, String>> counts = readCounts();
        assertTrue(!counts.isEmpty(), "the group's window closed");
        for (final TestRecord<String, String> c : counts) {
            assertEquals("batch", value(c).get("namespace").asText(), c.value());
            assertEquals("Deployment/feature-builder", value(c).get("workload").asText(), c.value());
            assertTrue(c.key().contains("\"workload\":\"Deployment/feature-builder\""), c.key());
        }
        assertEquals(out.stream().filter(e -> e.get("event").get("victim").hasNonNull("pid"))
                        .map(e -> e.get("event").get("event_id").asText()).distinct().count(),
                counts.stream().mapToLong(c -> value(c).get("count").asLong()).sum(), "each kill of the group once");
    }

    /**
     * issue 17: the incident processor keys its state by host and pod, so the kills of one pod form one incident and
     * another pod's kill on the same node, 20 s later, another; the pod spec's roles reach the verdict.
     */
    @Test
    void shouldGroupKillsIntoOneIncidentPerPodAndSayWhetherTheAppOrASidecarDied() {
        final TestInputTopic<String, String> pods = driver.createInputTopic(config.podsTopic(), new StringSerializer(),
                new StringSerializer());
        final List<io.oomstream.enrich.PodMetadata> listed = io.oomstream.enrich.KubectlPods.read(Fixtures.read(
                "incidents/kubectl-get-pods-checkout-default-container-search-native-sidecar.json"),
                WALL0, io.oomstream.enrich.KubectlPods.DEFAULT_LABELS);
        new io.oomstream.enrich.PodTopicUpdate(Map.of(), listed, WALL0, Duration.ofDays(7)).records()
                .forEach(r -> pods.pipeInput(r.key(), io.oomstream.event.Json.write(r.value())));

        pipeSeed("incidents/k8s-node-two-pods-app-and-sidecar-kills.log");

        final Map<String, JsonNode> latest = latest(readIncidents());
        assertEquals(2, latest.size(), latest.keySet().toString());
        final Map<String, JsonNode> byPod = new java.util.HashMap<>();
        latest.values().forEach(i -> byPod.put(i.get("pod").asText(), i));
        final JsonNode checkout = byPod.get("checkout-7d9f8c6b5-k2x4p");
        final JsonNode search = byPod.get("search-7d9f8c6b5-q8r2t");
        assertEquals(2, checkout.get("kill_count").asInt(), checkout.toString());
        assertEquals("5b0c8f2e-7a41-4c6e-9d3b-2f1e0a9c8b7d", checkout.get("pod_uid").asText());
        assertTrue(checkout.get("verdict").asText().contains("the app container app was killed, and sidecar envoy"),
                checkout.get("verdict").asText());
        assertEquals(1, search.get("kill_count").asInt(), search.toString());
        assertTrue(search.get("verdict").asText().contains("only sidecar istio-proxy was killed"),
                search.get("verdict").asText());
    }

    @Test
    void shouldLetAnUnknownHostsEventFlowMarkedUnknown() {
        pipe(kill("stranger-9", "2026-03-01T10:00:10Z", 4242, "java"));
        driver.advanceWallClockTime(Duration.ofSeconds(5));

        final List<JsonNode> out = readEnriched();
        assertEquals(1, out.size());
        assertEquals("unknown", out.get(0).get("fleet_status").asText());
        assertTrue(out.get(0).get("fleet").isNull());
        assertEquals("java", out.get(0).get("service").asText());
        assertEquals("process_name", out.get(0).get("service_rule").asText());
        final JsonNode incident = latest(readIncidents()).values().iterator().next();
        assertEquals("unknown", incident.get("fleet_status").asText());
    }

    @Test
    void shouldApplyFleetMetadataThatArrivesLateToLaterEventsOnly() {
        pipe(kill("web-01", "2026-03-01T10:00:10Z", 100, "java"));
        driver.advanceWallClockTime(Duration.ofSeconds(5));
        publish(new FleetHost("web-01.dc1.example.com", "dc1", "prod", "web", "web-platform", 16_000_000L, "5.15",
                "#web", List.of(new Service("tomcat", List.of("java"), List.of("tomcat9.service"), true))));
        pipe(kill("WEB-01.dc1.example.com", "2026-03-01T10:05:00Z", 200, "java"));
        driver.advanceWallClockTime(Duration.ofSeconds(5));

        final List<JsonNode> out = readEnriched();
        assertEquals(List.of("unknown", "known"), out.stream().map(e -> e.get("fleet_status").asText()).toList());
        assertEquals(List.of("java", "tomcat"), out.stream().map(e -> e.get("service").asText()).toList());
        assertEquals("fleet_process_name", out.get(1).get("service_rule").asText());
        assertEquals("web-platform", out.get(1).get("fleet").get("team").asText());
        final JsonNode incident = latest(readIncidents()).values().iterator().next();
        assertEquals(2, incident.get("kill_count").asInt(), "web-01 and its FQDN are one host");
        assertEquals("critical", incident.get("severity").asText(), "tomcat is critical on web-01");
        assertEquals("known", incident.get("fleet_status").asText());
    }

    @Test
    void shouldCountAKillWhoseEventWasEmittedTwiceOnce() {
        pipe(kill("db-1", "2026-03-01T10:00:10Z", 4242, "mysqld"));
        driver.advanceWallClockTime(Duration.ofSeconds(5));
        pipe(json("db-1", "2026-03-01T10:00:11Z",
                "oom_reaper: reaped process 4242 (mysqld), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB"));
        driver.advanceWallClockTime(Duration.ofSeconds(5));
        final List<TestRecord<String, String>> emitted = events.readRecordsToList();
        assertEquals(2, emitted.size(), "the reaper line re-emits the event");
        assertEquals(emitted.get(0).key(), emitted.get(1).key());

        pipe(kill("db-2", "2026-03-01T10:05:00Z", 7, "postgres"));
        driver.advanceWallClockTime(Duration.ofSeconds(5));

        final List<TestRecord<String, String>> counts = readCounts();
        assertEquals(1, counts.size());
        assertEquals("mysqld", value(counts.get(0)).get("service").asText());
        assertEquals(1, value(counts.get(0)).get("count").asInt());
        final JsonNode incident = latest(readIncidents()).get("db-1:" + emitted.get(0).key());
        assertEquals(1, incident.get("kill_count").asInt(), "the re-emitted event updated its kill");
        assertEquals(1.0, metric(KillRepeatProcessor.DUPLICATES), "the re-emission was marked as a repeat");
    }

    @Test
    void shouldCloseKillCountWindowsOnStreamTimeAfterTheGrace() {
        pipe(kill("a1", "2026-03-01T10:00:10Z", 1, "java"));
        pipe(kill("a2", "2026-03-01T10:00:40Z", 2, "java"));
        pipe(kill("a3", "2026-03-01T10:01:59Z", 3, "java"));
        driver.advanceWallClockTime(Duration.ofSeconds(5));
        assertEquals(List.of(), readCounts(), "stream time 10:01:59 is within the 10:00 window's grace (1 min)");

        pipe(kill("a4", "2026-03-01T10:02:00Z", 4, "nginx"));
        driver.advanceWallClockTime(Duration.ofSeconds(5));

        final List<TestRecord<String, String>> counts = readCounts();
        assertEquals(1, counts.size(), "the 10:01 window (java) is still open");
        final JsonNode c = value(counts.get(0));
        assertEquals("java", c.get("service").asText());
        assertEquals("2026-03-01T10:00:00Z", c.get("window_start").asText());
        assertEquals("2026-03-01T10:01:00Z", c.get("window_end").asText());
        assertEquals(2, c.get("count").asInt());
        assertEquals("{\"service\":\"java\",\"environment\":null,\"datacenter\":null,\"team\":null,"
                + "\"window_start\":\"2026-03-01T10:00:00Z\"}", counts.get(0).key());
        assertTrue(counts.get(0).timestamp() >= WALL0.toEpochMilli(), "stamped with processing time, not log time");
    }

    @Test
    void shouldReEmitAnEmittedWindowCorrectedWhenAKillArrivesAfterItsGrace() {
        pipe(kill("c1", "2026-03-01T10:00:10Z", 1, "java"));
        pipe(kill("c2", "2026-03-01T10:05:00Z", 2, "nginx"));
        driver.advanceWallClockTime(Duration.ofSeconds(5));
        final List<TestRecord<String, String>> first = readCounts();
        assertEquals(1, first.size());
        assertEquals(1, value(first.get(0)).get("count").asInt());

        // A host whose shipper was down delivers its 10:00 kill four minutes after the window closed.
        pipe(kill("c3", "2026-03-01T10:00:50Z", 3, "java"));
        driver.advanceWallClockTime(Duration.ofSeconds(5));

        final List<TestRecord<String, String>> corrected = readCounts();
        assertEquals(1, corrected.size(), "the late kill re-emits its window at once");
        assertEquals(first.get(0).key(), corrected.get(0).key(), "same key: an upsert overwrites the first count");
        assertEquals(2, value(corrected.get(0)).get("count").asInt());
        assertEquals("2026-03-01T10:00:00Z", value(corrected.get(0)).get("window_start").asText());
        assertEquals(1.0, metric(KillCountProcessor.CORRECTIONS));
    }

    @Test
    void shouldMoveAKillToItsNewDimensionsWhenItsEventIsEmittedAgainWithFleetMetadata() {
        pipe(kill("db-9", "2026-03-01T10:00:10Z", 4242, "mysqld"));
        driver.advanceWallClockTime(Duration.ofSeconds(5));
        publish(new FleetHost("db-9", "dc1", "prod", "db", "data", null, null, null, List.of()));
        pipe(json("db-9", "2026-03-01T10:00:11Z",
                "oom_reaper: reaped process 4242 (mysqld), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB"));
        driver.advanceWallClockTime(Duration.ofSeconds(5));
        assertEquals(2, events.readRecordsToList().size(), "the reaper line re-emits the event, now enriched");

        pipe(kill("db-8", "2026-03-01T10:05:00Z", 7, "postgres"));
        driver.advanceWallClockTime(Duration.ofSeconds(5));

        final List<TestRecord<String, String>> counts = readCounts();
        assertEquals(List.of("mysqld/prod/dc1/data@2026-03-01T10:00:00Z=1"), counts.stream().map(r -> {
            final JsonNode v = value(r);
            return v.get("service").asText() + "/" + v.get("environment").asText() + "/" + v.get("datacenter").asText()
                    + "/" + v.get("team").asText() + "@" + v.get("window_start").asText() + "=" + v.get("count").asInt();
        }).toList(), "counted once, under the fleet fields it ended with");
        assertEquals(1.0, metric(KillCountFeedProcessor.MOVED));
    }

    @Test
    void shouldNotCountAKillDatedBefore1970AndGoOnCounting() {
        pipe(kill("reset-1", "1969-12-31T23:59:00Z", 11, "ancient"));
        pipe(kill("web-9", "2026-03-01T10:00:10Z", 12, "java"));
        pipe(kill("web-9", "2026-03-01T10:05:00Z", 13, "java"));
        driver.advanceWallClockTime(Duration.ofSeconds(5));

        final List<TestRecord<String, String>> counts = readCounts();
        assertEquals(List.of("java@2026-03-01T10:00:00Z=1"), counts.stream().map(r -> value(r).get("service").asText()
                + "@" + value(r).get("window_start").asText() + "=" + value(r).get("count").asInt()).toList());
        assertEquals(1.0, metric(KillCountFeedProcessor.REFUSED));
        assertEquals(1, latest(readIncidents()).values().stream()
                .filter(i -> "reset-1".equals(i.get("host").asText())).count(), "the kill itself still has its incident");
    }

    @Test
    void shouldNotCountAFutureDatedKillAgainWhenItsLogIsReplayedAfterTheRetention() {
        driver.close();
        start(Map.of(AppConfig.KILL_COUNTS_RETENTION_MS, String.valueOf(Duration.ofMinutes(3).toMillis())));
        final String future = kill("skew-1", "2027-06-01T00:00:00Z", 100, "futproc");
        pipe(future);
        // Enough later kills on that host that the stitcher no longer recognises a repeat of it by itself.
        for (int i = 0; i < 9; i++) {
            pipe(kill("skew-1", "2026-11-30T23:5" + i + ":00Z", 200 + i, "filler"));
        }
        driver.advanceWallClockTime(Duration.ofHours(1));
        pipe(kill("web-7", "2026-12-01T00:30:00Z", 7, "java"));
        driver.advanceWallClockTime(Duration.ofSeconds(5));
        driver.advanceWallClockTime(Duration.ofHours(1)); // the hourly forget: ids before 00:27 go

        pipe(future);
        driver.advanceWallClockTime(Duration.ofSeconds(5));
        stepWallClock(Duration.ofMinutes(3));

        final long futproc = latest(readCounts()).values().stream()
                .filter(c -> "futproc".equals(c.get("service").asText())).mapToLong(c -> c.get("count").asLong()).sum();
        assertEquals(1, futproc, "kept under its 2027 log time, its id outlives the retention behind 00:30");
        assertEquals(1.0, metric(KillRepeatProcessor.DUPLICATES));
    }

    @Test
    void shouldCloseAQuietFleetsLastWindowOnceItsGraceHasPassedOnTheClock() {
        pipe(kill("b1", "2026-03-01T10:00:10Z", 1, "java"));
        pipe(kill("b2", "2026-03-01T10:00:40Z", 2, "java"));
        driver.advanceWallClockTime(Duration.ofSeconds(5));
        assertEquals(2, events.readRecordsToList().size(), "both kills left the stitcher at +5 s");

        // Punctuators fire once per advance, so the clock moves in steps as it would in production.
        stepWallClock(Duration.ofSeconds(65));
        assertEquals(List.of(), readCounts(), "the ticks' clock is at most 10:01:50, before end plus grace (10:02)");

        stepWallClock(Duration.ofSeconds(30));

        final List<TestRecord<String, String>> counts = readCounts();
        assertEquals(1, counts.size(), "no tick's own count reaches the topic");
        assertEquals(2, value(counts.get(0)).get("count").asInt());
        assertEquals("2026-03-01T10:00:00Z", value(counts.get(0)).get("window_start").asText());
    }

    @Test
    void shouldEmitAFleetWideIncidentAndFlagItsHostIncidents() {
        for (int n = 1; n <= 3; n++) {
            publish(new FleetHost("web-0" + n, "dc1", "prod", "web", "web-platform", null, null, null,
                    List.of(new Service("tomcat", List.of("java"), List.of(), false))));
        }
        pipe(kill("web-01", "2026-03-01T10:00:00Z", 11, "java"));
        pipe(kill("web-02", "2026-03-01T10:03:00Z", 12, "java"));
        pipe(kill("web-03", "2026-03-01T10:06:00Z", 13, "java"));
        driver.advanceWallClockTime(Duration.ofSeconds(5));

        final Map<String, JsonNode> latest = latest(readIncidents());
        final List<String> fleetIds = latest.keySet().stream().filter(k -> k.startsWith("fleet:")).sorted().toList();
        assertEquals(2, fleetIds.size(), "one per group: role web and service tomcat; " + latest.keySet());
        assertTrue(fleetIds.get(0).startsWith("fleet:role:web:"), fleetIds.toString());
        assertTrue(fleetIds.get(1).startsWith("fleet:service:tomcat:"), fleetIds.toString());
        final JsonNode wide = latest.get(fleetIds.get(1));
        assertEquals("fleet", wide.get("scope").asText());
        assertEquals(3, wide.get("host_count").asInt());
        final List<JsonNode> hostIncidents = latest.values().stream().filter(i -> "host".equals(i.get("scope").asText()))
                .toList();
        assertEquals(3, hostIncidents.size());
        for (final JsonNode h : hostIncidents) {
            final List<String> flagged = new ArrayList<>();
            h.get("fleet_incidents").forEach(f -> flagged.add(f.asText()));
            assertEquals(fleetIds, flagged.stream().sorted().toList(), h.get("incident_id").asText());
            assertEquals("high", h.get("severity").asText());
        }
    }

    @Test
    void shouldListATruncatedReportAsAReportWithoutAKillAndNeverCountIt() {
        pipeLines("kernel-logs/mixed/truncated-no-kill-line.log");
        stepWallClock(Duration.ofSeconds(40));
        final List<TestRecord<String, String>> emitted = events.readRecordsToList();
        assertEquals(1, emitted.size(), "the idle timeout lets the report out");
        final JsonNode event = parse(emitted.get(0).value());
        assertTrue(event.get("victim").isNull(), "it never reached its kill line");

        final JsonNode incident = latest(readIncidents()).get("etl-01:" + emitted.get(0).key());
        assertNotNull(incident, "the report is listed in an incident of its host");
        assertEquals(0, incident.get("kill_count").asInt(), "a report without a kill is not a kill");
        assertEquals(1, incident.get("reports_without_kill").asInt());
        assertEquals(0, incident.get("kills").size());
        assertEquals(1, incident.get("reports_without_kill_listed").size());
        assertTrue(incident.get("last_kill_at").isNull(), "no kill time is invented");
        assertEquals("high", incident.get("severity").asText());
        assertTrue(incident.get("severity_reasons").toString().contains("report_without_kill"));
        final String verdict = incident.get("verdict").asText();
        assertTrue(verdict.contains("an OOM report without a kill (the host may have hung)"), verdict);
        assertFalse(verdict.contains("killed 1 process"), verdict);
        assertFalse(readEnriched().isEmpty());

        stepWallClock(Duration.ofSeconds(150));
        assertEquals(List.of(), readCounts(), "kill counts never count it");
    }

    @Test
    void shouldCountOnlyTheRealKillsOfAFleetWideStormWithAReportWithoutAKill() {
        for (final String h : List.of("etl-01", "etl-02", "etl-03", "etl-04")) {
            publish(new FleetHost(h, "dc1", "prod", "etl", "data", null, null, null,
                    List.of(new Service("spark", List.of("java"), List.of(), false))));
        }
        pipeLines("kernel-logs/mixed/truncated-no-kill-line.log");
        pipe(kill("etl-02", "2026-05-30T23:59:59Z", 21, "java"));
        pipe(kill("etl-03", "2026-05-31T00:00:01Z", 31, "java"));
        stepWallClock(Duration.ofSeconds(40));
        final Map<String, JsonNode> latest = latest(readIncidents());
        assertTrue(latest.keySet().stream().noneMatch(k -> k.startsWith("fleet:")),
                "two real kills and a report without a kill are not three hosts hit: " + latest.keySet());

        pipe(kill("etl-04", "2026-05-31T00:00:03Z", 41, "java"));
        stepWallClock(Duration.ofSeconds(10));
        latest.putAll(latest(readIncidents()));
        final List<JsonNode> wide = latest.values().stream().filter(i -> "fleet".equals(i.get("scope").asText()))
                .toList();
        assertEquals(2, wide.size(), "role etl and service spark: " + latest.keySet());
        for (final JsonNode w : wide) {
            assertEquals(3, w.get("kill_count").asInt(), w.toString());
            assertFalse(w.get("hosts").toString().contains("etl-01"), w.toString());
        }
        final JsonNode etl01 = latest.values().stream().filter(i -> "etl-01".equals(i.path("host").asText()))
                .findFirst().orElseThrow();
        assertEquals(0, etl01.get("kill_count").asInt());
        assertEquals(1, etl01.get("reports_without_kill").asInt());
        assertEquals(0, etl01.get("fleet_incidents").size(), "a report without a kill is in no fleet-wide incident");

        stepWallClock(Duration.ofSeconds(150));
        assertEquals(3, readCounts().stream().mapToInt(r -> value(r).get("count").asInt()).sum(),
                "the kill counts hold the three kills, not the report without a kill");
    }

    // Test helpers.

    private void stepWallClock(final Duration total) {
        for (long s = 0; s < total.toSeconds(); s += 5) {
            driver.advanceWallClockTime(Duration.ofSeconds(5));
        }
    }

    /** Every line of {@code resource} as one record, in order. */
    private void pipeLines(final String resource) {
        for (final String line : Fixtures.read(resource).split("\n")) {
            pipe(line);
        }
    }

    private void pipeSeed(final String resource) {
        for (final String line : Fixtures.read(resource).split("\n")) {
            pipe(line);
        }
        driver.advanceWallClockTime(Duration.ofSeconds(5));
    }

    private void pipe(final String record) {
        input.pipeInput(null, record.getBytes(StandardCharsets.UTF_8));
    }

    private void publish(final FleetHost host) {
        final String key = io.oomstream.enrich.HostNames.key(host.host());
        EventSchema.assertValid("fleet-key.schema.json", Json.MAPPER.valueToTree(key));
        EventSchema.assertValid("fleet-host.schema.json", host);
        fleet.pipeInput(key, Json.write(host));
    }

    private static String kill(final String host, final String time, final int pid, final String name) {
        return json(host, time, "Out of memory: Killed process " + pid + " (" + name + ") total-vm:1000kB, "
                + "anon-rss:900kB, file-rss:0kB, shmem-rss:0kB");
    }

    private static String json(final String host, final String time, final String msg) {
        return "{\"hostname\":\"" + host + "\",\"timestamp\":\"" + time + "\",\"programname\":\"kernel\",\"msg\":\""
                + msg + "\"}";
    }

    private TestOutputTopic<String, String> output(final String topic) {
        return driver.createOutputTopic(topic, new StringDeserializer(), new StringDeserializer());
    }

    private List<JsonNode> readEnriched() {
        final List<JsonNode> out = new ArrayList<>();
        for (final TestRecord<String, String> r : enriched.readRecordsToList()) {
            final JsonNode v = parse(r.value());
            EventSchema.assertValid("enriched-event-key.schema.json", Json.MAPPER.valueToTree(r.key()));
            EventSchema.assertValid("enriched-event.schema.json", v);
            EventSchema.assertValidEvent(v.get("event"));
            assertEquals(v.get("event").get("event_id").asText(), r.key());
            out.add(v);
        }
        return out;
    }

    private List<TestRecord<String, String>> readIncidents() {
        final List<TestRecord<String, String>> out = incidents.readRecordsToList();
        for (final TestRecord<String, String> r : out) {
            EventSchema.assertValid("incident-key.schema.json", Json.MAPPER.valueToTree(r.key()));
            EventSchema.assertValid("incident.schema.json", value(r));
            assertEquals(value(r).get("incident_id").asText(), r.key());
            assertTrue(r.timestamp() >= WALL0.toEpochMilli(), "stamped with processing time");
        }
        return out;
    }

    /** The sum of every series of the metric {@code name}. */
    private double metric(final String name) {
        return metrics.snapshot().stream().filter(m -> m.name().equals(name)).mapToDouble(Metrics.Sample::value).sum();
    }

    private List<TestRecord<String, String>> readCounts() {
        final List<TestRecord<String, String>> out = killCounts.readRecordsToList();
        for (final TestRecord<String, String> r : out) {
            EventSchema.assertValid("kill-count-key.schema.json", parse(r.key()));
            EventSchema.assertValid("kill-count.schema.json", value(r));
        }
        return out;
    }

    /** The latest value per key, keys in order of first appearance. */
    @SafeVarargs
    private static Map<String, JsonNode> latest(final List<TestRecord<String, String>>... batches) {
        final Map<String, JsonNode> latest = new LinkedHashMap<>();
        for (final List<TestRecord<String, String>> batch : batches) {
            batch.forEach(r -> latest.put(r.key(), value(r)));
        }
        return latest;
    }

    private static List<String> victims(final JsonNode incident) {
        final List<String> names = new ArrayList<>();
        incident.get("kills").forEach(k -> names.add(k.get("victim_name").asText()));
        return names;
    }

    private static int indexOf(final List<String> lines, final String needle) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(needle)) {
                return i;
            }
        }
        throw new AssertionError(needle + " not in seed");
    }

    private static JsonNode value(final TestRecord<String, String> r) {
        return parse(r.value());
    }

    private static JsonNode parse(final String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
