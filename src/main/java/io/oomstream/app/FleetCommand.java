package io.oomstream.app;

import io.oomstream.config.AppConfig;
import io.oomstream.config.KafkaOptions;
import io.oomstream.enrich.FleetFile;
import io.oomstream.enrich.FleetFileException;
import io.oomstream.enrich.FleetHost;
import io.oomstream.enrich.FleetIndex;
import io.oomstream.event.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code oomstream fleet}: fleet metadata jobs. */
@Command(name = "fleet", mixinStandardHelpOptions = true, description = "Fleet metadata (hosts, teams, services).",
        subcommands = {FleetCommand.Load.class, CommandLine.HelpCommand.class})
public final class FleetCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    /** {@code oomstream fleet load FILE}: checks a fleet file and publishes it to the compacted fleet topic. */
    @Command(name = "load", mixinStandardHelpOptions = true,
            description = {"Checks a fleet file (YAML, JSON or CSV; examples in deploy/fleet/) and publishes one "
                    + "record per host to the fleet topic, keyed by the host's matching key (lower-cased short "
                    + "name). The topic is created compacted when missing.",
                    "A file with any problem (unknown field, missing host, two hosts with one short name ...) is "
                            + "rejected as a whole, every problem listed as FILE:LINE. Hosts absent from the file "
                            + "are not deleted from the topic."})
    static final class Load implements Callable<Integer> {

        static final int EXIT_INVALID = 2;
        static final int EXIT_KAFKA = 3;

        @Parameters(paramLabel = "FILE", description = "The fleet file (.yaml, .yml, .json or .csv).")
        private Path file;

        @Mixin
        private KafkaOptions kafka;

        /** The brokers to publish to, once the options are read. */
        private String bootstrap;

        @Option(names = "--topic", description = "Fleet topic (default: oomstream.fleet.topic, ${DEFAULT-VALUE}).")
        private String topic = AppConfig.load(null, Map.of(), Map.of()).fleetTopic();

        @Option(names = "--dry-run", description = "Check the file and print what would be published; no Kafka.")
        private boolean dryRun;

        @Option(names = "--timeout", defaultValue = "PT30S", description = "Kafka timeout (default: ${DEFAULT-VALUE}).")
        private Duration timeout;

        @Override
        public Integer call() throws Exception {
            final FleetIndex index;
            try {
                index = FleetFile.load(file);
            } catch (final FleetFileException e) {
                System.err.println("oomstream fleet load: " + e.getMessage());
                return EXIT_INVALID;
            }
            if (dryRun) {
                index.byKey().forEach((k, h) -> System.out.println(k + "\t" + Json.write(h)));
                System.err.println("oomstream fleet load: " + index.size() + " hosts valid (dry run, nothing published)");
                return 0;
            }
            final Properties client;
            try {
                client = clientSettings();
            } catch (final AppConfig.InvalidConfigException e) {
                e.problems().forEach(p -> System.err.println("oomstream fleet load: " + p));
                return EXIT_INVALID;
            }
            if (bootstrap == null) {
                System.err.println("oomstream fleet load: --bootstrap-server is required (or use --dry-run)");
                return EXIT_INVALID;
            }
            try {
                final boolean created = ensureTopic(client);
                publish(index, client);
                System.err.println("oomstream fleet load: published " + index.size() + " hosts to " + topic
                        + (created ? " (topic created, compacted)" : ""));
                return 0;
            } catch (final ExecutionException | TimeoutException e) {
                System.err.println("oomstream fleet load: cannot publish to " + topic + " at " + bootstrap + ": "
                        + Preflight.rootMessage(e));
                return EXIT_KAFKA;
            } catch (final org.apache.kafka.common.KafkaException e) {
                // Thrown by the producer itself (e.g. a TLS or SASL failure while fetching metadata): one line, no trace.
                System.err.println("oomstream fleet load: cannot publish to " + topic + " at " + bootstrap + ": "
                        + Preflight.rootMessage(e));
                return EXIT_KAFKA;
            }
        }

        /**
         * The Kafka client settings (security.protocol, ssl.*, sasl.* ...) read as run reads them
         * ({@link KafkaOptions}); the brokers only when named, never the built-in localhost:9092.
         */
        private Properties clientSettings() {
            final Properties client = new Properties();
            final AppConfig config = kafka.load();
            config.kafka().forEach((k, v) -> {
                if (!ProducerConfig.BOOTSTRAP_SERVERS_CONFIG.equals(k)) {
                    client.put(k, v);
                }
            });
            bootstrap = kafka.brokerGiven() ? config.bootstrapServers() : null;
            return client;
        }

        /** The given client settings that {@code names} (the admin's or the producer's) knows. */
        private static Properties only(final Properties client, final java.util.Set<String> names) {
            final Properties p = new Properties();
            client.forEach((k, v) -> {
                if (names.contains((String) k)) {
                    p.put(k, v);
                }
            });
            return p;
        }

        /** Creates the topic compacted (one partition: a GlobalKTable reads all of it anyway) when missing. */
        private boolean ensureTopic(final Properties client)
                throws ExecutionException, InterruptedException, TimeoutException {
            final Properties p = only(client, AdminClientConfig.configNames());
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
            try (Admin admin = Admin.create(p)) {
                if (admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS).contains(topic)) {
                    return false;
                }
                admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty())
                                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                        .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return true;
            }
        }

        private void publish(final FleetIndex index, final Properties client)
                throws ExecutionException, InterruptedException, TimeoutException {
            final Properties p = only(client, ProducerConfig.configNames());
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
            // The producer requires delivery.timeout.ms >= linger.ms + request.timeout.ms.
            p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1000, timeout.toMillis() / 2));
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                    new ByteArraySerializer())) {
                final List<Future<?>> sent = new ArrayList<>();
                for (final Map.Entry<String, FleetHost> e : index.byKey().entrySet()) {
                    sent.add(producer.send(new ProducerRecord<>(topic, e.getKey(),
                            Json.write(e.getValue()).getBytes(StandardCharsets.UTF_8))));
                }
                for (final Future<?> f : sent) {
                    f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        }
    }
}
