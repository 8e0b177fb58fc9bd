package io.oomstream.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.oomstream.config.AppConfig;
import io.oomstream.enrich.FleetHost;
import io.oomstream.enrich.HostNames;
import io.oomstream.enrich.Service;
import io.oomstream.event.Json;
import io.oomstream.metrics.Metrics;
import io.oomstream.sink.SinkRows;
import io.oomstream.testing.EventSchema;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sink rows ({@link SinkTopology}, {@link SinkRows}) on the production topology: every record on the sink
 * topics matches schemas/sink-envelope.schema.json and converts with Connect's own JsonConverter into a Struct
 * of the expected schema; the connector files in deploy/connect/ name the tables, keys and topics the rows are
 * made for. The real sink into PostgreSQL is proven by io.oomstream.it.SinkToPostgresTest.
 */
class SinkTopologyTest {

    private static final Instant WALL0 = Instant.parse("2026-12-01T00:00:00Z");
    private static final Path CONNECT = Path.of("deploy", "connect");

    @TempDir
    Path stateDir;

    private AppConfig config;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;
    private TestInputTopic<String, String> fleet;
    private final JsonConverter converter = new JsonConverter();

    @BeforeEach
    void start() {
        // Not about order: input declared keyed by host, so the reorder stage (on by default for unkeyed input) is out.
        config = AppConfig.load(null, Map.of(), Map.of(AppConfig.STATE_DIR, stateDir.toString(),
                AppConfig.INPUT_KEYED_BY_HOST, "true", "bootstrap.servers", "dummy:1234"));
        driver = new TopologyTestDriver(OomTopology.build(config, new Metrics()), config.streamsProperties(), WALL0);
        input = driver.createInputTopic(config.inputTopic(), new ByteArraySerializer(), new ByteArraySerializer(),
                WALL0, Duration.ofMillis(1));
        fleet = driver.createInputTopic(config.fleetTopic(), new StringSerializer(), new StringSerializer());
        converter.configure(Map.of("schemas.enable", "true"), false);
    }

    @AfterEach
    void stop() {
        driver.close();
        converter.close();
    }

    @Test
    void shouldWriteFlatRowsOfEventsIncidentsAndKillCountsThatConnectReads() {
        publish(new FleetHost("web-01.dc1.example.com", "dc1", "prod", "web", "web-platform", 16_000_000L, "5.15",
                "#web", List.of(new Service("tomcat", List.of("java"), List.of("tomcat9.service"), true))));
        pipe(kill("web-01", "2026-03-01T10:00:10Z", 100, "java"));
        pipe(kill("stranger-9", "2026-03-01T10:00:20Z", 4242, "mysqld"));
        pipe(kill("web-01", "2026-03-01T10:03:00Z", 101, "java")); // closes the 10:00 window (grace 1 min)
        driver.advanceWallClockTime(Duration.ofSeconds(5));

        final Map<String, Struct> events = rows(config.sinkEventsTopic(), SinkRows.EVENTS);
        assertEquals(3, events.size(), events.keySet().toString());
        final Struct known = events.values().stream().filter(s -> s.getInt32("victim_pid") == 100).findFirst()
                .orElseThrow();
        assertEquals("web-01", known.getString("host"));
        assertEquals("tomcat", known.getString("service"));
        assertEquals("prod", known.getString("environment"));
        assertEquals("dc1", known.getString("datacenter"));
        assertEquals("web-platform", known.getString("team"));
        assertEquals("web", known.getString("role"));
        assertEquals("oom_kill", known.getString("kind"));
        assertTrue(known.getBoolean("is_kill"));
        assertEquals("2026-03-01T10:00:10Z", known.getString("event_time"));
        assertEquals(900L, known.getInt64("victim_anon_rss_kb"));
        assertTrue(Instant.parse(known.getString("seen_at")).compareTo(WALL0) >= 0, "seen_at is processing time");
        final Struct stranger = events.values().stream().filter(s -> s.getInt32("victim_pid") == 4242).findFirst()
                .orElseThrow();
        assertEquals("unknown", stranger.getString("environment"), "no fleet metadata: 'unknown', never null");
        assertEquals("unknown", stranger.getString("team"));
        assertEquals("unknown", stranger.getString("fleet_status"));
        assertEquals("mysqld", stranger.getString("service"));
        assertNull(stranger.get("pod_uid"));

        final Map<String, Struct> incidents = rows(config.sinkIncidentsTopic(), SinkRows.INCIDENTS);
        final Struct web = incidents.values().stream().filter(s -> "web-01".equals(s.getString("host"))).findFirst()
                .orElseThrow();
        assertEquals("host", web.getString("scope"));
        assertEquals(2, web.getInt32("kill_count"));
        assertEquals("critical", web.getString("severity"), "tomcat is critical on web-01");
        assertEquals(4, web.getInt32("severity_rank"));
        assertEquals("java", web.getString("victims"));
        assertEquals("tomcat", web.getString("services_hit"));
        assertEquals("2026-03-01T10:00:10Z", web.getString("opened_at"));
        assertEquals("2026-03-01T10:03:00Z", web.getString("last_kill_at"));
        assertEquals("prod", web.getString("environment"));
        assertFalse(web.getString("verdict").isBlank());

        final Map<String, Struct> counts = rows(config.sinkKillCountsTopic(), SinkRows.KILL_COUNTS);
        assertEquals(2, counts.size(), "the 10:00 window of tomcat/prod and of mysqld/unknown: " + counts.keySet());
        final Struct tomcat = counts.values().stream().filter(s -> "tomcat".equals(s.getString("service")))
                .findFirst().orElseThrow();
        assertEquals(1L, tomcat.getInt64("kills"));
        assertEquals("2026-03-01T10:00:00Z", tomcat.getString("window_start"));
        assertEquals("2026-03-01T10:01:00Z", tomcat.getString("window_end"));
        assertTrue(counts.keySet().stream().allMatch(k -> k.startsWith("{\"service\":")),
                "the kill-count key is kept: " + counts.keySet());
    }

