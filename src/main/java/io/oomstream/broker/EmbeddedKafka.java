package io.oomstream.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker (KRaft, combined broker + controller) running inside this JVM,
 * for the {@code demo} command and for integration tests.
 *
 * <p>It is the same server class {@code kafka.Kafka} runs ({@link KafkaRaftServer}), formatted on first use
 * with Kafka's own storage {@link Formatter}. Both listeners bind to 127.0.0.1 only. Settings are the ones a
 * single node needs for Kafka Streams exactly-once: replication factor 1 and {@code min.insync.replicas} 1 for
 * {@code __consumer_offsets}, {@code __transaction_state} and the share-coordinator topic, no initial
 * rebalance delay, and one partition for the internal topics (fast first start). Topics are NOT
 * auto-created: create them with {@link #createTopics}. The broker keeps Kafka's default
 * {@code log.message.timestamp.after.max.ms} of one hour, so it refuses future-dated records exactly like a
 * production broker does.
 *
 * <p>Logging (checked with Kafka 4.3.1): the broker's Scala and Java classes log through SLF4J, i.e. through
 * slf4j-simple, the only SLF4J provider on the classpath. {@link #start} sets the broker's own loggers
 * ({@code kafka.*}, {@code state.change.logger}, Kafka's server-side packages and the shared
 * {@code org.apache.kafka.common.*} config/metrics loggers that print the long "values:" dumps) to WARN unless
 * the matching {@code org.slf4j.simpleLogger.log.*} system property is already set; the Kafka Streams and
 * client loggers ({@code org.apache.kafka.streams}, {@code org.apache.kafka.clients}) are left alone. Only
 * {@code LoggingController} (dynamic log levels) uses the Log4j API; without a log4j2 configuration Log4j-core
 * prints ERROR and above only, and prints nothing at startup. What remains at WARN: one "Performing controller
 * activation" line per fresh data directory; after {@link #restartBroker()}, one transient ERROR from
 * {@code ControllerApis} ({@code NotControllerException} while the controller re-elects itself), which Kafka
 * recovers from on its own.
 *
 * <p>Limits: one node, PLAINTEXT only, no authentication; a fatal metadata fault inside the broker halts the
 * JVM (Kafka's own fault handler), as it would for a stand-alone broker. The controller quorum is static
 * ({@code controller.quorum.voters}), so the same data directory can be started again on other ports. Ports
 * are picked free just before start (a small race with other processes is possible). Not thread-safe for
 * concurrent stop/restart calls; {@link #bootstrapServers()} may be read from any thread.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    private static final int NODE_ID = 1;
    private static final String HOST = "127.0.0.1";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String BROKER_LISTENER = "PLAINTEXT";
    private static final String LOG_DIR_NAME = "kraft-logs";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    /** SLF4J logger-name prefixes of the broker side of Kafka 4.3, plus the shared org.apache.kafka.common. */
    private static final List<String> BROKER_LOGGERS = List.of(
        "kafka", "state.change.logger", "org.apache.kafka.server", "org.apache.kafka.controller",
        "org.apache.kafka.raft", "org.apache.kafka.metadata", "org.apache.kafka.image",
        "org.apache.kafka.storage", "org.apache.kafka.coordinator", "org.apache.kafka.queue",
        "org.apache.kafka.snapshot", "org.apache.kafka.network", "org.apache.kafka.security",
        "org.apache.kafka.logger", "org.apache.kafka.timeline", "org.apache.kafka.common");

    private final Path dataDir;
    private final int brokerPort;
    private final int controllerPort;
    private final Map<String, String> brokerOverrides;

    private KafkaRaftServer server;
    private Admin admin;
    private Duration lastStartDuration = Duration.ZERO;

    private EmbeddedKafka(final Path dataDir, final int brokerPort, final int controllerPort,
                          final Map<String, String> brokerOverrides) {
        this.dataDir = dataDir;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.brokerOverrides = Map.copyOf(brokerOverrides);
    }

    /**
     * Starts a broker on a random free loopback port and returns once it accepts client requests.
     *
     * @param dataDir directory for the broker's logs and metadata; created if missing, formatted on first use,
     *                reused as is when it already holds a formatted broker
     */
    public static EmbeddedKafka start(final Path dataDir) {
        return start(dataDir, 0, Map.of());
    }

    /**
     * Starts a broker on the given client port ({@code 0} = random free port) and returns once it is ready.
     */
    public static EmbeddedKafka start(final Path dataDir, final int port) {
        return start(dataDir, port, Map.of());
    }

    /**
     * Starts a broker; {@code brokerOverrides} are broker config entries (e.g. {@code message.max.bytes})
     * applied after this class's single-node defaults.
     *
     * @throws IllegalArgumentException if the port is outside 0..65535
     * @throws IllegalStateException    if the broker does not start or become ready within 60 s
     */
    public static EmbeddedKafka start(final Path dataDir, final int port, final Map<String, String> brokerOverrides) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("broker port must be 0..65535 (0 = random), got " + port);
        }
        if (port != 0 && !isFree(port)) {
            throw new IllegalStateException("cannot start the embedded Kafka broker: " + HOST + ":" + port
                + " is already in use");
        }
        quietBrokerLogging();
        final int brokerPort = port == 0 ? freePort() : port;
        final int controllerPort = freePort();
        final EmbeddedKafka kafka = new EmbeddedKafka(dataDir.toAbsolutePath(), brokerPort, controllerPort,
            brokerOverrides);
        kafka.startBroker();
        return kafka;
    }

    /** {@code host:port} of the PLAINTEXT listener, e.g. {@code 127.0.0.1:41995}; stable across restarts. */
    public String bootstrapServers() {
        return HOST + ":" + brokerPort;
    }

    /** The client port; the same after {@link #restartBroker()}. */
    public int port() {
        return brokerPort;
    }

    /** The data directory given to {@link #start}. */
    public Path dataDir() {
        return dataDir;
    }

    /** Whether the broker is currently started (between start/restart and stop/close). */
    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Wall-clock time of the last (re)start: format (first start only), startup and readiness check. */
    public synchronized Duration lastStartDuration() {
        return lastStartDuration;
    }

    /**
     * Creates each topic with the given partition count and replication factor 1; topics that already exist
     * are left as they are.
     */
    public void createTopics(final int partitions, final String... topicNames) {
        final List<NewTopic> topics = new ArrayList<>();
        for (final String name : topicNames) {
            topics.add(new NewTopic(name, partitions, (short) 1));
        }
        createTopics(topics);
    }

    /**
     * Creates the topics (their own partition counts and configs, e.g. {@code message.timestamp.type});
     * topics that already exist are left as they are. Blocks until the broker describes every partition with a
     * leader, so an application started right after finds them ({@link TopicsReady}).
     *
     * @throws IllegalStateException if the broker is stopped or refuses a topic
     */
    public void createTopics(final Collection<NewTopic> topics) {
        final Admin client = admin();
        final Map<String, ? extends java.util.concurrent.Future<Void>> results =
            client.createTopics(topics).values();
        for (final Map.Entry<String, ? extends java.util.concurrent.Future<Void>> result : results.entrySet()) {
            try {
                result.getValue().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (final ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("could not create topic " + result.getKey(), e.getCause());
                }
            } catch (final TimeoutException e) {
                throw new IllegalStateException("timed out creating topic " + result.getKey(), e);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted creating topic " + result.getKey(), e);
            }
        }
        TopicsReady.await(client, results.keySet(), READY_TIMEOUT);
    }

    /**
     * Stops the broker cleanly (controlled shutdown, logs flushed) but keeps data dir and ports for
     * {@link #restartBroker()}. No-op when already stopped.
     */
    public synchronized void stopBroker() {
        if (server == null) {
            return;
        }
        final long t0 = System.nanoTime();
        closeAdmin();
        server.shutdown();
        server.awaitShutdown();
        server = null;
        LOG.info("Embedded Kafka broker on {} stopped in {} ms", bootstrapServers(),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    /**
     * Starts the broker again on the same data directory and the same ports; returns once it is ready.
     * Stops it first if it is running.
     */
    public synchronized void restartBroker() {
        stopBroker();
        startBroker();
    }

    /** Stops the broker; the data directory is left on disk (the caller owns it). Idempotent. */
    @Override
    public synchronized void close() {
        stopBroker();
    }

    private synchronized void startBroker() {
        final long t0 = System.nanoTime();
        final Path logDir = dataDir.resolve(LOG_DIR_NAME);
        try {
            Files.createDirectories(logDir);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot create broker data dir " + logDir, e);
        }
        final KafkaConfig config = KafkaConfig.fromProps(brokerProperties(logDir), false);
        formatIfNeeded(logDir);
        final KafkaRaftServer raftServer = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            raftServer.startup();
        } catch (final RuntimeException e) {
            raftServer.shutdown();
            raftServer.awaitShutdown();
            throw new IllegalStateException("embedded Kafka broker failed to start on " + bootstrapServers(), e);
        }
        server = raftServer;
        awaitReady();
        lastStartDuration = Duration.ofNanos(System.nanoTime() - t0);
        LOG.info("Embedded Kafka broker ready on {} in {} ms (data dir {})", bootstrapServers(),
            lastStartDuration.toMillis(), dataDir);
    }

    private Properties brokerProperties(final Path logDir) {
        final Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.put("listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort + ","
            + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", BROKER_LISTENER);
        p.put("listener.security.protocol.map", CONTROLLER_LISTENER + ":PLAINTEXT," + BROKER_LISTENER + ":PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "false");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("min.insync.replicas", "1");
        p.put("default.replication.factor", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // The cleaner's dedupe buffer is allocated up front (128 MB by default); 8 MB is plenty for one node.
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        p.putAll(brokerOverrides);
        final Properties props = new Properties();
        props.putAll(p);
        return props;
    }

    private static void formatIfNeeded(final Path logDir) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        final Formatter formatter = new Formatter()
            .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
            .setNodeId(NODE_ID)
            .setClusterId(Uuid.randomUuid().toString())
            .addDirectory(logDir.toString())
            .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
            .setControllerListenerName(CONTROLLER_LISTENER)
            // One log dir, so it also holds the KRaft metadata log (Kafka's default).
            .setMetadataLogDirectory(logDir.toString());
        try {
            formatter.run();
        } catch (final Exception e) {
            throw new IllegalStateException("cannot format broker storage in " + logDir, e);
        }
    }

    private void awaitReady() {
        final long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                final int nodes = admin().describeCluster().nodes().get(5, TimeUnit.SECONDS).size();
                if (nodes > 0) {
                    return;
                }
            } catch (final ExecutionException | TimeoutException e) {
                last = new IllegalStateException(e);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for the embedded broker", e);
            }
        }
        throw new IllegalStateException("embedded Kafka broker on " + bootstrapServers() + " not ready within "
            + READY_TIMEOUT.toSeconds() + " s", last);
    }

    private synchronized Admin admin() {
        if (server == null) {
            throw new IllegalStateException("embedded Kafka broker is stopped");
        }
        if (admin == null) {
            final Map<String, Object> conf = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "oomstream-embedded-kafka-admin");
            admin = Admin.create(conf);
        }
        return admin;
    }

    private void closeAdmin() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
    }

    /** A port that was free on the loopback address a moment ago (small race, acceptable for tests/demo). */
    private static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
            return socket.getLocalPort();
        } catch (final IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    private static boolean isFree(final int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
            return true;
        } catch (final IOException e) {
            return false;
        }
    }

    /**
     * slf4j-simple reads a logger's level when the logger is created, from system properties first, so this
     * must run before the broker classes are loaded; properties the user already set win.
     */
    private static void quietBrokerLogging() {
        for (final String name : BROKER_LOGGERS) {
            final String key = "org.slf4j.simpleLogger.log." + name;
            if (System.getProperty(key) == null) {
                System.setProperty(key, "warn");
            }
        }
    }
}
