package io.oomstream.config;

import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndFailProcessingExceptionHandler;

/**
 * oomstream's settings: immutable, validated, loaded once at startup.
 *
 * <h2>Precedence (later wins)</h2>
 * <ol>
 *   <li>built-in defaults (below);</li>
 *   <li>the properties file given with {@code --config FILE} (UTF-8, {@link Properties} syntax);</li>
 *   <li>the environment: {@code OOMSTREAM_X_Y} sets app key {@code oomstream.x.y}
 *       (e.g. {@code OOMSTREAM_INPUT_TOPIC} → {@code oomstream.input.topic}); {@code KAFKA_X_Y} sets Kafka key
 *       {@code x.y} (lower-cased, {@code _} → {@code .}; e.g. {@code KAFKA_BOOTSTRAP_SERVERS} →
 *       {@code bootstrap.servers}, {@code KAFKA_PRODUCER_LINGER_MS} → {@code producer.linger.ms}). Launcher
 *       variables such as {@code KAFKA_HEAP_OPTS}, {@code KAFKA_OPTS} or {@code OOMSTREAM_CONFIG} are
 *       ignored;</li>
 *   <li>explicit overrides (command-line options), keyed like the file.</li>
 * </ol>
 *
 * <h2>Keys</h2>
 * App keys start with {@code oomstream.}; every other key must be a Kafka Streams, consumer, producer or
 * admin config name, optionally behind a Streams client prefix ({@code consumer.}, {@code main.consumer.},
 * {@code restore.consumer.}, {@code global.consumer.}, {@code producer.}, {@code admin.}) or {@code topic.}
 * for internal-topic configs. TLS/SASL keys ({@code ssl.*}, {@code sasl.*}, {@code security.protocol}) pass
 * through. Known Kafka keys are also checked with Kafka's own parser (e.g. a non-numeric
 * {@code max.poll.records}). {@code application.id}, {@code state.dir}, {@code processing.guarantee},
 * {@code replication.factor} and {@code commit.interval.ms} can only be set through their {@code oomstream.}
 * keys. Unknown keys, duplicate keys in the file and bad values are all collected and reported together in
 * one {@link InvalidConfigException}, unknown keys with a "did you mean" when one is close.
 *
 * <h2>App keys</h2>
 * Declared once, with default, meaning and check, in {@link Settings} (the README's configuration table is
 * generated from there and checked by SettingsTableTest).
 * Kafka default: {@code bootstrap.servers=localhost:9092}.
 *
 * <p>Output records are stamped with processing time by the topology (wired elsewhere), not with the time
 * parsed from the log: a Kafka 4 broker refuses records more than one hour in the future
 * ({@code log.message.timestamp.after.max.ms}), and log times can be wrong. Event time lives in the payload.
 *
 * @param kafka Kafka client properties (everything that is not an app key); copied in and out
 */