    @Test
    void shouldWriteAllocationFailuresAndIncompleteReportsWithTheirFragmentationAndReason() {
        pipe(json("nfs-gw-1", "2026-03-01T10:00:00Z",
                "kworker/u16:3: page allocation failure: order:3, mode:0x14040c0(GFP_KERNEL|__GFP_COMP), nodemask=(null)"));
        pipe(json("db-7", "2026-03-01T10:00:05Z",
                "postgres invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0"));
        driver.advanceWallClockTime(Duration.ofMinutes(2)); // both reports go out at the idle timeout

        final Map<String, Struct> events = rows(config.sinkEventsTopic(), SinkRows.EVENTS);
        final Struct alloc = events.values().stream().filter(s -> "alloc_failure".equals(s.getString("kind")))
                .findFirst().orElseThrow(() -> new AssertionError(events.toString()));
        assertFalse(alloc.getBoolean("is_kill"));
        assertEquals(3, alloc.getInt32("alloc_order"));
        assertEquals("unknown", alloc.getString("service"), "an allocation failure names no service");
        final Struct cut = events.values().stream().filter(s -> "db-7".equals(s.getString("host"))).findFirst()
                .orElseThrow();
        assertFalse(cut.getBoolean("complete"));
        assertEquals("idle_timeout", cut.getString("incomplete_reason"));
        assertFalse(cut.getBoolean("is_kill"), "a report that never reached its kill line is not a kill");

        final Struct incident = rows(config.sinkIncidentsTopic(), SinkRows.INCIDENTS).values().stream()
                .filter(s -> "db-7".equals(s.getString("host"))).findFirst().orElseThrow();
        assertEquals(0, incident.getInt32("kill_count"));
        assertEquals(1, incident.getInt32("reports_without_kill"));
        assertNull(incident.get("last_kill_at"), "no kill time invented");
    }

