package io.oomstream.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.oomstream.topology.ContinueOnRecordErrorHandler;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndFailProcessingExceptionHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppConfigTest {

    @TempDir
    Path dir;

    @Test
    void shouldUseBuiltInDefaultsWhenNothingIsSet() {
        final AppConfig c = AppConfig.defaults();

        assertEquals("oomstream", c.applicationId());
        assertEquals("syslog.raw", c.inputTopic());
        assertEquals("oom.events", c.eventsTopic());
        assertEquals("oom.deadletter", c.deadletterTopic());
        assertEquals("oom.incidents", c.incidentsTopic());
        assertEquals("oom.kill-counts", c.killCountsTopic());
        assertEquals("oom.fleet", c.fleetTopic());
        assertEquals(Path.of(System.getProperty("java.io.tmpdir"), "oomstream-state"), c.stateDir());
        assertEquals(8080, c.httpPort());
        assertEquals(Duration.ofMillis(30_000), c.idleTimeout());
        assertEquals(Duration.ofMillis(3_000), c.reaperGrace());
        assertEquals(Duration.ofMillis(600_000), c.linger());
        assertEquals(20_000, c.maxReportLines());
        assertEquals(4_194_304, c.maxReportBytes());
        assertEquals("exactly_once_v2", c.processingGuarantee());
        assertEquals(-1, c.replicationFactor());
        assertEquals(Duration.ofMillis(250), c.commitInterval());
        assertEquals("localhost:9092", c.bootstrapServers());
        assertEquals(1, c.kafka().size(), "only bootstrap.servers by default: " + c.kafka());
    }

    @Test
    void shouldLetFileBeatDefaultsEnvBeatFileAndOverridesBeatEnv() throws IOException {
        final Path file = write("""
            oomstream.input.topic=file-in
            oomstream.events.topic=file-events
            oomstream.deadletter.topic=file-dl
            max.poll.records=100
            linger.ms=5
            """);
        final Map<String, String> env = Map.of(
            "OOMSTREAM_EVENTS_TOPIC", "env-events",
            "OOMSTREAM_DEADLETTER_TOPIC", "env-dl",
            "KAFKA_MAX_POLL_RECORDS", "200");
        final Map<String, String> overrides = Map.of(
            AppConfig.DEADLETTER_TOPIC, "cli-dl",
            "max.poll.records", "300");

        final AppConfig c = AppConfig.load(file, env, overrides);

        assertEquals("file-in", c.inputTopic(), "file beats default");
        assertEquals("env-events", c.eventsTopic(), "env beats file");
        assertEquals("cli-dl", c.deadletterTopic(), "override beats env");
        assertEquals("oom.incidents", c.incidentsTopic(), "default when nobody sets it");
        assertEquals("300", c.kafka().getProperty("max.poll.records"), "override beats env beats file");
        assertEquals("5", c.kafka().getProperty("linger.ms"), "Kafka linger.ms is not oomstream.linger.ms");
        assertEquals(Duration.ofMillis(600_000), c.linger());
    }

    @Test
    void shouldMapEnvironmentVariablesToKeys() {
        final AppConfig c = AppConfig.load(null, Map.of(
            "OOMSTREAM_KILL_COUNTS_TOPIC", "kc",
            "OOMSTREAM_IDLE_TIMEOUT_MS", "45000",
            "KAFKA_BOOTSTRAP_SERVERS", "broker1:9093,broker2:9093",
            "KAFKA_PRODUCER_LINGER_MS", "20",
            "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
            "KAFKA_SASL_JAAS_CONFIG", "org.example.Login required;",
            "KAFKA_HEAP_OPTS", "-Xmx1g",
            "OOMSTREAM_CONFIG", "/etc/oomstream.properties",
            "PATH", "/usr/bin"), Map.of());

        assertEquals("kc", c.killCountsTopic());
        assertEquals(Duration.ofSeconds(45), c.idleTimeout());
        assertEquals("broker1:9093,broker2:9093", c.bootstrapServers());
        final Properties kafka = c.kafka();
        assertEquals("20", kafka.getProperty("producer.linger.ms"));
        assertEquals("SASL_SSL", kafka.getProperty("security.protocol"));
        assertEquals("org.example.Login required;", kafka.getProperty("sasl.jaas.config"));
        assertNull(kafka.getProperty("heap.opts"), "launcher variables are ignored");
        assertEquals(4, kafka.size(), kafka.toString());
    }

    @Test
    void shouldReportEveryUnknownKeyInOneErrorWithSuggestions() throws IOException {
        final Path file = write("""
            bootstrap.server=localhost:9092
            oomstream.input.topik=x
            input.topic=y
            totally.unknown.key=z
            producer.max.poll.records=5
            """);

        final AppConfig.InvalidConfigException e = assertThrows(AppConfig.InvalidConfigException.class,
            () -> AppConfig.load(file, Map.of("KAFKA_MAX_POLL_RECORD", "1", "OOMSTREAM_IDLE_TIMOUT_MS", "5"),
                Map.of("oomstream.http.prot", "1")));

        final String f = "file " + file;
        assertEquals(List.of(
            "unknown key 'bootstrap.server' (" + f + "); did you mean 'bootstrap.servers'?",
            "unknown key 'oomstream.input.topik' (" + f + "); did you mean 'oomstream.input.topic'?",
            "unknown key 'input.topic' (" + f + "); did you mean 'oomstream.input.topic'?",
            "unknown key 'totally.unknown.key' (" + f + ")",
            "unknown key 'producer.max.poll.records' (" + f + ")",
            "unknown key 'KAFKA_MAX_POLL_RECORD' (env); did you mean 'KAFKA_MAX_POLL_RECORDS'?",
            "unknown key 'OOMSTREAM_IDLE_TIMOUT_MS' (env); did you mean 'OOMSTREAM_IDLE_TIMEOUT_MS'?",
            "unknown key 'oomstream.http.prot' (override); did you mean 'oomstream.http.port'?"), e.problems());
        assertTrue(e.getMessage().startsWith("Invalid oomstream configuration (8 problems):\n  - unknown key "),
            e.getMessage());
    }

    @Test
    void shouldRejectBadNumbersAndValuesWithClearMessages() {
        final AppConfig.InvalidConfigException e = assertThrows(AppConfig.InvalidConfigException.class,
            () -> AppConfig.load(null, Map.of("OOMSTREAM_IDLE_TIMEOUT_MS", "30s"), Map.of(
                AppConfig.HTTP_PORT, "70000",
                AppConfig.MAX_REPORT_LINES, "0",
                AppConfig.MAX_REPORT_BYTES, "99999999999",
                AppConfig.REPLICATION_FACTOR, "0",
                AppConfig.PROCESSING_GUARANTEE, "exactly_once",
                AppConfig.INPUT_TOPIC, "bad topic",
                "max.poll.records", "lots")));

        assertEquals(List.of(
            "max.poll.records (override): Invalid value lots for configuration max.poll.records: Not a number of type INT",
            "oomstream.input.topic = 'bad topic' (override): must be 1..249 characters of [a-zA-Z0-9._-]",
            "oomstream.http.port = '70000' (override): must be a port 0..65535, or -1 to disable",
            "oomstream.idle.timeout.ms = '30s' (env OOMSTREAM_IDLE_TIMEOUT_MS): must be milliseconds >= 1",
            "oomstream.max.report.lines = '0' (override): must be a line count 10..2147483647",
            "oomstream.max.report.bytes = '99999999999' (override): must be a byte count 1024..2147483647",
            "oomstream.processing.guarantee = 'exactly_once' (override): must be one of "
                + "[exactly_once_v2, at_least_once]",
            "oomstream.replication.factor = '0' (override): must be -1 (broker default) or 1..32767"), e.problems());
    }

    @Test
    void shouldRejectAKillCountRetentionShorterThanWindowPlusGrace() {
        final AppConfig.InvalidConfigException e = assertThrows(AppConfig.InvalidConfigException.class,
            () -> AppConfig.load(null, Map.of("OOMSTREAM_KILL_COUNTS_RETENTION_MS", "90000"), Map.of()));

        assertEquals(List.of("oomstream.kill.counts.retention.ms (env OOMSTREAM_KILL_COUNTS_RETENTION_MS): 90000 is less than "
            + "oomstream.kill.counts.window.ms plus oomstream.kill.counts.grace.ms (120000): windows would be "
            + "forgotten before they close"), e.problems());
        assertEquals(Duration.ofDays(7), AppConfig.load(null, Map.of(), Map.of()).killCountsRetention());
    }

    @Test
    void shouldRejectDuplicateKeysInTheFile() throws IOException {
        final Path file = write("oomstream.input.topic=a\noomstream.input.topic=b\n");

        final AppConfig.InvalidConfigException e = assertThrows(AppConfig.InvalidConfigException.class,
            () -> AppConfig.load(file, Map.of(), Map.of()));

        assertEquals(List.of("duplicate key 'oomstream.input.topic' (file " + file + ")"), e.problems());
    }

    @Test
    void shouldRejectKafkaKeysThatOomstreamOwns() throws IOException {
        final Path file = write("application.id=other\n");

        final AppConfig.InvalidConfigException e = assertThrows(AppConfig.InvalidConfigException.class,
            () -> AppConfig.load(file, Map.of("KAFKA_STATE_DIR", "/tmp/x"), Map.of()));

        assertEquals(List.of(
            "'application.id' (file " + file + ") cannot be set as a Kafka key: use 'oomstream.application.id' "
                + "(env OOMSTREAM_APPLICATION_ID)",
            "'KAFKA_STATE_DIR' (env KAFKA_STATE_DIR) cannot be set as a Kafka key: use 'oomstream.state.dir' "
                + "(env OOMSTREAM_STATE_DIR)"), e.problems());
    }

    @Test
    void shouldAcceptClientPrefixesTopicConfigsAndSecurityKeys() {
        final Map<String, String> keys = Map.of(
            "consumer.max.poll.records", "10",
            "main.consumer.fetch.min.bytes", "1",
            "restore.consumer.max.poll.records", "1000",
            "global.consumer.client.rack", "r1",
            "producer.compression.type", "lz4",
            "admin.retries", "3",
            "topic.min.insync.replicas", "2",
            "ssl.truststore.location", "/etc/ts.jks",
            "producer.ssl.keystore.location", "/etc/ks.jks",
            "sasl.login.some.vendor.option", "anything");

        final AppConfig c = AppConfig.load(null, Map.of(), keys);

        keys.forEach((k, v) -> assertEquals(v, c.kafka().getProperty(k), k));
    }

    @Test
    void shouldBuildStreamsPropertiesThatKafkaStreamsAccepts() {
        final AppConfig c = AppConfig.load(null, Map.of(), Map.of(
            AppConfig.APPLICATION_ID, "app-1",
            AppConfig.STATE_DIR, "/data/state",
            AppConfig.REPLICATION_FACTOR, "3",
            AppConfig.COMMIT_INTERVAL_MS, "500",
            "num.stream.threads", "2",
            "production.exception.handler", "org.apache.kafka.streams.errors.DefaultProductionExceptionHandler"));

        final Properties p = c.streamsProperties();

        assertEquals("app-1", p.get("application.id"));
        assertEquals("/data/state", p.get("state.dir"));
        assertEquals("exactly_once_v2", p.get("processing.guarantee"));
        assertEquals("3", p.get("replication.factor"));
        assertEquals("500", p.get("commit.interval.ms"));
        assertEquals("all", p.get("producer.acks"));
        assertEquals("2", p.get("num.stream.threads"));
        assertEquals("org.apache.kafka.streams.errors.DefaultProductionExceptionHandler",
            p.get("production.exception.handler"), "Kafka keys may override oomstream's handler choice");
        assertEquals(ContinueOnRecordErrorHandler.class.getName(), p.get("deserialization.exception.handler"));
        assertEquals(LogAndFailProcessingExceptionHandler.class.getName(), p.get("processing.exception.handler"));
        assertEquals("true", p.get("ensure.explicit.internal.resource.naming"));
        final StreamsConfig streams = new StreamsConfig(p);
        assertEquals(3, streams.getInt("replication.factor"));
        assertEquals("exactly_once_v2", streams.getString("processing.guarantee"));
    }

    @Test
    void shouldGiveOnlyTheMainConsumerAStaticGroupInstanceIdWhenOneIsSet() {
        final StreamsConfig off = new StreamsConfig(AppConfig.defaults().streamsProperties());
        assertNull(off.getMainConsumerConfigs("g", "c", 0).get("group.instance.id"), "dynamic membership by default");

        final AppConfig c = AppConfig.load(null, Map.of("OOMSTREAM_INSTANCE_ID", "oomstream-1"), Map.of());
        final StreamsConfig streams = new StreamsConfig(c.streamsProperties());

        assertEquals("oomstream-1-2", streams.getMainConsumerConfigs("g", "c", 2).get("group.instance.id"),
            "Kafka Streams suffixes the thread, so each thread of the instance is its own static member");
        assertNull(streams.getRestoreConsumerConfigs("c").get("group.instance.id"));
        assertNull(streams.getGlobalConsumerConfigs("c").get("group.instance.id"));
    }

    @Test
    void shouldRejectGroupInstanceIdAsAKafkaKeyAndABadInstanceId() {
        final AppConfig.InvalidConfigException e = assertThrows(AppConfig.InvalidConfigException.class,
            () -> AppConfig.load(null, Map.of(), Map.of("group.instance.id", "a", AppConfig.INSTANCE_ID, "a b")));

        assertEquals(List.of(
            "'group.instance.id' (override) cannot be set as a Kafka key: use 'oomstream.instance.id' "
                + "(env OOMSTREAM_INSTANCE_ID)",
            "oomstream.instance.id = 'a b' (override): must be 1..249 characters of [a-zA-Z0-9._-]"), e.problems());
    }

    @Test
    void shouldDeriveMaxOutputValueBytesFromProducerRequestSize() {
        assertEquals(1_048_576 - 16_384, AppConfig.defaults().maxOutputValueBytes());
        assertEquals(2_097_152 - 16_384, AppConfig.load(null, Map.of(),
            Map.of("producer.max.request.size", "2097152", "max.request.size", "5000000")).maxOutputValueBytes());
    }

    @Test
    void shouldStayImmutableAndHideSecrets() {
        final AppConfig c = AppConfig.load(null, Map.of(), Map.of(
            "sasl.jaas.config", "Login required password=\"hunter2\";",
            "ssl.truststore.password", "hunter3",
            "client.id", "visible-id"));

        c.kafka().setProperty("client.id", "mutated");

        assertEquals("visible-id", c.kafka().getProperty("client.id"));
        assertFalse(c.toString().contains("hunter"), c.toString());
        assertTrue(c.toString().contains("client.id=visible-id"), c.toString());
        assertTrue(c.toString().contains("sasl.jaas.config=[hidden]"), c.toString());
    }

    private Path write(final String content) throws IOException {
        final Path file = dir.resolve("oomstream.properties");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }
}