public record AppConfig(
    String applicationId,
    String inputTopic,
    String eventsTopic,
    String deadletterTopic,
    String incidentsTopic,
    String killCountsTopic,
    String fleetTopic,
    String podsTopic,
    Path stateDir,
    int httpPort,
    Duration idleTimeout,
    Duration reaperGrace,
    Duration linger,
    int maxReportLines,
    int maxReportBytes,
    String processingGuarantee,
    int replicationFactor,
    Duration commitInterval,
    boolean inputKeyedByHost,
    String enrichedTopic,
    Duration incidentQuietGap,
    int fleetWideMinHosts,
    Duration fleetWideSpan,
    Duration killCountsWindow,
    Duration killCountsGrace,
    Duration killCountsRetention,
    String sinkEventsTopic,
    String sinkIncidentsTopic,
    String sinkKillCountsTopic,
    String instanceId,
    long rocksdbMemoryBytes,
    String reorder,
    Duration reorderWindow,
    int reorderMaxLinesPerHost,
    AlertmanagerSettings alertmanager,
    Properties kafka) {

    /** Prefix of app keys in the file and in overrides. */
    public static final String PREFIX = "oomstream.";
    /** Environment prefix for app keys. */
    public static final String ENV_APP_PREFIX = "OOMSTREAM_";
    /** Environment prefix for Kafka keys. */
    public static final String ENV_KAFKA_PREFIX = "KAFKA_";

    public static final String APPLICATION_ID = "oomstream.application.id";
    public static final String INPUT_TOPIC = "oomstream.input.topic";
    public static final String EVENTS_TOPIC = "oomstream.events.topic";
    public static final String DEADLETTER_TOPIC = "oomstream.deadletter.topic";
    public static final String INCIDENTS_TOPIC = "oomstream.incidents.topic";
    public static final String KILL_COUNTS_TOPIC = "oomstream.kill.counts.topic";
    public static final String FLEET_TOPIC = "oomstream.fleet.topic";
    public static final String PODS_TOPIC = "oomstream.pods.topic";
    public static final String STATE_DIR = "oomstream.state.dir";
    public static final String HTTP_PORT = "oomstream.http.port";
    public static final String IDLE_TIMEOUT_MS = "oomstream.idle.timeout.ms";
    public static final String REAPER_GRACE_MS = "oomstream.reaper.grace.ms";
    public static final String LINGER_MS = "oomstream.linger.ms";
    public static final String MAX_REPORT_LINES = "oomstream.max.report.lines";
    public static final String MAX_REPORT_BYTES = "oomstream.max.report.bytes";
    public static final String PROCESSING_GUARANTEE = "oomstream.processing.guarantee";
    public static final String REPLICATION_FACTOR = "oomstream.replication.factor";
    public static final String COMMIT_INTERVAL_MS = "oomstream.commit.interval.ms";
    public static final String INPUT_KEYED_BY_HOST = "oomstream.input.keyed.by.host";
    public static final String ENRICHED_TOPIC = "oomstream.enriched.topic";
    public static final String INCIDENT_QUIET_GAP_MS = "oomstream.incident.quiet.gap.ms";
    public static final String FLEETWIDE_MIN_HOSTS = "oomstream.fleetwide.min.hosts";
    public static final String FLEETWIDE_SPAN_MS = "oomstream.fleetwide.span.ms";
    public static final String KILL_COUNTS_WINDOW_MS = "oomstream.kill.counts.window.ms";
    public static final String KILL_COUNTS_GRACE_MS = "oomstream.kill.counts.grace.ms";
    public static final String KILL_COUNTS_RETENTION_MS = "oomstream.kill.counts.retention.ms";
    public static final String SINK_EVENTS_TOPIC = "oomstream.sink.events.topic";
    public static final String SINK_INCIDENTS_TOPIC = "oomstream.sink.incidents.topic";
    public static final String SINK_KILL_COUNTS_TOPIC = "oomstream.sink.kill.counts.topic";
    public static final String INSTANCE_ID = "oomstream.instance.id";
    public static final String ROCKSDB_MEMORY_BYTES = "oomstream.rocksdb.memory.bytes";
    public static final String REORDER = "oomstream.reorder";
    public static final String REORDER_WINDOW_MS = "oomstream.reorder.window.ms";
    public static final String REORDER_MAX_LINES_PER_HOST = "oomstream.reorder.max.lines.per.host";
    public static final String ALERTMANAGER_URLS = "oomstream.alertmanager.urls";
    public static final String ALERTMANAGER_RESEND_MS = "oomstream.alertmanager.resend.ms";
    public static final String ALERTMANAGER_TIMEOUT_MS = "oomstream.alertmanager.timeout.ms";
    public static final String ALERTMANAGER_LINK_TEMPLATE = "oomstream.alertmanager.link.template";
    public static final String ALERTMANAGER_BEARER_TOKEN = "oomstream.alertmanager.bearer.token";
    public static final String ALERTMANAGER_BASIC_AUTH_USERNAME = "oomstream.alertmanager.basic.auth.username";
    public static final String ALERTMANAGER_BASIC_AUTH_PASSWORD = "oomstream.alertmanager.basic.auth.password";
    public static final String ALERTMANAGER_TRUSTSTORE_LOCATION = "oomstream.alertmanager.ssl.truststore.location";
    public static final String ALERTMANAGER_TRUSTSTORE_PASSWORD = "oomstream.alertmanager.ssl.truststore.password";
    public static final String ALERTMANAGER_KEYSTORE_LOCATION = "oomstream.alertmanager.ssl.keystore.location";
    public static final String ALERTMANAGER_KEYSTORE_PASSWORD = "oomstream.alertmanager.ssl.keystore.password";

    /**
     * The stream wiring's production and deserialization handler, by name: Kafka Streams instantiates handlers
     * from their class name, and naming it here keeps the settings free of the stream wiring (no package
     * cycle). AppConfigTest pins the name to the class.
     */
    static final String RECORD_ERROR_HANDLER = "io.oomstream.topology.ContinueOnRecordErrorHandler";
    /** The RocksDB config setter that bounds all stores' memory together (one shared cache). */
    static final String ROCKSDB_CONFIG_SETTER = "io.oomstream.topology.BoundedRocksDbMemory";

    /** Built-in defaults of Kafka keys. */
    static final Map<String, String> KAFKA_DEFAULTS = Map.of(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");

    /** Copies {@code kafka} so the record stays immutable. */
    public AppConfig {
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(alertmanager, "alertmanager");
        final Properties copy = new Properties();
        copy.putAll(kafka);
        kafka = copy;
    }

    /**
     * Loads defaults, then {@code configFile} (may be null), then {@code env}, then {@code overrides}.
     *
     * @throws InvalidConfigException listing every problem found
     */
    public static AppConfig load(final Path configFile, final Map<String, String> env,
                                 final Map<String, String> overrides) {
        return ConfigLoader.load(configFile, Map.copyOf(env), Map.copyOf(overrides));
    }

    /** {@link #load(Path, Map, Map)} with the process environment. */
    public static AppConfig load(final Path configFile, final Map<String, String> overrides) {
        return load(configFile, System.getenv(), overrides);
    }

    /** The built-in defaults only (no file, no environment). */
    public static AppConfig defaults() {
        return load(null, Map.of(), Map.of());
    }

    /** A copy of the Kafka client properties. */
    @Override
    public Properties kafka() {
        final Properties copy = new Properties();
        copy.putAll(kafka);
        return copy;
    }

    /** {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return kafka.getProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
    }

    /**
     * Largest serialized output value the Streams producer can send: {@code producer.max.request.size} (or
     * {@code max.request.size}; Kafka default 1048576) minus 16 KiB for key, headers and batch overhead. Wrap
     * output value serdes with {@code ContinueOnRecordErrorHandler.limitSize(serde, maxOutputValueBytes())}
     * so a bigger value is skipped and counted instead of failing the transaction. Output topics must accept
     * records of this size (topic {@code max.message.bytes}, broker default 1048588).
     */
    public int maxOutputValueBytes() {
        final String limit = kafka.getProperty(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
            kafka.getProperty(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "1048576"));
        return Math.max(1, Integer.parseInt(limit.trim()) - 16 * 1024);
    }

    /** Whether the reorder stage runs: {@code on}, or {@code auto} with input not keyed by host. */
    public boolean reorderOn() {
        return "on".equals(reorder) || ("auto".equals(reorder) && !inputKeyedByHost);
    }

    /** Whether the HTTP endpoint is enabled ({@code http.port} ≠ -1). */
    public boolean httpEnabled() {
        return httpPort >= 0;
    }

    /**
     * Kafka Streams properties: the Kafka keys, then oomstream's base settings, which the Kafka keys may
     * override unless noted:
     * <ul>
     *   <li>application.id, state.dir, processing.guarantee, replication.factor, commit.interval.ms from the
     *       app keys (not overridable); {@code main.consumer.group.instance.id} from {@code oomstream.instance.id}
     *       when set;</li>
     *   <li>{@code producer.acks=all}; {@code producer.batch.size=262144}: under an OOM storm every report line
     *       writes two changelog records, and 16 kB batches made the broker's produce handling the storm's largest
     *       cost after the stitcher itself;</li>
     *   <li>production and deserialization handler {@code ContinueOnRecordErrorHandler}: a record the broker
     *       refuses (too large, timestamp out of range) or that cannot be (de)serialised is logged, counted
     *       and skipped instead of stopping the application;</li>
     *   <li>processing handler {@link LogAndFailProcessingExceptionHandler}, also for global stores: an
     *       exception in oomstream's own processors is a bug and stops the application rather than
     *       silently dropping data (bad input is routed to the dead-letter topic by the topology);</li>
     *   <li>{@code ensure.explicit.internal.resource.naming=true}: every store and internal topic must be
     *       named (see {@code io.oomstream.topology.Names}).</li>
     * </ul>
     * State is never wiped here: the caller must not call {@code KafkaStreams.cleanUp()} unconditionally.
     */
    public Properties streamsProperties() {
        final Map<String, Object> p = new LinkedHashMap<>();
        p.put(StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG), "all");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), Integer.toString(256 * 1024));
        p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, RECORD_ERROR_HANDLER);
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, RECORD_ERROR_HANDLER);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
            LogAndFailProcessingExceptionHandler.class.getName());
        // Kafka 4.3 deprecates the constant (always on from 5.0) yet warns at startup when it is not set.
        p.put("processing.exception.handler.global.enabled", "true");
        p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
        kafka.stringPropertyNames().forEach(k -> p.put(k, kafka.getProperty(k)));
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee);
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, Integer.toString(replicationFactor));
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(commitInterval.toMillis()));
        // Named, not imported: the stream wiring depends on config, never the reverse (ArchitectureTest).
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, ROCKSDB_CONFIG_SETTER);
        p.put(ROCKSDB_MEMORY_BYTES, Long.toString(rocksdbMemoryBytes));
        if (!instanceId.isEmpty()) {
            // The main consumer only: it is the one in the group (restore and global consumers join none).
            p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), instanceId);
        }
        final Properties props = new Properties();
        props.putAll(p);
        return props;
    }

    /** Like the record's, but with secrets (passwords, JAAS config, keys) masked. */
    @Override
    public String toString() {
        final Map<String, String> shown = new TreeMap<>();
        kafka.stringPropertyNames().forEach(k -> shown.put(k, isSecret(k) ? "[hidden]" : kafka.getProperty(k)));
        final StringJoiner fields = new StringJoiner(", ", "AppConfig[", "]");
        for (final RecordComponent c : AppConfig.class.getRecordComponents()) {
            try {
                fields.add(c.getName() + "=" + ("kafka".equals(c.getName()) ? shown : c.getAccessor().invoke(this)));
            } catch (final ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return fields.toString();
    }

    private static boolean isSecret(final String key) {
        return key.contains("password") || key.contains("jaas") || key.contains("secret")
            || key.endsWith("ssl.keystore.key") || key.endsWith("ssl.key.password");
    }

    /** Thrown by {@link #load} with every configuration problem found, one per line. */
    public static final class InvalidConfigException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        /** The problems, in the order found. */
        private final List<String> problems;

        InvalidConfigException(final List<String> problems) {
            super("Invalid oomstream configuration (" + problems.size() + " problem"
                + (problems.size() == 1 ? "" : "s") + "):\n  - " + String.join("\n  - ", problems));
            this.problems = List.copyOf(problems);
        }

        /** The problems, in the order found. */
        public List<String> problems() {
            return problems;
        }
    }
}