    @Test
    void shouldDescribeTheRowsTheConnectorFilesWriteAndTheTopicsTheyRead() throws IOException {
        final Map<String, SinkRows.Table> byTopic = Map.of(
                config.sinkEventsTopic(), SinkRows.EVENTS,
                config.sinkIncidentsTopic(), SinkRows.INCIDENTS,
                config.sinkKillCountsTopic(), SinkRows.KILL_COUNTS);
        final List<Path> files;
        try (var list = Files.list(CONNECT)) {
            files = list.filter(p -> p.getFileName().toString().startsWith("jdbc-sink-")).sorted().toList();
        }
        assertEquals(3, files.size(), files.toString());
        for (final Path f : files) {
            final Properties p = load(f);
            final SinkRows.Table table = byTopic.get(p.getProperty("topics"));
            assertTrue(table != null, f + " reads " + p.getProperty("topics") + ", not a sink topic");
            assertEquals(table.name(), p.getProperty("collection.name.format"), f.toString());
            assertEquals(table.primaryKey(), Arrays.stream(p.getProperty("primary.key.fields").split(","))
                    .map(String::trim).toList(), f.toString());
            assertEquals("upsert", p.getProperty("insert.mode"), f.toString());
            assertEquals("record_value", p.getProperty("primary.key.mode"), f.toString());
            assertEquals("none", p.getProperty("schema.evolution"), "tables come from deploy/sql/schema.sql");
            assertEquals("io.debezium.connector.jdbc.JdbcSinkConnector", p.getProperty("connector.class"));
        }
        final Properties worker = load(CONNECT.resolve("worker.properties"));
        assertEquals("org.apache.kafka.connect.json.JsonConverter", worker.getProperty("value.converter"));
        assertEquals("true", worker.getProperty("value.converter.schemas.enable"));
        assertEquals("read_committed", worker.getProperty("consumer.isolation.level"));

        final Map<String, NewTopic> plan = new LinkedHashMap<>();
        TopicPlan.topics(config, 3, (short) 1).forEach(t -> plan.put(t.name(), t));
        assertTrue(plan.keySet().containsAll(byTopic.keySet()), plan.keySet().toString());
        assertEquals(TopicConfig.CLEANUP_POLICY_COMPACT, plan.get(config.sinkKillCountsTopic()).configs()
                .get(TopicConfig.CLEANUP_POLICY_CONFIG), "kill-count rows are compacted on their key");
    }

    // Test helpers.

    /** Latest row per key, each validated against the envelope schema and converted by Connect. */
    private Map<String, Struct> rows(final String topic, final SinkRows.Table table) {
        final TestOutputTopic<String, String> out = driver.createOutputTopic(topic, new StringDeserializer(),
                new StringDeserializer());
        final Map<String, Struct> latest = new LinkedHashMap<>();
        for (final TestRecord<String, String> r : out.readRecordsToList()) {
            final JsonNode envelope = parse(r.value());
            EventSchema.assertValid("sink-envelope.schema.json", envelope);
            final SchemaAndValue data = converter.toConnectData(topic, r.value().getBytes(StandardCharsets.UTF_8));
            final Struct row = (Struct) data.value();
            assertEquals(table.schemaName(), data.schema().name());
            assertEquals(table.columnNames().stream().toList(),
                    data.schema().fields().stream().map(org.apache.kafka.connect.data.Field::name).toList());
            for (final SinkRows.Column c : table.columns()) {
                final Schema s = data.schema().field(c.name()).schema();
                assertEquals(c.optional(), s.isOptional(), c.name());
                if (c.type() == SinkRows.Type.TIMESTAMP) {
                    assertEquals(SinkRows.TIMESTAMP_LOGICAL, s.name(), c.name());
                    if (row.get(c.name()) != null) {
                        Instant.parse(row.getString(c.name()));
                    }
                }
            }
            for (final String pk : table.primaryKey()) {
                assertTrue(row.get(pk) != null, "primary key column " + pk + " is set");
            }
            assertTrue(r.timestamp() >= WALL0.toEpochMilli(), "stamped with processing time");
            latest.put(r.key(), row);
        }
        return latest;
    }

    private void publish(final FleetHost host) {
        fleet.pipeInput(HostNames.key(host.host()), Json.write(host));
    }

    private void pipe(final String record) {
        input.pipeInput(null, record.getBytes(StandardCharsets.UTF_8));
    }

    private static String kill(final String host, final String time, final int pid, final String name) {
        return json(host, time, "Out of memory: Killed process " + pid + " (" + name + ") total-vm:1000kB, "
                + "anon-rss:900kB, file-rss:0kB, shmem-rss:0kB");
    }

    private static String json(final String host, final String time, final String msg) {
        return "{\"hostname\":\"" + host + "\",\"timestamp\":\"" + time + "\",\"programname\":\"kernel\",\"msg\":\""
                + msg + "\"}";
    }

    private static Properties load(final Path file) throws IOException {
        final Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }

    private static JsonNode parse(final String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
