package io.oomstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.oomstream.app.StreamsApp;
import io.oomstream.config.AppConfig;
import io.oomstream.enrich.FleetHost;
import io.oomstream.enrich.HostNames;
import io.oomstream.enrich.Service;
import io.oomstream.event.Json;
import io.oomstream.metrics.Metrics;
import io.oomstream.sink.SinkRows;
import io.oomstream.testing.Fixtures;
import io.oomstream.testing.HostileFixtures;
import io.oomstream.topology.TopicPlan;
import java.io.IOException;
import java.io.Reader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sink, for real: the topology on a real broker writes the sink topics; Kafka Connect standalone (a child
 * JVM, connect-runtime from this classpath) runs the Debezium JDBC sink from target/connect-plugins with the
 * unchanged files of deploy/connect/ into a private PostgreSQL 15 cluster whose tables come from
 * deploy/sql/schema.sql. Checked: every row equals the latest record of its key on the sink topics, column by
 * column (times too, with the Connect JVM in a non-UTC zone); replaying the raw input and the sink topics
 * changes no row and no count; every SQL query of the Grafana dashboards (deploy/grafana/dashboards), with
 * Grafana's macros and variables expanded ({@link GrafanaSql}), returns rows with the expected columns.
 *
 * <p>Skipped when PostgreSQL 15 is not installed ({@code apt-get install postgresql}; .ci/run installs it).
 */
