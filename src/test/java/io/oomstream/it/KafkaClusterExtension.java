package io.oomstream.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.oomstream.broker.EmbeddedKafka;
import io.oomstream.broker.TopicsReady;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * JUnit 5 extension giving a test class one Kafka broker for all its tests.
 *
 * <p>By default the broker is the in-JVM {@link EmbeddedKafka} (real KRaft broker, works without Docker).
 * With {@code -Doomstream.it.broker=testcontainers} and a reachable Docker engine it is an
 * {@code apache/kafka} container ({@value #DEFAULT_IMAGE}, or {@code -Doomstream.it.kafka.image=...}) instead;
 * without Docker that request falls back to the embedded broker with a warning. {@link #testcontainers()}
 * builds an extension that insists on Testcontainers and skips the test class (an aborted assumption, with
 * the reason) when Docker is not reachable.
 *
 * <p>Usage: {@code @RegisterExtension static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();}
 * then {@link #bootstrapServers()}, {@link #createTopics}, {@link #restartBroker()}.
 */
public final class KafkaClusterExtension implements BeforeAllCallback, AfterAllCallback {

    /** Image used for the Testcontainers broker unless {@code oomstream.it.kafka.image} is set. */
    public static final String DEFAULT_IMAGE = "apache/kafka:4.1.0";
    /** System property choosing the broker kind: {@code embedded} (default) or {@code testcontainers}. */
    public static final String BROKER_PROPERTY = "oomstream.it.broker";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaClusterExtension.class);

    private final boolean requireTestcontainers;
    private EmbeddedKafka embedded;
    private KafkaContainer container;
    private Path dataDir;

    /** Embedded broker, or Testcontainers when asked for with {@value #BROKER_PROPERTY} and Docker is up. */
    public KafkaClusterExtension() {
        this(false);
    }

    private KafkaClusterExtension(final boolean requireTestcontainers) {
        this.requireTestcontainers = requireTestcontainers;
    }

    /** An extension that only runs its tests against a Testcontainers broker; skips them without Docker. */
    public static KafkaClusterExtension testcontainers() {
        return new KafkaClusterExtension(true);
    }

    @Override
    public void beforeAll(final ExtensionContext context) throws IOException {
        final boolean wanted = requireTestcontainers
            || "testcontainers".equalsIgnoreCase(System.getProperty(BROKER_PROPERTY, "embedded"));
        if (wanted && dockerAvailable()) {
            final String image = System.getProperty("oomstream.it.kafka.image", DEFAULT_IMAGE);
            container = new KafkaContainer(DockerImageName.parse(image))
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1");
            container.start();
            LOG.info("Testcontainers Kafka {} at {}", image, container.getBootstrapServers());
            return;
        }
        Assumptions.assumeFalse(requireTestcontainers,
            "Skipped: this test needs a Testcontainers Kafka broker, but no Docker engine is reachable");
        if (wanted) {
            LOG.warn("-D{}=testcontainers requested but no Docker engine is reachable; using the embedded broker",
                BROKER_PROPERTY);
        }
        dataDir = Files.createTempDirectory("oomstream-it-kafka-");
        embedded = EmbeddedKafka.start(dataDir);
        LOG.info("Embedded Kafka at {} started in {} ms", embedded.bootstrapServers(),
            embedded.lastStartDuration().toMillis());
    }

    @Override
    public void afterAll(final ExtensionContext context) {
        if (container != null) {
            container.stop();
            container = null;
        }
        if (embedded != null) {
            embedded.close();
            embedded = null;
            deleteRecursively(dataDir);
        }
    }

    /** {@code host:port} of the broker. */
    public String bootstrapServers() {
        if (embedded != null) {
            return embedded.bootstrapServers();
        }
        if (container != null) {
            return container.getBootstrapServers();
        }
        throw new IllegalStateException("no broker: the extension has not started (or was skipped)");
    }

    /** Whether the broker is the in-JVM one (restartable) rather than a container. */
    public boolean isEmbedded() {
        return embedded != null;
    }

    /** Creates topics with {@code partitions} partitions and replication factor 1; existing ones are kept. */
    public void createTopics(final int partitions, final String... names) {
        final List<NewTopic> topics = new ArrayList<>();
        for (final String name : names) {
            topics.add(new NewTopic(name, partitions, (short) 1));
        }
        createTopics(topics);
    }

    /** Creates the topics (own partition counts/configs); existing ones are kept. */
    public void createTopics(final List<NewTopic> topics) {
        if (embedded != null) {
            embedded.createTopics(topics);
            return;
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
            TopicsReady.await(admin, topics.stream().map(NewTopic::name).toList(), Duration.ofSeconds(60));
        } catch (final Exception e) {
            throw new IllegalStateException("cannot create topics " + topics, e);
        }
    }

    /**
     * Stops and starts the broker on the same data and port (embedded broker only; a test using it against
     * a container is skipped, as a container restart changes the mapped port).
     *
     * @return how long the broker was unavailable
     */
    public Duration restartBroker() {
        Assumptions.assumeTrue(embedded != null, "Skipped: broker restart needs the embedded broker");
        final long t0 = System.nanoTime();
        embedded.restartBroker();
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (final RuntimeException | LinkageError e) {
            LOG.info("Docker check failed: {}", e.toString());
            return false;
        }
    }

    private static void deleteRecursively(final Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
