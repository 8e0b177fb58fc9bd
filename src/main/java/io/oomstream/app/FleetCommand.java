package io.oomstream.app;

import io.oomstream.config.AppConfig;
import io.oomstream.config.KafkaOptions;
import io.oomstream.enrich.FleetFile;
import io.oomstream.enrich.FleetFileException;
import io.oomstream.enrich.FleetIndex;
import io.oomstream.event.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
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
            final AppConfig config;
            try {
                config = kafka.load();
            } catch (final AppConfig.InvalidConfigException e) {
                e.problems().forEach(p -> System.err.println("oomstream fleet load: " + p));
                return EXIT_INVALID;
            }
            // The brokers only when named, never the built-in localhost:9092.
            if (!kafka.brokerGiven()) {
                System.err.println("oomstream fleet load: --bootstrap-server is required (or use --dry-run)");
                return EXIT_INVALID;
            }
            final String bootstrap = config.bootstrapServers();
            try {
                final CompactedTopic fleetTopic = new CompactedTopic(config, topic, timeout);
                final boolean created = fleetTopic.ensure();
                final List<Map.Entry<String, byte[]>> records = new ArrayList<>();
                index.byKey().forEach((k, h) -> records.add(Map.entry(k, Json.write(h).getBytes(StandardCharsets.UTF_8))));
                fleetTopic.publish(records);
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
    }
}