@Tag("broker")
@Timeout(240)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SinkToPostgresTest {

    private static final String DATABASE = "oom";
    private static final Path CONNECT_DIR = Path.of("deploy", "connect").toAbsolutePath();
    private static final Path PLUGINS = Path.of("target", "connect-plugins").toAbsolutePath();
    private static final Path DASHBOARDS = Path.of("deploy", "grafana", "dashboards");
    private static final Instant T0 = Instant.parse("2026-03-04T10:00:00Z");
    /** Columns set from processing time: they may change on a replay, nothing else may. */
    private static final Set<String> PROCESSING_TIME_COLUMNS = Set.of("seen_at", "updated_at");

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    private Path work;
    private PrivatePostgres pg;
    private AppConfig config;
    private StreamsApp app;
    private Process connect;
    private Path connectLog;
    private final List<String> input = new ArrayList<>();
    /** Log time of each victim's kill line, by pid. */
    private final Map<Integer, Instant> killTimes = new TreeMap<>();
    private Map<String, Map<String, Map<String, Object>>> loaded;

    @BeforeAll
    void startEverything() throws Exception {
        Assumptions.assumeTrue(PrivatePostgres.installed(), "Skipped: PostgreSQL 15 is not installed ("
                + PrivatePostgres.BIN.resolve("initdb") + " missing; apt-get install postgresql, as .ci/run does)");
        assertTrue(Files.isDirectory(PLUGINS.resolve("debezium-connector-jdbc")), PLUGINS
                + " holds no Debezium JDBC sink: the pom unpacks it at process-test-resources (mvn test, not the IDE)");
        work = Files.createTempDirectory("oomstream-sink-it-");
        final long t0 = System.nanoTime();
        pg = PrivatePostgres.start(DATABASE);
        try (Connection c = pg.connect(DATABASE); Statement s = c.createStatement()) {
            s.execute(Files.readString(Path.of("deploy", "sql", "schema.sql")));
        }
        log("PostgreSQL up with deploy/sql/schema.sql", t0);

        config = AppConfig.load(null, Map.of(), Map.of(
                "bootstrap.servers", KAFKA.bootstrapServers(),
                AppConfig.APPLICATION_ID, "sink-it",
                AppConfig.STATE_DIR, work.resolve("state").toString(),
                AppConfig.HTTP_PORT, "-1",
                AppConfig.COMMIT_INTERVAL_MS, "100",
                AppConfig.REPLICATION_FACTOR, "1",
                AppConfig.IDLE_TIMEOUT_MS, "2000",
                // 10 minutes: lab-9's kills 14 minutes apart close its first incident, so the dashboard's
                // "resolved" query has a closed incident to show.
                AppConfig.INCIDENT_QUIET_GAP_MS, "600000"));
        KAFKA.createTopics(TopicPlan.topics(config, 1, (short) 1));
        publishFleet();
        app = StreamsApp.start(config, new Metrics());
        assertTrue(app.awaitRunning(Duration.ofSeconds(60)), "streams app running");
        log("topology running", t0);
        connect = startConnect();
        awaitConnectorsRunning(Duration.ofSeconds(90));
        log("Connect running with the three JDBC sink connectors", t0);
    }

    @AfterAll
    void stopEverything() throws Exception {
        if (connect != null) {
            connect.destroy();
            if (!connect.waitFor(30, TimeUnit.SECONDS)) {
                connect.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (app != null) {
            app.close();
        }
        if (pg != null) {
            pg.close();
        }
        if (work != null) {
            try (var paths = Files.walk(work)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    @Order(1)
    void shouldUpsertEveryRowOfTheSinkTopicsIntoTheTablesOfSchemaSql() throws Exception {
        assertTablesMatchSinkRows();
        buildInput();
        final long t0 = System.nanoTime();
        TopicIO.produceLines(KAFKA.bootstrapServers(), config.inputTopic(), input);
        awaitDatabase(Duration.ofSeconds(90), "events, incidents and kill counts of the sample", c ->
                count(c, "SELECT count(*) FROM oom_events") >= 8
                        && count(c, "SELECT count(*) FROM oom_events WHERE NOT complete") >= 1
                        && count(c, "SELECT count(*) FROM oom_events WHERE kind = 'alloc_failure'") == 1
                        && count(c, "SELECT count(*) FROM oom_incidents WHERE scope = 'host'") >= 4
                        && count(c, "SELECT count(*) FROM oom_kill_counts") >= 5);
        loaded = awaitDatabaseEqualsSinkTopics(Duration.ofSeconds(60));
        log("sample in PostgreSQL (" + loaded.get("oom_events").size() + " events, " + loaded.get("oom_incidents").size()
                + " incidents, " + loaded.get("oom_kill_counts").size() + " kill counts)", t0);

        try (Connection c = pg.connect(DATABASE)) {
            // Times: the kill line's log time exactly, although the Connect JVM runs in America/New_York.
            for (final Map.Entry<Integer, Instant> kill : killTimes.entrySet()) {
                assertEquals(kill.getValue(), instant(c, "SELECT event_time FROM oom_events WHERE victim_pid = "
                        + kill.getKey()), "event_time of the kill of " + kill.getKey());
            }
            final Map<String, Object> web = row(c, "SELECT * FROM oom_incidents WHERE host = 'web-01'");
            assertEquals("critical", web.get("severity"), "tomcat is critical on web-01: " + web);
            assertEquals(4, web.get("severity_rank"));
            assertTrue((Integer) web.get("kill_count") >= 2, web.toString());
            assertEquals("prod", web.get("environment"));
            assertEquals("web-platform", web.get("team"));
            assertEquals(killTimes.get(2001), ((Timestamp) web.get("opened_at")).toInstant(), "its first kill");
            assertFalse(((String) web.get("verdict")).isBlank());

            assertEquals(1L, count(c, "SELECT count(*) FROM oom_incidents WHERE host = 'lab-9' AND status = 'closed'"
                    + " AND closed_at = '" + killTimes.get(5001).plusSeconds(600) + "'"),
                    "lab-9's first incident closed one quiet gap after its kill, by the second kill 14 minutes later");

            final Map<String, Object> db = row(c, "SELECT * FROM oom_incidents WHERE host = 'db-01'");
            assertEquals("backup-agent", db.get("culprit_name"), "the holder, not the victim: " + db);
            assertEquals(Boolean.FALSE, db.get("culprit_among_victims"));
            assertEquals("postgres", db.get("victims"));
            assertEquals("postgres", db.get("services_hit"));

            // (Before 10:05: the report cut short at 10:10 may count as a kill of its own.)
            assertEquals(2L, count(c, "SELECT sum(kills) FROM oom_kill_counts WHERE service = 'tomcat'"
                    + " AND environment = 'prod' AND datacenter = 'dc1' AND team = 'web-platform'"
                    + " AND window_start < '2026-03-04T10:05:00Z'"));
            assertEquals(List.of("2026-03-04T10:00:00Z", "2026-03-04T10:02:00Z"), strings(c,
                    "SELECT to_char(window_start AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM oom_kill_counts"
                            + " WHERE service = 'tomcat' AND window_start < '2026-03-04T10:05:00Z' ORDER BY window_start"));
            assertEquals(0L, count(c, "SELECT count(*) FROM oom_kill_counts WHERE window_end - window_start <> interval '1 minute'"));
            assertEquals(1L, count(c, "SELECT sum(kills) FROM oom_kill_counts WHERE service = 'postgres' AND team = 'dba'"));

            final Map<String, Object> alloc = row(c, "SELECT * FROM oom_events WHERE kind = 'alloc_failure'");
            assertEquals("db-01", alloc.get("host"));
            assertEquals(3, alloc.get("alloc_order"));
            assertEquals(Boolean.TRUE, alloc.get("fragmented"));
            assertEquals(Boolean.FALSE, alloc.get("is_kill"));
            assertEquals("prod", alloc.get("environment"));
            final Map<String, Object> cut = row(c, "SELECT * FROM oom_events WHERE NOT complete");
            assertEquals("web-01", cut.get("host"));
            assertEquals("idle_timeout", cut.get("incomplete_reason"));
            assertEquals("unknown", row(c, "SELECT * FROM oom_events WHERE victim_pid = 5001").get("environment"),
                    "a host without fleet metadata: 'unknown', never null");
        }
    }

    @Test
    @Order(2)
    void shouldChangeNoRowAndNoCountWhenTheInputAndTheSinkTopicsAreReplayed() throws Exception {
        Assumptions.assumeTrue(loaded != null, "needs the rows of the first test");
        final Map<String, Long> countsBefore = counts();
        final long t0 = System.nanoTime();

        // 1. The whole raw input again (a shipper redelivering after an outage).
        TopicIO.produceLines(KAFKA.bootstrapServers(), config.inputTopic(), input);
        awaitTopologyConsumed();
        // Reports the replay reopened go out at the idle timeout (wall clock): let them, then wait again.
        TimeUnit.MILLISECONDS.sleep(config.idleTimeout().toMillis() + config.reaperGrace().toMillis() + 1000);
        awaitTopologyConsumed();
        // 2. Every record of the sink topics again (a connector reset to the earliest offsets, a topic re-fed).
        final Map<String, Integer> replayed = new LinkedHashMap<>();
        final Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            final io.oomstream.loadgen.CheckedSends sends = new io.oomstream.loadgen.CheckedSends();
            for (final String topic : sinkTopics()) {
                final List<ConsumerRecord<byte[], byte[]>> records = TopicIO.readAll(KAFKA.bootstrapServers(), topic,
                        Duration.ofSeconds(1));
                records.forEach(r -> producer.send(new ProducerRecord<>(topic, r.key(), r.value()), sends));
                replayed.put(topic, records.size());
            }
            producer.flush();
            sends.throwIfFailed("the test\'s input");
        }
        awaitConnectConsumed(Duration.ofSeconds(60));
        log("input and sink topics replayed " + replayed + ", consumed by Connect", t0);

        replayed.forEach((topic, n) -> assertTrue(n > 0, topic + " replayed"));
        assertEquals(countsBefore, counts(), "no count changed");
        final Map<String, Map<String, Map<String, Object>>> after = snapshot();
        for (final String table : loaded.keySet()) {
            assertEquals(withoutProcessingTime(loaded.get(table)), withoutProcessingTime(after.get(table)),
                    table + " rows changed by the replay");
        }
        assertEquals(awaitDatabaseEqualsSinkTopics(Duration.ofSeconds(30)).keySet(), loaded.keySet());
    }

    @Test
    @Order(3)
    void shouldAnswerEveryDashboardQueryWithRowsOfTheExpectedColumns() throws Exception {
        Assumptions.assumeTrue(loaded != null, "needs the rows of the first test");
        final Map<String, List<String>> expected = expectedColumns();
        final GrafanaSql grafana = new GrafanaSql(Instant.parse("2026-03-04T00:00:00Z"),
                Instant.parse("2026-03-05T00:00:00Z"), Duration.ofMinutes(1));
        final GrafanaSql elsewhen = new GrafanaSql(Instant.parse("2026-03-05T00:00:00Z"),
                Instant.parse("2026-03-06T00:00:00Z"), Duration.ofMinutes(1));
        final List<Path> files;
        try (var list = Files.list(DASHBOARDS)) {
            files = list.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertFalse(files.isEmpty());
        int ran = 0;
        try (Connection c = pg.connect(DATABASE)) {
            for (final Path file : files) {
                final JsonNode dashboard = Json.MAPPER.readTree(file.toFile());
                final Map<String, String> queries = GrafanaSql.queries(dashboard);
                assertEquals(expected.keySet(), queries.keySet(), file + ": every query has expected columns here");

                // Variables as Grafana resolves them: "All" = every value of the variable's own query.
                final Map<String, List<String>> all = new LinkedHashMap<>();
                for (final String v : List.of("environment", "datacenter", "team", "host")) {
                    all.put(v, column(c, grafana.expand(queries.get("variable " + v), all)));
                }
                assertEquals(List.of("prod", "staging", "unknown"), all.get("environment"));
                assertEquals(List.of("dc1", "dc2", "unknown"), all.get("datacenter"));
                final Map<String, List<String>> prodDc1 = new LinkedHashMap<>();
                prodDc1.put("environment", List.of("prod"));
                prodDc1.put("datacenter", column(c, grafana.expand(queries.get("variable datacenter"), prodDc1)));
                assertEquals(List.of("dc1"), prodDc1.get("datacenter"));
                prodDc1.put("team", column(c, grafana.expand(queries.get("variable team"), prodDc1)));
                assertEquals(List.of("dba", "web-platform"), prodDc1.get("team"));
                prodDc1.put("host", column(c, grafana.expand(queries.get("variable host"), prodDc1)));
                assertFalse(prodDc1.get("host").isEmpty(), "prod/dc1 hosts");
                assertTrue(all.get("host").containsAll(prodDc1.get("host")), "prod/dc1 hosts among all hosts");

                for (final Map.Entry<String, String> q : queries.entrySet()) {
                    final String sql = q.getValue();
                    if (q.getKey().startsWith("panel ")) {
                        assertTrue(sql.contains("$__timeFilter("), q.getKey() + " follows the time range");
                        for (final String v : all.keySet()) {
                            if (v.equals("host") && sql.contains("FROM oom_kill_counts")) {
                                continue; // kill counts are kept per service, not per host
                            }
                            assertTrue(sql.contains("$" + v), q.getKey() + " is filtered by $" + v);
                        }
                    }
                    for (final Map<String, List<String>> vars : List.of(all, prodDc1)) {
                        final List<Map<String, Object>> rows = query(c, grafana.expand(sql, vars));
                        if (vars == prodDc1 && q.getKey().equals("panel Alerts fired and resolved / B")) {
                            // The only closed incident is lab-9's, outside prod/dc1: the filter must hide it.
                            assertEquals(List.of(), rows, q.getKey() + " for " + vars);
                            ran++;
                            continue;
                        }
                        assertFalse(rows.isEmpty(), q.getKey() + " returns rows for " + vars);
                        assertEquals(expected.get(q.getKey()), List.copyOf(rows.get(0).keySet()), q.getKey());
                        ran++;
                    }
                }

                // What the panels say, for the filters chosen.
                final List<Map<String, Object>> culprits = query(c, grafana.expand(
                        queries.get("panel Top culprits vs victims"), all));
                final Map<String, Object> backup = culprits.stream().filter(r -> "backup-agent".equals(r.get("process")))
                        .findFirst().orElseThrow(() -> new AssertionError(culprits.toString()));
                assertEquals(1L, ((Number) backup.get("culprit_spared")).longValue(), "culprit, yet not killed");
                assertEquals(0L, ((Number) backup.get("kills")).longValue());
                final Set<Object> prodHosts = query(c, grafana.expand(queries.get("panel Hosts ranked by incidents"),
                        prodDc1)).stream().map(r -> r.get("host")).collect(Collectors.toSet());
                assertEquals(Set.of("web-01", "db-01"), prodHosts, "only prod/dc1 hosts for environment=prod");
                final Map<String, List<String>> web01 = new LinkedHashMap<>(all);
                web01.put("host", List.of("web-01"));
                final Set<Object> explained = query(c, grafana.expand(
                        queries.get("panel Kills explained: victim, culprit and why"), web01)).stream()
                        .map(r -> r.get("host")).collect(Collectors.toSet());
                assertEquals(Set.of("web-01"), explained, "the alert link's host=web-01 shows web-01's kills only");
                final Map<String, Object> total = query(c, grafana.expand(queries.get("panel Kills in range"), all)).get(0);
                assertEquals(count(c, "SELECT sum(kills) FROM oom_kill_counts"), ((Number) total.get("kills")).longValue());
                final Map<String, Object> none = query(c, elsewhen.expand(queries.get("panel Kills in range"), all)).get(0);
                assertEquals(0L, ((Number) none.get("kills")).longValue(), "the time range is applied");
                for (final Map<String, Object> r : query(c, grafana.expand(queries.get("panel Kills per service"), all))) {
                    final long epoch = ((Number) r.get("time")).longValue();
                    assertTrue(epoch % 60 == 0 && epoch >= T0.getEpochSecond() && epoch < T0.getEpochSecond() + 3600,
                            "time buckets of $__interval within the range: " + r);
                }
            }
        }
        assertTrue(ran >= 2 * expected.size(), "queries run: " + ran);
    }

    /**
     * Hostile content in PostgreSQL: the hostile fixtures (quotes, markup, SQL, ESC/NUL/CR/BEL, invalid UTF-8, a
     * 10,000-character host) and a host whose fleet environment, datacenter and team are SQL, quotes and markup.
     * Every row equals its sink record column by column (NUL as U+2400, the long host bounded: docs/sink.md), the
     * connectors keep running, and every dashboard query, with those values chosen in its variables the way
     * Grafana quotes them, runs and finds the host.
     */
    @Test
    @Order(4)
    void shouldStoreHostileNamesAndAnswerTheDashboardsForHostileFleetValues() throws Exception {
        Assumptions.assumeTrue(loaded != null, "needs the rows of the first test");
        final String environment = "prod'); DROP TABLE oom_events;--";
        final String datacenter = "dc\"\\3 <b>";
        final String team = "<script>alert('t')</script>";
        final Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            final io.oomstream.loadgen.CheckedSends sends = new io.oomstream.loadgen.CheckedSends();
            final FleetHost host = new FleetHost("hostile-01", datacenter, environment, "web", team, 8_000_000L,
                    "5.15.0-91-generic", "#x", List.of());
            final double fleetRecordsBefore = fleetRecordsConsumed();
            producer.send(new ProducerRecord<>(config.fleetTopic(), HostNames.key(host.host()).getBytes(StandardCharsets.UTF_8),
                    Json.write(host).getBytes(StandardCharsets.UTF_8)), sends);
            producer.flush();
            sends.throwIfFailed("the test\'s input");
            // The fleet table is read by the application's global consumer (no group offsets): wait until it has it.
            final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (fleetRecordsConsumed() <= fleetRecordsBefore && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(200);
            }
            assertTrue(fleetRecordsConsumed() > fleetRecordsBefore, "the fleet record reached the application");
            for (final String line : reportLines("hostile-01", 1800, 9100, "o'b\"\\<i>;--", 6001, "app.service",
                    List.of(task(6001, 700_000, "o'b\"\\<i>;--")))) {
                producer.send(new ProducerRecord<>(config.inputTopic(), line.getBytes(StandardCharsets.UTF_8)), sends);
            }
            for (final byte[] record : HostileFixtures.allRecords()) {
                producer.send(new ProducerRecord<>(config.inputTopic(), record), sends);
            }
            producer.flush();
            sends.throwIfFailed("the test\'s input");
        }
        final String pids = HostileFixtures.KILLS.stream().map(k -> Integer.toString(k.pid()))
                .collect(Collectors.joining(","));
        awaitDatabase(Duration.ofSeconds(120), "the hostile kills", c ->
                count(c, "SELECT count(*) FROM oom_events WHERE victim_pid IN (" + pids + ")") == HostileFixtures.KILLS.size()
                        && count(c, "SELECT count(*) FROM oom_events WHERE victim_pid = 6001 AND team <> 'unknown'") == 1);
        awaitDatabaseEqualsSinkTopics(Duration.ofSeconds(60));
        awaitConnectorsRunning(Duration.ofSeconds(10));

        try (Connection c = pg.connect(DATABASE)) {
            for (final HostileFixtures.Kill k : HostileFixtures.KILLS) {
                final Map<String, Object> row = row(c, "SELECT * FROM oom_events WHERE victim_pid = " + k.pid());
                assertEquals(k.name().replace('\u0000', SinkRows.NUL_SYMBOL), row.get("victim_name"), "victim " + k.pid());
                assertEquals(k.taskMemcg(), row.get("task_memcg"), "task_memcg of " + k.pid());
                final String host = (String) row.get("host");
                assertTrue(k.host().length() > 500 ? k.host().startsWith(host.substring(0, host.indexOf('…')))
                        : k.host().replace('\u0000', SinkRows.NUL_SYMBOL).equals(host), "host of " + k.pid() + ": " + host);
            }
            final Map<String, Object> fleetRow = row(c, "SELECT * FROM oom_events WHERE victim_pid = 6001");
            assertEquals(List.of(environment, datacenter, team, "o'b\"\\<i>;--"), List.of(fleetRow.get("environment"),
                    fleetRow.get("datacenter"), fleetRow.get("team"), fleetRow.get("victim_name")));

            final GrafanaSql grafana = new GrafanaSql(Instant.parse("2026-03-04T00:00:00Z"),
                    Instant.parse("2026-03-05T00:00:00Z"), Duration.ofMinutes(1));
            final Map<String, List<String>> vars = new LinkedHashMap<>();
            vars.put("environment", List.of(environment));
            vars.put("datacenter", List.of(datacenter));
            vars.put("team", List.of(team));
            for (final Path file : Files.list(DASHBOARDS).filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                final Map<String, String> queries = GrafanaSql.queries(Json.MAPPER.readTree(file.toFile()));
                assertEquals(List.of(datacenter), column(c, grafana.expand(queries.get("variable datacenter"), vars)));
                assertEquals(List.of(team), column(c, grafana.expand(queries.get("variable team"), vars)));
                vars.put("host", column(c, grafana.expand(queries.get("variable host"), vars)));
                assertEquals(List.of("hostile-01"), vars.get("host"), "the hosts of the hostile fleet values");
                for (final Map.Entry<String, String> q : queries.entrySet()) {
                    query(c, grafana.expand(q.getValue(), vars)); // runs: the values are literals, not SQL
                }
                assertEquals(Set.of("hostile-01"), query(c, grafana.expand(queries.get("panel Hosts ranked by incidents"),
                        vars)).stream().map(r -> r.get("host")).collect(Collectors.toSet()));
            }
            assertTrue(count(c, "SELECT count(*) FROM oom_events") > HostileFixtures.KILLS.size(), "oom_events still there");
        }
    }

    /** Records the application's consumers have read from the fleet topic so far (Kafka's records-consumed-total). */
    private double fleetRecordsConsumed() {
        return app.streams().metrics().entrySet().stream()
                .filter(m -> m.getKey().name().equals("records-consumed-total")
                        && (config.fleetTopic().equals(m.getKey().tags().get("topic"))
                        || config.fleetTopic().replace('.', '_').equals(m.getKey().tags().get("topic"))))
                .mapToDouble(m -> ((Number) m.getValue().metricValue()).doubleValue()).sum();
    }

    // The sample.

    private void publishFleet() {
        final List<FleetHost> hosts = List.of(
                new FleetHost("web-01.dc1.example.com", "dc1", "prod", "web", "web-platform", 16_318_412L,
                        "5.15.0-91-generic", "#web-oncall",
                        List.of(new Service("tomcat", List.of("java"), List.of("tomcat9.service"), true))),
                new FleetHost("db-01.dc1.example.com", "dc1", "prod", "db", "dba", 65_000_000L, "5.15.0-91-generic",
                        "#dba", List.of(new Service("postgres", List.of("postgres"), List.of("postgresql.service"), false))),
                new FleetHost("cache-03.dc2.example.com", "dc2", "staging", "cache", "cache-team", 8_000_000L,
                        "6.1.0-18-amd64", "#cache",
                        List.of(new Service("redis", List.of("redis-server"), List.of("redis-server.service"), false))));
        final Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                new StringSerializer())) {
            final io.oomstream.loadgen.CheckedSends sends = new io.oomstream.loadgen.CheckedSends();
            hosts.forEach(h -> producer.send(new ProducerRecord<>(config.fleetTopic(), HostNames.key(h.host()),
                    Json.write(h)), sends));
            producer.flush();
            sends.throwIfFailed("the test\'s input");
        }
    }

    /** Six kills on four hosts, an allocation failure with fragmentation, a report cut short; rsyslog JSON. */
    private void buildInput() {
        input.clear();
        report("web-01", 0, 5000, "java", 2001, "tomcat9.service",
                List.of(task(2001, 900_000, "java"), task(2002, 300_000, "java"), task(2100, 20_000, "nginx")));
        report("db-01", 60, 8000, "postgres", 3001, "postgresql.service",
                List.of(task(3500, 1_500_000, "backup-agent"), task(3001, 400_000, "postgres"),
                        task(3002, 300_000, "postgres")));
        report("web-01", 120, 5120, "java", 2002, "tomcat9.service",
                List.of(task(2002, 950_000, "java"), task(2100, 20_000, "nginx")));
        report("cache-03", 300, 9000, "redis-server", 4001, "redis-server.service",
                List.of(task(4001, 1_800_000, "redis-server")));
        report("lab-9", 360, 1200, "python3", 5001, "user@1000.service",
                List.of(task(5001, 700_000, "python3"), task(5050, 100_000, "bash")));
        allocationFailure("db-01", 480);
        // A report whose lines stop after the header: emitted incomplete at the idle timeout.
        final List<String> head = reportLines("web-01", 600, 5600, "java", 2003, "tomcat9.service",
                List.of(task(2003, 900_000, "java")));
        input.addAll(head.subList(0, 4));
        killTimes.remove(2003);
        // A kill well after the others: its log time closes their kill-count windows.
        report("lab-9", 1200, 2040, "python3", 5002, "user@1000.service", List.of(task(5002, 700_000, "python3")));
    }

    private void report(final String host, final int atSecond, final int uptime, final String victim, final int pid,
                        final String unit, final List<String> tasks) {
        input.addAll(reportLines(host, atSecond, uptime, victim, pid, unit, tasks));
    }

    /** The lines of a 5.15 global OOM report, 1 ms apart from {@code T0 + atSecond}; the kill line is the 3rd last. */
    private List<String> reportLines(final String host, final int atSecond, final int uptime, final String victim,
                                     final int pid, final String unit, final List<String> tasks) {
        final List<String> msgs = new ArrayList<>(List.of(
                victim + " invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0",
                "CPU: 1 PID: " + pid + " Comm: " + victim + " Not tainted 5.15.0-91-generic #101-Ubuntu",
                "Mem-Info:",
                "active_anon:1024 inactive_anon:960112 isolated_anon:0",
                "Free swap  = 0kB",
                "Total swap = 0kB",
                "4194304 pages RAM",
                "Tasks state (memory values in pages):",
                "[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name"));
        msgs.addAll(tasks);
        msgs.add("oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,"
                + "task_memcg=/system.slice/" + unit + ",task=" + victim + ",pid=" + pid + ",uid=1000");
        msgs.add("Out of memory: Killed process " + pid + " (" + victim + ") total-vm:4000000kB, anon-rss:3600000kB, "
                + "file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:7012kB oom_score_adj:0");
        msgs.add("oom_reaper: reaped process " + pid + " (" + victim + "), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB");
        final List<String> lines = new ArrayList<>();
        final Instant start = T0.plusSeconds(atSecond);
        for (int i = 0; i < msgs.size(); i++) {
            lines.add(record(host, start.plusMillis(i), String.format("[%d.%06d] ", uptime, i + 1) + msgs.get(i)));
        }
        killTimes.put(pid, start.plusMillis(msgs.size() - 2L));
        return lines;
    }

    private static String task(final int pid, final long rssPages, final String name) {
        return String.format("[%7d]  1000 %5d  4000000  %7d  7180288        0             0 %s", pid, pid, rssPages, name);
    }

    /** The whole fixture alloc-failure/ubuntu-4.15-order3-gfp-names-nodemask.log, as {@code host} logged it. */
    private void allocationFailure(final String host, final int atSecond) {
        final Pattern line = Pattern.compile("^\\w{3} +\\d+ \\d\\d:\\d\\d:\\d\\d \\S+ ([^:\\[\\s]+)(?:\\[\\d+])?: (.*)$");
        final String[] lines = Fixtures.read("kernel-logs/alloc-failure/ubuntu-4.15-order3-gfp-names-nodemask.log")
                .split("\n");
        final Instant start = T0.plusSeconds(atSecond);
        for (int i = 0; i < lines.length; i++) {
            final Matcher m = line.matcher(lines[i]);
            assertTrue(m.matches(), lines[i]);
            input.add(record(host, start.plusMillis(i), m.group(2), m.group(1)));
        }
    }

    private static String record(final String host, final Instant time, final String msg) {
        return record(host, time, msg, "kernel");
    }

    private static String record(final String host, final Instant time, final String msg, final String program) {
        final Map<String, String> r = new LinkedHashMap<>();
        r.put("hostname", host);
        r.put("timestamp", time.toString());
        r.put("programname", program);
        r.put("facility", "kern");
        r.put("msg", msg);
        return Json.write(r);
    }

    // Connect.

    private Process startConnect() throws IOException {
        final int restPort;
        try (ServerSocket s = new ServerSocket(0)) {
            restPort = s.getLocalPort();
        }
        final List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                // Not UTC on purpose: rows must not depend on the worker's zone.
                "-Duser.timezone=America/New_York",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-cp", System.getProperty("java.class.path"),
                "org.apache.kafka.connect.cli.ConnectStandalone",
                CONNECT_DIR.resolve("worker.properties").toString()));
        connectorFiles().forEach(f -> cmd.add(f.toString()));
        connectLog = work.resolve("connect.log");
        // The working directory holds connect-plugins/, which worker.properties' plugin.path names.
        final ProcessBuilder pb = new ProcessBuilder(cmd).directory(PLUGINS.getParent().toFile())
                .redirectErrorStream(true).redirectOutput(connectLog.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("CONNECT_") || k.startsWith("OOMSTREAM_"));
        pb.environment().put("CONNECT_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers());
        pb.environment().put("CONNECT_LISTENERS", "http://127.0.0.1:" + restPort);
        pb.environment().put("CONNECT_OFFSETS_FILE", work.resolve("connect.offsets").toString());
        pb.environment().put("OOMSTREAM_JDBC_URL", pg.jdbcUrl(DATABASE));
        pb.environment().put("OOMSTREAM_JDBC_USER", PrivatePostgres.SUPERUSER);
        pb.environment().put("OOMSTREAM_JDBC_PASSWORD", "unused-trust-auth");
        restUri = URI.create("http://127.0.0.1:" + restPort + "/connectors?expand=status");
        return pb.start();
    }

    private URI restUri;

    private static List<Path> connectorFiles() throws IOException {
        try (var list = Files.list(CONNECT_DIR)) {
            return list.filter(p -> p.getFileName().toString().matches("jdbc-sink-.*\\.properties")).sorted().toList();
        }
    }

    private List<String> connectorNames() throws IOException {
        final List<String> names = new ArrayList<>();
        for (final Path f : connectorFiles()) {
            final Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(f)) {
                p.load(r);
            }
            names.add(p.getProperty("name"));
        }
        return names;
    }

    private void awaitConnectorsRunning(final Duration timeout) throws Exception {
        final HttpClient http = HttpClient.newHttpClient();
        final List<String> names = connectorNames();
        final long deadline = System.nanoTime() + timeout.toNanos();
        String last = "(no answer)";
        while (System.nanoTime() < deadline) {
            if (!connect.isAlive()) {
                fail("Connect exited " + connect.exitValue() + ":\n" + tail(connectLog));
            }
            try {
                final HttpResponse<String> r = http.send(HttpRequest.newBuilder(restUri).timeout(Duration.ofSeconds(5))
                        .build(), HttpResponse.BodyHandlers.ofString());
                last = r.body();
                final JsonNode status = Json.MAPPER.readTree(r.body());
                boolean running = true;
                for (final String n : names) {
                    final JsonNode s = status.path(n).path("status");
                    final List<String> states = new ArrayList<>();
                    states.add(s.path("connector").path("state").asText());
                    s.path("tasks").forEach(t -> states.add(t.path("state").asText()));
                    if (states.contains("FAILED")) {
                        fail("connector " + n + " failed: " + s + "\n" + tail(connectLog));
                    }
                    running &= s.path("tasks").size() == 1 && states.stream().allMatch("RUNNING"::equals);
                }
                if (running) {
                    return;
                }
            } catch (final IOException notYet) {
                // REST not up yet
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        fail("connectors not running within " + timeout + ": " + last + "\n" + tail(connectLog));
    }

    private List<String> sinkTopics() {
        return List.of(config.sinkEventsTopic(), config.sinkIncidentsTopic(), config.sinkKillCountsTopic());
    }

    /** The app consumed the input and every topic it reads back (repartitions, the read-back output topics). */
    private void awaitTopologyConsumed() throws Exception {
        final List<String> topics = new ArrayList<>(List.of(config.inputTopic(), config.enrichedTopic(),
                config.incidentsTopic(), config.killCountsTopic()));
        final Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            admin.listTopics().names().get().stream()
                    .filter(t -> t.startsWith(config.applicationId() + "-") && t.endsWith("-repartition"))
                    .sorted().forEach(topics::add);
        }
        // Twice: records a later stage writes while an earlier one is being awaited.
        for (int round = 0; round < 2; round++) {
            for (final String t : topics) {
                TopicIO.awaitConsumed(KAFKA.bootstrapServers(), config.applicationId(), t, Duration.ofSeconds(60));
            }
        }
    }

    /** Every sink connector's consumer group has committed the end of its topic. */
    private void awaitConnectConsumed(final Duration timeout) throws Exception {
        final List<Path> files = connectorFiles();
        for (final Path f : files) {
            final Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(f)) {
                p.load(r);
            }
            TopicIO.awaitConsumed(KAFKA.bootstrapServers(), "connect-" + p.getProperty("name"), p.getProperty("topics"),
                    timeout);
        }
    }

    // PostgreSQL.

    private void assertTablesMatchSinkRows() throws SQLException {
        try (Connection c = pg.connect(DATABASE)) {
            for (final SinkRows.Table t : SinkRows.TABLES) {
                final List<String> actual = new ArrayList<>();
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                        "SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_name = '"
                                + t.name() + "' ORDER BY ordinal_position")) {
                    while (rs.next()) {
                        actual.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
                    }
                }
                final List<String> wanted = t.columns().stream().map(col -> col.name() + " " + sqlType(col.type()) + " "
                        + (col.optional() ? "YES" : "NO")).toList();
                assertEquals(wanted, actual, "deploy/sql/schema.sql table " + t.name() + " against SinkRows");
                assertEquals(t.primaryKey(), strings(c, "SELECT a.attname FROM pg_index i JOIN pg_attribute a"
                        + " ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indrelid = '" + t.name()
                        + "'::regclass AND i.indisprimary ORDER BY array_position(i.indkey::smallint[], a.attnum)"), t.name() + " key");
            }
        }
    }

    private static String sqlType(final SinkRows.Type type) {
        return switch (type) {
            case STRING -> "text";
            case INT32 -> "integer";
            case INT64 -> "bigint";
            case FLOAT64 -> "double precision";
            case BOOLEAN -> "boolean";
            case TIMESTAMP -> "timestamp with time zone";
        };
    }

    @FunctionalInterface
    private interface DbCondition {
        boolean test(Connection c) throws SQLException;
    }

    private void awaitDatabase(final Duration timeout, final String what, final DbCondition condition) throws Exception {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection c = pg.connect(DATABASE)) {
                if (condition.test(c)) {
                    return;
                }
            }
            if (!connect.isAlive()) {
                fail("Connect exited:\n" + tail(connectLog));
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        fail(what + " not in PostgreSQL within " + timeout + "; tables: " + counts() + "\nConnect:\n" + tail(connectLog));
    }

    /**
     * Waits until every table holds exactly the latest payload of each key on its sink topic, every column equal
     * (times compared as instants); returns that snapshot.
     */
    private Map<String, Map<String, Map<String, Object>>> awaitDatabaseEqualsSinkTopics(final Duration timeout)
            throws Exception {
        final long deadline = System.nanoTime() + timeout.toNanos();
        String difference = "";
        while (System.nanoTime() < deadline) {
            final Map<String, Map<String, Map<String, Object>>> db = snapshot();
            difference = "";
            for (final SinkRows.Table t : SinkRows.TABLES) {
                final Map<String, Map<String, Object>> wanted = expectedRows(t);
                if (!wanted.equals(db.get(t.name()))) {
                    difference = t.name() + ": topic " + wanted + "\n   db " + db.get(t.name());
                    break;
                }
            }
            if (difference.isEmpty()) {
                return db;
            }
            TimeUnit.SECONDS.sleep(1);
        }
        fail("PostgreSQL does not hold the sink topics' rows: " + difference + "\nConnect:\n" + tail(connectLog));
        return Map.of();
    }

    /** The latest payload per primary key on the table's sink topic, normalised like {@link #snapshot()}. */
    private Map<String, Map<String, Object>> expectedRows(final SinkRows.Table table) throws IOException {
        final String topic = table == SinkRows.EVENTS ? config.sinkEventsTopic()
                : table == SinkRows.INCIDENTS ? config.sinkIncidentsTopic() : config.sinkKillCountsTopic();
        final Map<String, Map<String, Object>> rows = new TreeMap<>();
        for (final ConsumerRecord<byte[], byte[]> r : TopicIO.readAll(KAFKA.bootstrapServers(), topic,
                Duration.ofMillis(700))) {
            final JsonNode payload = Json.MAPPER.readTree(r.value()).get("payload");
            final Map<String, Object> row = new LinkedHashMap<>();
            for (final SinkRows.Column c : table.columns()) {
                final JsonNode v = payload.get(c.name());
                row.put(c.name(), v == null || v.isNull() ? null : switch (c.type()) {
                    case STRING -> v.asText();
                    case INT32, INT64 -> v.asLong();
                    case FLOAT64 -> v.asDouble();
                    case BOOLEAN -> v.asBoolean();
                    case TIMESTAMP -> Instant.parse(v.asText());
                });
            }
            rows.put(key(table, row), row);
        }
        return rows;
    }

    /** Every row of the three tables, keyed by table and primary key; numbers as long/double, times as instants. */
    private Map<String, Map<String, Map<String, Object>>> snapshot() throws SQLException {
        final Map<String, Map<String, Map<String, Object>>> out = new LinkedHashMap<>();
        try (Connection c = pg.connect(DATABASE)) {
            for (final SinkRows.Table t : SinkRows.TABLES) {
                final Map<String, Map<String, Object>> rows = new TreeMap<>();
                for (final Map<String, Object> raw : query(c, "SELECT * FROM " + t.name())) {
                    final Map<String, Object> row = new LinkedHashMap<>();
                    for (final SinkRows.Column col : t.columns()) {
                        final Object v = raw.get(col.name());
                        row.put(col.name(), v == null ? null : switch (col.type()) {
                            case INT32, INT64 -> ((Number) v).longValue();
                            case FLOAT64 -> ((Number) v).doubleValue();
                            case TIMESTAMP -> ((Timestamp) v).toInstant();
                            default -> v;
                        });
                    }
                    rows.put(key(t, row), row);
                }
                out.put(t.name(), rows);
            }
        }
        return out;
    }

    private static String key(final SinkRows.Table t, final Map<String, Object> row) {
        return t.primaryKey().stream().map(k -> String.valueOf(row.get(k))).collect(Collectors.joining("|"));
    }

    private static Map<String, Map<String, Object>> withoutProcessingTime(final Map<String, Map<String, Object>> rows) {
        final Map<String, Map<String, Object>> out = new TreeMap<>();
        rows.forEach((k, row) -> {
            final Map<String, Object> copy = new LinkedHashMap<>(row);
            copy.keySet().removeAll(PROCESSING_TIME_COLUMNS);
            out.put(k, copy);
        });
        return out;
    }

    /** Row counts and the counts inside rows: what a replay must never change. */
    private Map<String, Long> counts() throws SQLException {
        final Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = pg.connect(DATABASE)) {
            for (final SinkRows.Table t : SinkRows.TABLES) {
                out.put(t.name() + " rows", count(c, "SELECT count(*) FROM " + t.name()));
            }
            out.put("sum(kills)", count(c, "SELECT coalesce(sum(kills), 0) FROM oom_kill_counts"));
            out.put("sum(kill_count)", count(c, "SELECT coalesce(sum(kill_count), 0) FROM oom_incidents"));
            out.put("kill events", count(c, "SELECT count(*) FROM oom_events WHERE is_kill"));
        }
        return out;
    }

    private static long count(final Connection c, final String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Instant instant(final Connection c, final String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getObject(1, OffsetDateTime.class).toInstant();
        }
    }

    private static Map<String, Object> row(final Connection c, final String sql) throws SQLException {
        final List<Map<String, Object>> rows = query(c, sql);
        assertEquals(1, rows.size(), sql + " -> " + rows);
        return rows.get(0);
    }

    private static List<String> strings(final Connection c, final String sql) throws SQLException {
        return column(c, sql);
    }

    private static List<String> column(final Connection c, final String sql) throws SQLException {
        return query(c, sql).stream().map(r -> Objects.toString(r.values().iterator().next(), null)).toList();
    }

    private static List<Map<String, Object>> query(final Connection c, final String sql) throws SQLException {
        final List<Map<String, Object>> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            final ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                final Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
        } catch (final SQLException e) {
            throw new SQLException(e.getMessage() + "\nSQL: " + sql, e);
        }
        return rows;
    }

    /** The columns each dashboard query must return (a new panel must be added here). */
    private static Map<String, List<String>> expectedColumns() {
        final Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("variable environment", List.of("environment"));
        m.put("variable datacenter", List.of("datacenter"));
        m.put("variable team", List.of("team"));
        m.put("variable host", List.of("host"));
        m.put("panel Kills per service", List.of("time", "metric", "kills"));
        m.put("panel Kills in range", List.of("kills"));
        m.put("panel Hosts hit", List.of("hosts"));
        m.put("panel Top culprits vs victims", List.of("process", "culprit_incidents", "culprit_spared", "kills"));
        m.put("panel Hosts ranked by incidents", List.of("host", "incidents", "kills", "reports_without_kill",
                "worst_severity", "last_kill",
                "environment", "datacenter", "team"));
        m.put("panel Kills by namespace and workload", List.of("namespace", "workload", "services", "kills"));
        m.put("panel Open and recent incidents", List.of("opened", "last_kill", "status", "severity", "scope", "target",
                "kills", "without_kill", "services", "victims", "culprit", "verdict"));
        m.put("panel Incidents by severity", List.of("severity", "incidents"));
        m.put("panel Alerts fired and resolved / A", List.of("time", "metric", "alerts"));
        m.put("panel Alerts fired and resolved / B", List.of("time", "metric", "alerts"));
        m.put("panel Kills explained: victim, culprit and why", List.of("time", "host", "service", "victim", "trigger",
                "top_consumer", "top_consumer_pct", "constraint", "swap_exhausted", "thrashing", "verdict"));
        m.put("panel Allocation failures by order", List.of("time", "metric", "failures"));
        m.put("panel Allocation failures and fragmentation", List.of("time", "host", "process", "failing_order",
                "largest_free_order", "fragmented", "mem_free_kb", "gfp_mask", "verdict"));
        m.put("panel Incomplete reports by reason", List.of("reason", "reports"));
        m.put("panel Incomplete reports", List.of("time", "host", "kind", "reason", "lines", "victim", "verdict"));
        return m;
    }

    // Diagnostics.

    private static String tail(final Path file) {
        try {
            final List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (final IOException | RuntimeException e) {
            return "(no log: " + e + ")";
        }
    }

    private static void log(final String what, final long sinceNanos) {
        System.out.printf("SinkToPostgresTest: %s after %d ms%n", what,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sinceNanos));
    }
}
