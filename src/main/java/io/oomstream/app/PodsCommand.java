package io.oomstream.app;

import io.oomstream.config.AppConfig;
import io.oomstream.config.KafkaOptions;
import io.oomstream.enrich.KubectlPods;
import io.oomstream.enrich.PodMetadata;
import io.oomstream.enrich.PodTopicUpdate;
import io.oomstream.event.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code oomstream pods}: Kubernetes pod metadata jobs. */
@Command(name = "pods", mixinStandardHelpOptions = true,
        description = "Kubernetes pod metadata, so kills name namespace, workload and container after the pod is gone.",
        subcommands = {PodsCommand.Load.class, CommandLine.HelpCommand.class})
public final class PodsCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    /** {@code oomstream pods load [FILE]}: publishes {@code kubectl get pods -A -o json} to the pods topic. */
    @Command(name = "load", mixinStandardHelpOptions = true,
            description = {"Reads `kubectl get pods -A -o json` (FILE, or stdin with - or no FILE) and publishes each "
                    + "pod to the compacted pods topic under its uid and under each container id, merged with what "
                    + "the topic holds: ids of earlier container runs stay resolvable. A pod no longer listed is "
                    + "kept until --retention after it was last seen, then tombstoned. Run it from a CronJob "
                    + "(every minute or so) or a watcher; see docs/alerting.md.",
                    "Example: kubectl get pods -A -o json | oomstream pods load --bootstrap-server kafka:9092"})
    static final class Load implements Callable<Integer> {

        static final int EXIT_INVALID = 2;
        static final int EXIT_KAFKA = 3;

        @Parameters(paramLabel = "FILE", arity = "0..1", description = "The kubectl JSON (default: stdin).")
        private String file = "-";

        @Mixin
        private KafkaOptions kafka;

        @Option(names = "--topic", description = "Pods topic (default: oomstream.pods.topic, ${DEFAULT-VALUE}).")
        private String topic = AppConfig.load(null, Map.of(), Map.of()).podsTopic();

        @Option(names = "--retention", defaultValue = "P7D",
                description = "How long a pod no longer listed stays resolvable (default: ${DEFAULT-VALUE}).")
        private Duration retention;

        @Option(names = "--keep-label", paramLabel = "LABEL",
                description = "A pod label to keep (repeatable; default: app and the app.kubernetes.io/* labels).")
        private List<String> keepLabels = new ArrayList<>();

        @Option(names = "--dry-run", description = "Read the listing and print what it holds; no Kafka.")
        private boolean dryRun;

        @Option(names = "--timeout", defaultValue = "PT30S", description = "Kafka timeout (default: ${DEFAULT-VALUE}).")
        private Duration timeout;

        @Override
        public Integer call() throws Exception {
            final Instant now = Instant.now();
            final List<PodMetadata> listing;
            try {
                final String json = file.equals("-")
                        ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                        : Files.readString(Path.of(file));
                final Set<String> labels = keepLabels.isEmpty() ? KubectlPods.DEFAULT_LABELS
                        : new LinkedHashSet<>(keepLabels);
                listing = KubectlPods.read(json, now, labels);
            } catch (final IOException | IllegalArgumentException e) {
                System.err.println("oomstream pods load: " + file + ": " + e.getMessage());
                return EXIT_INVALID;
            }
            if (dryRun) {
                listing.forEach(p -> System.out.println(p.key() + "\t" + Json.write(p)));
                System.err.println("oomstream pods load: " + listing.size() + " pods read (dry run, nothing published)");
                return 0;
            }
            final AppConfig config;
            try {
                config = kafka.load();
            } catch (final AppConfig.InvalidConfigException e) {
                e.problems().forEach(p -> System.err.println("oomstream pods load: " + p));
                return EXIT_INVALID;
            }
            if (!kafka.brokerGiven()) {
                System.err.println("oomstream pods load: --bootstrap-server is required (or use --dry-run)");
                return EXIT_INVALID;
            }
            final String bootstrap = config.bootstrapServers();
            try {
                final CompactedTopic pods = new CompactedTopic(config, topic, timeout);
                final boolean created = pods.ensure();
                final PodTopicUpdate update = new PodTopicUpdate(held(pods), listing, now, retention);
                final List<Map.Entry<String, byte[]>> records = new ArrayList<>();
                for (final PodTopicUpdate.Publish p : update.records()) {
                    records.add(new java.util.AbstractMap.SimpleImmutableEntry<>(p.key(),
                            p.value() == null ? null : Json.write(p.value()).getBytes(StandardCharsets.UTF_8)));
                }
                pods.publish(records);
                System.err.println("oomstream pods load: " + update.listed() + " pods listed, " + update.keptGone()
                        + " gone and kept, " + update.forgotten() + " forgotten after " + retention + "; "
                        + records.size() + " records published to " + topic + (created ? " (topic created, compacted)" : ""));
                return 0;
            } catch (final ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException e) {
                System.err.println("oomstream pods load: cannot update " + topic + " at " + bootstrap + ": "
                        + Preflight.rootMessage(e));
                return EXIT_KAFKA;
            }
        }

        /** The pod entries the topic holds (container-keyed entries are copies), by uid. */
        private static Map<String, PodMetadata> held(final CompactedTopic pods) throws TimeoutException {
            final Map<String, PodMetadata> held = new HashMap<>();
            pods.readAll().forEach((k, v) -> {
                if (!k.startsWith(PodMetadata.CONTAINER_KEY_PREFIX)) {
                    try {
                        held.put(k, Json.MAPPER.readValue(v, PodMetadata.class));
                    } catch (final IOException e) {
                        // Not ours (written by hand?): left alone, neither merged nor tombstoned.
                        System.err.println("oomstream pods load: skipping unreadable entry " + k + ": " + e.getMessage());
                    }
                }
            });
            return held;
        }
    }
}
