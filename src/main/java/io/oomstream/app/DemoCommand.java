package io.oomstream.app;

import io.oomstream.broker.EmbeddedKafka;
import io.oomstream.config.AppConfig;
import io.oomstream.event.Json;
import io.oomstream.incident.IncidentRecord;
import io.oomstream.metrics.Metrics;
import io.oomstream.topology.TopicPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code oomstream demo}: the main job on an embedded default. Starts a real single-node KRaft
 * broker in this JVM (Apache Kafka's own classes, no Docker), creates the topics, replays the
 * seed incident logs plus generated fleet traffic through the full topology, prints the events
 * as they arrive, and ends when the replay is processed.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs oomstream end to end on an embedded Kafka broker with sample data and prints what it finds.",
                "Ends by itself when the replay is processed (or on Ctrl-C); --follow keeps it running for your own input."})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--hosts", defaultValue = "200", description = "Hosts in the generated fleet traffic (default: ${DEFAULT-VALUE}).")
    private int hosts;

    @Option(names = "--lines", defaultValue = "50000", description = "Generated syslog lines (default: ${DEFAULT-VALUE}; 0 = seeds only).")
    private int lines;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed of the generated traffic (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--json", description = "Print events as raw JSON lines instead of readable text.")
    private boolean json;

    @Option(names = "--follow", description = "Keep running after the replay; produce your own syslog lines to the input topic.")
    private boolean follow;

    @Option(names = "--keep-data", description = "Keep the broker and state directories (printed at the end).")
    private boolean keepData;

    /** Covers the seed write-ups, whose year-less stamps are inferred within the last year. */
    static final Duration DEMO_KILL_COUNT_RETENTION = Duration.ofDays(400);

    /** Warnings that are expected on an embedded, throw-away setup and would only confuse a first look. */
    private static final java.util.List<String> QUIET_IN_DEMO = java.util.List.of(
            "org.apache.kafka.controller.QuorumController",
            "org.apache.kafka.streams.processor.internals.StateDirectory",
            "org.apache.kafka.streams.StreamsConfig",
            "org.apache.kafka.clients.producer.internals.Sender");

    @Override
    public Integer call() throws Exception {
        QUIET_IN_DEMO.forEach(logger -> System.setProperty("org.slf4j.simpleLogger.log." + logger, "error"));
        // oomstream's own progress (broker ready, stream state changes) is told by the demo itself; warnings still show.
        System.setProperty("org.slf4j.simpleLogger.log.io.oomstream", "warn");
        final long started = System.nanoTime();
        final Path dir = Files.createTempDirectory("oomstream-demo-");
        final Metrics metrics = Metrics.global();
        System.err.println("oomstream demo: starting an embedded Kafka broker (KRaft, in this JVM) ...");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("broker"))) {
            final AppConfig config = demoConfig(kafka.bootstrapServers(), dir.resolve("state"));
            kafka.createTopics(TopicPlan.topics(config, 3, (short) 1));
            System.err.printf("oomstream demo: broker %s ready in %d ms; starting the topology ...%n",
                    kafka.bootstrapServers(), kafka.lastStartDuration().toMillis());
            final Map<String, Long> byKind = new TreeMap<>();
            final AtomicLong lastEventNanos = new AtomicLong(System.nanoTime());
            final DemoStory story = new DemoStory(DemoReplay.seedHosts(), System.out);
            if (!json) {
                System.out.println("Incidents of the seed write-ups and fleet-wide incidents, as they open, change "
                        + "and close:");
                System.out.println(DemoStory.COLUMNS);
            }
            try (StreamsApp app = StreamsApp.start(config, metrics);
                 DemoEventWatcher watcher = DemoEventWatcher.start(config, (e, updated) -> {
                     lastEventNanos.set(System.nanoTime());
                     count(byKind, updated ? "event updates" : "events");
                     if (json) {
                         System.out.println(Json.write(e));
                     } else {
                         story.event(e);
                     }
                 }, new DemoEventWatcher.Others() {
                     @Override
                     public void incident(final com.fasterxml.jackson.databind.JsonNode i) {
                         count(byKind, "incident records");
                         if (json) {
                             System.out.println(i.toString());
                         } else {
                             story.incident(Json.MAPPER.convertValue(i, IncidentRecord.class));
                         }
                     }

                     @Override
                     public void killCount(final com.fasterxml.jackson.databind.JsonNode c) {
                         count(byKind, "kill-count records");
                         if (json) {
                             System.out.println(c.toString());
                         }
                     }
                 })) {
                if (!app.awaitRunning(Duration.ofSeconds(60))) {
                    System.err.println("oomstream demo: the topology did not reach RUNNING: " + app.streams().state());
                    return 1;
                }
                final DemoReplay.Sent sent = DemoReplay.produce(config, hosts, lines, seed);
                System.err.printf("oomstream demo: replayed %,d records (%d seed lines, %,d generated from %d hosts)%n",
                        sent.total(), sent.seedLines(), sent.generatedLines(), hosts);
                if (follow) {
                    System.err.printf("oomstream demo: following. Produce syslog lines to topic '%s' at %s, e.g.%n"
                            + "  kcat -b %s -t %s -P < /var/log/messages%nCtrl-C to stop.%n",
                            config.inputTopic(), kafka.bootstrapServers(), kafka.bootstrapServers(), config.inputTopic());
                    app.awaitTermination();
                    return 0;
                }
                DemoReplay.awaitProcessed(config, sent, lastEventNanos, Duration.ofSeconds(90));
                if (!json) {
                    story.finish(sent.generatedLines(), hosts);
                }
                System.out.flush();
                System.err.printf("%noomstream demo: done in %.1f s: %s; %d records sent to the "
                                + "dead-letter topic '%s' (the write-ups' prose and garbage)%n",
                        (System.nanoTime() - started) / 1e9, counted(byKind), watcher.deadLetters(),
                        config.deadletterTopic());
                System.err.println("oomstream demo: every record in full: demo --json; a log of your own: "
                        + "oomstream analyze --format text FILE");
            }
        } finally {
            if (keepData) {
                System.err.println("oomstream demo: data kept in " + dir);
            } else {
                deleteTree(dir);
            }
        }
        return 0;
    }

    /** {@code 48 events, 6 event updates, 63 incident records}. */
    private static String counted(final Map<String, Long> counts) {
        synchronized (counts) {
            final java.util.List<String> out = new java.util.ArrayList<>();
            counts.forEach((what, n) -> out.add(n + " " + what));
            return out.isEmpty() ? "nothing received" : String.join(", ", out);
        }
    }

    private static void count(final Map<String, Long> counts, final String what) {
        synchronized (counts) {
            counts.merge(what, 1L, Long::sum);
        }
    }

    static AppConfig demoConfig(final String bootstrap, final Path stateDir) {
        return AppConfig.load(null, Map.of(), Map.ofEntries(
                Map.entry("bootstrap.servers", bootstrap),
                Map.entry(AppConfig.APPLICATION_ID, "oomstream-demo"),
                Map.entry(AppConfig.STATE_DIR, stateDir.toString()),
                Map.entry(AppConfig.HTTP_PORT, "-1"),
                Map.entry(AppConfig.IDLE_TIMEOUT_MS, "3000"),
                Map.entry(AppConfig.REAPER_GRACE_MS, "500"),
                Map.entry(AppConfig.COMMIT_INTERVAL_MS, "100"),
                Map.entry(AppConfig.REPLICATION_FACTOR, "1"),
                // The demo keys its input by host as the shipped rsyslog and Fluent Bit configurations do, and says
                // so as they tell users to: no by-host repartition, and no reorder stage waiting on lines in order.
                Map.entry(AppConfig.INPUT_KEYED_BY_HOST, "true"),
                // Short grace so the demo's kill-count windows close before it ends.
                Map.entry(AppConfig.KILL_COUNTS_GRACE_MS, "2000"),
                // The write-ups are dated weeks to months back (their syslog stamps carry no year, so within the
                // last year), the generated traffic now: with the default 7 days, the write-ups' own kills would
                // be refused by the kill counts as older than the retention.
                Map.entry(AppConfig.KILL_COUNTS_RETENTION_MS, Long.toString(DEMO_KILL_COUNT_RETENTION.toMillis())),
                // One request in flight per partition: the embedded broker then never sees a transaction's later
                // batch before its first, which it refuses (retriably) with an ERROR line of its own.
                Map.entry("producer.max.in.flight.requests.per.connection", "1")));
    }

    private static void deleteTree(final Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (final IOException e) {
            System.err.println("oomstream demo: could not delete " + dir + ": " + e.getMessage());
        }
    }
}
