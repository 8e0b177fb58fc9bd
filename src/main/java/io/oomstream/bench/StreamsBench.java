package io.oomstream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.oomstream.broker.EmbeddedKafka;
import io.oomstream.config.AppConfig;
import io.oomstream.loadgen.CheckedSends;
import io.oomstream.loadgen.FleetLogGenerator;
import io.oomstream.loadgen.FleetRecord;
import io.oomstream.loadgen.GeneratorConfig;
import io.oomstream.loadgen.GroundTruth;
import io.oomstream.loadgen.OutputFormat;
import io.oomstream.loadgen.ReportKind;
import io.oomstream.metrics.Metrics;
import io.oomstream.topology.OomTopology;
import io.oomstream.topology.OrdinaryRecordFilter;
import io.oomstream.topology.TopicPlan;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The broker-side figures of {@code oomstream bench}, all on one embedded KRaft broker in this process:
 * pre-produced input consumed by the real topology and by an identity topology (exactly_once_v2, one
 * stream thread each), and the report-to-event latency under background load.
 */
final class StreamsBench implements AutoCloseable {

    static final int PARTITIONS = 4;
    /** The identity topology's output topic in the end-to-end pairs. */
    static final String IDENTITY_OUT = "bench.identity.out";
    /** The topics' prefix of the end-to-end pairs: both sides read {@code bench.syslog}. */
    static final String E2E_PREFIX = "bench";
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The broker this process started; null in an {@link E2eWorker}, which uses its parent's broker. */
    private final EmbeddedKafka kafka;
    private final String bootstrap;
    private final Admin admin;
    private final Path dir;
    private final PrintStream log;

    /** One run of a topology over pre-produced input. */
    record Run(String name, long records, double startupSeconds, double wallSeconds, double steadyRecordsPerSecond,
               double wallRecordsPerSecond, int commitSamples, long stateBytes, double streamThreadCpuSeconds,
               double recordsPerCpuSecond, ThreadTime threadTime) {
    }

    /**
     * Where the stream thread's time went, by Kafka Streams' own thread metrics (averages over the metrics' sample
     * window, 2 x 30 s, read when the input was consumed): the shares of its loop spent polling (the ordinary-record
     * filter runs inside the poll), processing, punctuating and committing, the number of commits (one transaction each
     * under exactly_once_v2) and Streams' {@code commit-latency-avg}, a commit's time divided by the tasks it committed.
     */
    record ThreadTime(double pollRatio, double processRatio, double punctuateRatio, double commitRatio,
                      double commitLatencyMs, double commits, double fetchWaitShare) {

        static final ThreadTime NONE = new ThreadTime(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN);

        static ThreadTime of(final KafkaStreams streams) {
            final Map<String, Double> m = new HashMap<>();
            streams.metrics().forEach((name, metric) -> {
                if ("stream-thread-metrics".equals(name.group()) && metric.metricValue() instanceof Double d) {
                    m.merge(name.name(), d, Double::sum); // one stream thread in the bench: the sum is its value
                }
            });
            return new ThreadTime(m.getOrDefault("poll-ratio", Double.NaN), m.getOrDefault("process-ratio", Double.NaN),
                    m.getOrDefault("punctuate-ratio", Double.NaN), m.getOrDefault("commit-ratio", Double.NaN),
                    m.getOrDefault("commit-latency-avg", Double.NaN), m.getOrDefault("commit-total", Double.NaN),
                    Double.NaN); // the steady window's share is set by the run
        }

        /**
         * Nanoseconds the main consumer waited in select() so far. Its network I/O runs on the stream thread: this is
         * the thread waiting for a fetch (the consumer sends the next one only when a poll has drained the last).
         */
        static double fetchWaitNanos(final KafkaStreams streams) {
            double nanos = 0;
            for (final Map.Entry<org.apache.kafka.common.MetricName, ? extends org.apache.kafka.common.Metric> e
                    : streams.metrics().entrySet()) {
                final String client = e.getKey().tags().getOrDefault("client-id", "");
                if ("consumer-metrics".equals(e.getKey().group()) && "io-wait-time-ns-total".equals(e.getKey().name())
                        && client.endsWith("-consumer") && !client.endsWith("-restore-consumer")
                        && !client.endsWith("-global-consumer")
                        && e.getValue().metricValue() instanceof Double d) {
                    nanos += d;
                }
            }
            return nanos;
        }

        /** This with the fetch wait replaced by the steady window's share of it (of that window's wall time). */
        ThreadTime withFetchWaitShare(final double share) {
            return new ThreadTime(pollRatio, processRatio, punctuateRatio, commitRatio, commitLatencyMs, commits, share);
        }

        String text() {
            return String.format(java.util.Locale.ROOT, "thread: poll %.0f%%, process %.0f%%, punctuate %.0f%%, "
                    + "commit %.0f%% (%.0f commits, %.1f ms per task committed); waiting for fetches %.0f%% of the steady window",
                    pollRatio * 100, processRatio * 100, punctuateRatio * 100, commitRatio * 100, commits,
                    commitLatencyMs, fetchWaitShare * 100);
        }
    }

    /**
     * What the events topic held after a run.
     *
     * @param kills  victim pids of the distinct kill events, per host (sorted)
     * @param events distinct event ids of any kind
     */
    record EventCount(Map<String, List<Integer>> kills, long events) {

        long killEvents() {
            return kills.values().stream().mapToLong(List::size).sum();
        }

        /** Kills of {@code truth} found here, counting each (host, pid) at most as often as the truth has it. */
        long found(final Map<String, List<Integer>> truth) {
            long n = 0;
            for (final Map.Entry<String, List<Integer>> e : truth.entrySet()) {
                final List<Integer> got = new ArrayList<>(kills.getOrDefault(e.getKey(), List.of()));
                for (final Integer pid : e.getValue()) {
                    if (got.remove(pid)) {
                        n++;
                    }
                }
            }
            return n;
        }
    }

    /**
     * Latency of probe reports under background load.
     *
     * @param incidentMs from the probe's last line to the first incident record that lists its kill
     */
    /**
     * @param reorderWarmSeconds how long the reorder stage took to adapt its wait to the input before the probes
     *                           began (null: the stage was off; negative: it did not within the warm-up allowed)
     * @param reorderWaitMillis  the stage's wait when the probes began (null: off)
     * @param reorderWaitMaxMillis the longest the stage's wait was while the probes went (null: off): it grows with the
     *                           disorder the input shows, and every probe waits it
     */
    record Latency(int probes, int received, List<Double> allMs, List<Double> reaperMs, List<Double> graceMs,
                   List<Double> incidentMs, long backgroundRecords, double backgroundRecordsPerSecond, double seconds,
                   List<String> trace, Double reorderWarmSeconds, Long reorderWaitMillis, Long reorderWaitMaxMillis) {
    }

    /** Settings given with {@code bench --set}, applied to every application of the broker phases. */
    private final Map<String, String> overrides = new HashMap<>();

    /** Applies {@code settings} (oomstream or Kafka keys) to every application config made after this call. */
    void override(final Map<String, String> settings) {
        overrides.putAll(settings);
    }

    private StreamsBench(final EmbeddedKafka kafka, final String bootstrap, final Path dir, final PrintStream log) {
        this.kafka = kafka;
        this.bootstrap = bootstrap;
        this.dir = dir;
        this.log = log;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    static StreamsBench start(final Path dir, final PrintStream log) {
        final EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("broker"));
        log.printf("  broker ready on %s in %d ms%n", kafka.bootstrapServers(), kafka.lastStartDuration().toMillis());
        return new StreamsBench(kafka, kafka.bootstrapServers(), dir, log);
    }

    /** Runs applications against a broker another process started (the bench's, from an {@link E2eWorker}). */
    static StreamsBench connect(final String bootstrap, final Path dir, final PrintStream log) {
        return new StreamsBench(null, bootstrap, dir, log);
    }

    String bootstrapServers() {
        return bootstrap;
    }

    Path dir() {
        return dir;
    }

    Map<String, String> overrides() {
        return Map.copyOf(overrides);
    }

    /** The app config of one bench application: its own id, topics and state dir; everything else default. */
    AppConfig config(final String appId, final String prefix, final boolean keyedByHost) {
        final Map<String, String> o = new HashMap<>();
        o.put("bootstrap.servers", bootstrap);
        o.put(AppConfig.APPLICATION_ID, appId);
        o.put(AppConfig.INPUT_TOPIC, prefix + ".syslog");
        o.put(AppConfig.EVENTS_TOPIC, prefix + ".events");
        o.put(AppConfig.DEADLETTER_TOPIC, prefix + ".deadletter");
        o.put(AppConfig.INCIDENTS_TOPIC, prefix + ".incidents");
        o.put(AppConfig.KILL_COUNTS_TOPIC, prefix + ".kill-counts");
        o.put(AppConfig.FLEET_TOPIC, prefix + ".fleet");
        o.put(AppConfig.ENRICHED_TOPIC, prefix + ".events.enriched");
        o.put(AppConfig.STATE_DIR, dir.resolve("state").resolve(appId).toString());
        o.put(AppConfig.HTTP_PORT, "-1");
        o.put(AppConfig.REPLICATION_FACTOR, "1");
        o.put(AppConfig.INPUT_KEYED_BY_HOST, Boolean.toString(keyedByHost));
        o.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1");
        o.putAll(overrides); // bench --set: a setting under test (commit interval, linger), same for every phase
        // The environment is left out on purpose: a figure must not depend on OOMSTREAM_*/KAFKA_* of the shell.
        return AppConfig.load(null, Map.of(), o);
    }

    /** Creates the topics of {@link TopicPlan} and any other external topic the topology reads or writes. */
    void createTopics(final AppConfig config, final Topology topology) {
        final List<NewTopic> topics = new ArrayList<>(TopicPlan.topics(config, PARTITIONS, (short) 1));
        final Set<String> names = new HashSet<>();
        topics.forEach(t -> names.add(t.name()));
        for (final String t : externalTopics(topology)) {
            if (names.add(t)) {
                topics.add(new NewTopic(t, PARTITIONS, (short) 1));
            }
        }
        kafka.createTopics(topics);
    }

    void createTopic(final String name) {
        kafka.createTopics(PARTITIONS, name);
    }

    /** Sources, sinks and global-store sources of a topology, internal topics left out. */
    static Set<String> externalTopics(final Topology topology) {
        final Set<String> out = new HashSet<>();
        final TopologyDescription d = topology.describe();
        for (final TopologyDescription.Subtopology s : d.subtopologies()) {
            for (final TopologyDescription.Node n : s.nodes()) {
                if (n instanceof TopologyDescription.Sink sink && sink.topic() != null) {
                    out.add(sink.topic());
                } else if (n instanceof TopologyDescription.Source src && src.topicSet() != null) {
                    out.addAll(src.topicSet());
                }
            }
        }
        for (final TopologyDescription.GlobalStore g : d.globalStores()) {
            if (g.source().topicSet() != null) {
                out.addAll(g.source().topicSet());
            }
        }
        out.removeIf(t -> t.endsWith("-repartition") || t.endsWith("-changelog"));
        return out;
    }

    /** Produces a generated fleet log to a topic (key = host, or null); returns the ground truth. */
    GroundTruth produce(final String topic, final GeneratorConfig config, final boolean keyed) {
        final FleetLogGenerator g = new FleetLogGenerator(config);
        final AtomicReference<Exception> failure = new AtomicReference<>();
        final long t0 = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = producer(20)) {
            while (g.hasNext() && failure.get() == null) {
                final FleetRecord r = g.next();
                producer.send(new ProducerRecord<>(topic, keyed ? r.host() : null,
                        r.value().getBytes(StandardCharsets.UTF_8)), (m, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        }
                    });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("producing the bench input failed", failure.get());
        }
        final double secs = (System.nanoTime() - t0) / 1e9;
        log.printf("  produced %,d records to %s in %.1f s (%,.0f records/s); %s%n", config.lines(), topic, secs,
                config.lines() / secs, g.truth().render());
        return g.truth();
    }

    /** CPU seconds the stream threads of application {@code appId} used so far (named {@code <appId>-<uuid>-StreamThread-<n>}). */
    static double streamThreadCpuSeconds(final String appId) {
        final java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        if (!threads.isThreadCpuTimeSupported()) {
            return 0;
        }
        long nanos = 0;
        for (final java.lang.management.ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && t.getThreadName().startsWith(appId + "-") && t.getThreadName().contains("-StreamThread-")) {
                nanos += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
            }
        }
        return nanos / 1e9;
    }

    /** The identity topology: bytes in, bytes out. */
    static Topology identity(final String in, final String out) {
        final StreamsBuilder b = new StreamsBuilder();
        b.stream(in, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("identity-source"))
                .to(out, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("identity-sink"));
        return b.build();
    }

    static Topology oom(final AppConfig config) {
        return OomTopology.build(config, new Metrics());
    }

    /** The real application as it runs: its topology and Streams properties (the ordinary-record filter on). */
    Run runOomToEnd(final AppConfig config, final Duration settle, final MemorySampler memory, final String name)
            throws InterruptedException {
        final Metrics metrics = new Metrics();
        return runToEnd(name, OomTopology.build(config, metrics),
                OrdinaryRecordFilter.streamsProperties(config, metrics), config, settle, memory);
    }

    /**
     * Runs a topology from the start of its (pre-produced) input until its committed offsets reach the input's
     * end offsets. The steady rate is the slope of the committed offsets between the first commit and the last
     * commit before the end (startup and the final partial commit interval excluded); the wall rate counts
     * from start() to the end.
     *
     * @param settle wall time to keep the application running after the input is consumed (timers flush)
     */
    Run runToEnd(final String name, final Topology topology, final AppConfig config, final Duration settle,
                 final MemorySampler memory) throws InterruptedException {
        return runToEnd(name, topology, config.streamsProperties(), config, settle, memory);
    }

    private Run runToEnd(final String name, final Topology topology, final Properties props, final AppConfig config,
                         final Duration settle, final MemorySampler memory) throws InterruptedException {
        final String appId = props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        final List<TopicPartition> input = partitions(config.inputTopic());
        final long end = endOffsets(input);
        final KafkaStreams streams = new KafkaStreams(topology, props);
        final AtomicLong runningAt = new AtomicLong();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                runningAt.compareAndSet(0, System.nanoTime());
            }
        });
        streams.setUncaughtExceptionHandler(e -> {
            failure.compareAndSet(null, e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        final List<long[]> samples = new ArrayList<>();
        final long t0 = System.nanoTime();
        double cpuSeconds = 0;
        if (memory != null) {
            memory.arm();
        }
        streams.start();
        long committed = 0;
        long done = 0;
        ThreadTime threadTime = ThreadTime.NONE;
        try {
            while (done == 0) {
                if (failure.get() != null) {
                    throw new IllegalStateException(name + ": stream thread failed", failure.get());
                }
                if (System.nanoTime() - t0 > RUN_TIMEOUT.toNanos()) {
                    throw new IllegalStateException(name + ": input not consumed within " + RUN_TIMEOUT + " ("
                            + committed + " of " + end + ")");
                }
                TimeUnit.MILLISECONDS.sleep(50);
                final long c = committed(appId, input);
                final long now = System.nanoTime();
                if (c > committed) {
                    committed = c;
                    samples.add(new long[] {now, c, (long) (streamThreadCpuSeconds(appId) * 1e9),
                        (long) ThreadTime.fetchWaitNanos(streams)});
                }
                if (committed >= end) {
                    done = now;
                    threadTime = ThreadTime.of(streams); // before the settle time, which would dilute the shares
                }
            }
            if (!settle.isZero()) {
                TimeUnit.MILLISECONDS.sleep(settle.toMillis());
            }
        } finally {
            if (memory != null) {
                memory.disarm();
            }
            // Before close: the stream threads end with it. CPU time is what a loaded, shared machine cannot steal.
            cpuSeconds = streamThreadCpuSeconds(appId);
            streams.close(Duration.ofSeconds(60));
        }
        final long stateBytes = MemorySampler.directoryBytes(config.stateDir());
        final double startup = runningAt.get() == 0 ? 0 : (runningAt.get() - t0) / 1e9;
        final double wall = (done - t0) / 1e9;
        final double wallRate = end / wall;
        double steady = 0;
        double steadyCpuSeconds = 0;
        long steadyCpuRecords = 0;
        int first = -1;
        int lastBusy = -1;
        for (int i = 0; i < samples.size(); i++) {
            if (samples.get(i)[1] < end) {
                if (first < 0) {
                    first = i;
                }
                lastBusy = i;
            }
        }
        if (first >= 0 && lastBusy > first) {
            steady = (samples.get(lastBusy)[1] - samples.get(first)[1]) / ((samples.get(lastBusy)[0]
                    - samples.get(first)[0]) / 1e9);
            // The stream thread's CPU over the same window: startup (topics, RocksDB, the first rebalance) left out.
            final long cpuNanos = samples.get(lastBusy)[2] - samples.get(first)[2];
            steadyCpuSeconds = cpuNanos > 0 ? cpuNanos / 1e9 : 0;
            steadyCpuRecords = samples.get(lastBusy)[1] - samples.get(first)[1];
            threadTime = threadTime.withFetchWaitShare((samples.get(lastBusy)[3] - samples.get(first)[3])
                    / (double) (samples.get(lastBusy)[0] - samples.get(first)[0]));
        } else if (runningAt.get() > 0) {
            steady = end / ((done - runningAt.get()) / 1e9);
        }
        final Run run = new Run(name, end, startup, wall, steady, wallRate, samples.size(), stateBytes, cpuSeconds,
                steadyCpuSeconds > 0 ? steadyCpuRecords / steadyCpuSeconds : 0, threadTime);
        log.printf("  %-10s %,d records: startup %.1f s, done after %.1f s; steady %,.0f records/s (%d commits), "
                + "wall %,.0f records/s; %s%n", name, end, startup, wall, steady, samples.size(), wallRate,
                threadTime.text());
        return run;
    }

    /** Reads the events on a topic (read_committed), distinct by event id (the last version of each counts). */
    EventCount countEvents(final String topic) {
        final Map<String, JsonNode> byId = new LinkedHashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            final List<TopicPartition> tps = partitions(topic);
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            final Map<TopicPartition, Long> end = consumer.endOffsets(tps);
            final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && !reached(consumer, end)) {
                for (final ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        final JsonNode e = JSON.readTree(r.value());
                        byId.put(e.path("event_id").asText(), e);
                    } catch (final java.io.IOException ex) {
                        // not an event; ignore
                    }
                }
            }
        }
        final Map<String, List<Integer>> kills = new java.util.TreeMap<>();
        for (final JsonNode e : byId.values()) {
            final String kind = e.path("kind").asText();
            final JsonNode pid = e.path("victim").path("pid");
            if (("oom_kill".equals(kind) || "memcg_oom_kill".equals(kind)) && pid.isNumber()) {
                kills.computeIfAbsent(e.path("host").asText(), h -> new ArrayList<>()).add(pid.asInt());
            }
        }
        kills.values().forEach(java.util.Collections::sort);
        return new EventCount(kills, byId.size());
    }

    /**
     * Latency: probe reports (complete kernel reports for dedicated hosts) produced while a background
     * generator sends fleet traffic at a fixed rate into the same topic, read back from the events topic
     * with read_committed. Latency = event seen by the consumer minus the producer's send of the probe's last
     * line; likewise to the first incident record listing the kill, read from the incidents topic.
     */
    Latency latency(final AppConfig config, final GeneratorConfig background, final double backgroundRate,
                    final Duration duration, final Duration probeEvery, final Duration maxWarmup)
            throws InterruptedException {
        final Map<String, long[]> pending = new ConcurrentHashMap<>();
        final Map<String, Long> pendingIncident = new ConcurrentHashMap<>();
        final List<Double> incident = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<Double> all = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<Double> reaper = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<Double> grace = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<String> trace = java.util.Collections.synchronizedList(new ArrayList<>());
        final AtomicBoolean consuming = new AtomicBoolean(true);
        int probes = 0;
        final double secs;
        final long sent;
        Double reorderWarm = null;
        Long reorderWait = null;
        Long reorderWaitMax = null;
        try (LoadedApp app = new LoadedApp(config, background, backgroundRate)) {
            app.awaitCaughtUp(config, backgroundRate, Duration.ofSeconds(5), maxWarmup);
            if (config.reorderOn()) {
                reorderWarm = app.awaitReorderWarm(config, maxWarmup.multipliedBy(2));
                reorderWait = app.reorderWaitMillis();
            }
            final long phaseStart = System.nanoTime();
            final Thread consumerThread = new Thread(() -> consume(config.eventsTopic(), pending, all, reaper, grace,
                    trace, phaseStart, consuming), "bench-latency-consumer");
            consumerThread.setDaemon(true);
            consumerThread.start();
            final Thread incidentThread = new Thread(() -> consumeIncidents(config.incidentsTopic(), pendingIncident,
                    incident, consuming), "bench-latency-incident-consumer");
            incidentThread.setDaemon(true);
            incidentThread.start();
            try (KafkaProducer<String, byte[]> producer = producer(0)) {
                final FleetLogGenerator probeSource = new FleetLogGenerator(GeneratorConfig.defaults().withSeed(4242));
                final ReportKind[] kinds = {ReportKind.E5_GLOBAL, ReportKind.E6_GLOBAL, ReportKind.E5_MEMCG_V2,
                    ReportKind.E4_TASKS_STATE, ReportKind.E6_MEMCG_V2, ReportKind.E4_RHEL7, ReportKind.E3_RHEL6,
                    ReportKind.E4_MEMCG_V1, ReportKind.E2_GLOBAL, ReportKind.E1_GLOBAL};
                final int probeHosts = 40;
                final CheckedSends probeSends = new CheckedSends();
                final long deadline = System.nanoTime() + duration.toNanos();
                while (System.nanoTime() < deadline) {
                    app.check();
                    final int h = probes % probeHosts;
                    final String host = "lat-" + String.format("%04d", h) + ".probe.example.com";
                    final ReportKind kind = kinds[h % kinds.length];
                    final FleetLogGenerator.Probe p = probeSource.probe(host, kind, Instant.now(), OutputFormat.JSON);
                    for (final FleetRecord r : p.records()) {
                        // Keyed by host only when the application is told so (--set oomstream.input.keyed.by.host=false
                        // measures unkeyed input: the producer spreads a host's lines over partitions).
                        producer.send(new ProducerRecord<>(config.inputTopic(), config.inputKeyedByHost() ? host : null,
                                r.value().getBytes(StandardCharsets.UTF_8)), probeSends);
                    }
                    final long sentAt = System.nanoTime();
                    for (final int pid : p.victimPids()) {
                        pending.put(probeKey(host, pid), new long[] {sentAt, p.endsWithReaper() ? 1 : 0, kind.ordinal()});
                        pendingIncident.put(probeKey(host, pid), sentAt);
                    }
                    probes++;
                    final Long waitNow = config.reorderOn() ? app.reorderWaitMillis() : null;
                    if (waitNow != null && (reorderWaitMax == null || waitNow > reorderWaitMax)) {
                        reorderWaitMax = waitNow;
                    }
                    TimeUnit.MILLISECONDS.sleep(probeEvery.toMillis());
                }
                producer.flush();
                probeSends.throwIfFailed(config.inputTopic()); // a probe never sent is no latency to wait for
                final long drainUntil = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                while ((!pending.isEmpty() || !pendingIncident.isEmpty()) && System.nanoTime() < drainUntil) {
                    app.check();
                    TimeUnit.MILLISECONDS.sleep(100);
                }
            } finally {
                consuming.set(false);
                consumerThread.join(10_000);
                incidentThread.join(10_000);
            }
            secs = (System.nanoTime() - app.startedAt) / 1e9;
            sent = app.sent.get();
            app.check();
        }
        final Latency l = new Latency(probes, all.size(), List.copyOf(all), List.copyOf(reaper), List.copyOf(grace),
                List.copyOf(incident), sent, sent / secs, secs, List.copyOf(trace), reorderWarm, reorderWait,
                reorderWaitMax);
        log.printf("  latency: %d probe reports (%d kills seen) under %,.0f background records/s for %.0f s%n",
                probes, all.size(), l.backgroundRecordsPerSecond(), secs);
        return l;
    }

    /**
     * Memory while the fleet sends traffic: the application processes background traffic from all hosts for a
     * while; every two seconds a full collection (System.gc()) measures the live heap. Its maximum is the heap
     * high-water mark of the live set, independent of -Xmx (the raw heap use between collections is not:
     * garbage piles up until the collector needs the space).
     *
     * @return the highest live heap seen, bytes (the whole process: broker, producers, Streams)
     */
    long liveHeapUnderLoad(final AppConfig config, final GeneratorConfig background, final double rate,
                           final Duration duration, final MemorySampler memory) throws InterruptedException {
        long live = 0;
        try (LoadedApp app = new LoadedApp(config, background, rate)) {
            app.awaitCaughtUp(config, rate, Duration.ofSeconds(3), Duration.ofSeconds(20));
            memory.arm();
            final long deadline = System.nanoTime() + duration.toNanos();
            while (System.nanoTime() < deadline) {
                TimeUnit.SECONDS.sleep(2);
                app.check();
                live = Math.max(live, memory.liveHeapNow()); // -1: no collection happened, no figure
            }
            memory.disarm();
            log.printf("  %,d background records/s from %,d hosts for %d s: live heap at most %,.0f MiB (%d System.gc() "
                    + "calls so far collected nothing and gave no figure)%n",
                    (long) (app.sent.get() / ((System.nanoTime() - app.startedAt) / 1e9)), background.hosts(),
                    duration.toSeconds(), live / 1048576.0, memory.skippedCollections());
        }
        return live;
    }

    /** The real topology, running, with generated fleet traffic flowing into its input at a fixed rate. */
    private final class LoadedApp implements AutoCloseable {
        final KafkaStreams streams;
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final AtomicLong sent = new AtomicLong();
        final BackgroundLoad load;
        final long startedAt;

        /** The application's metrics (the reorder stage's wait). */
        final Metrics metrics = new Metrics();

        LoadedApp(final AppConfig config, final GeneratorConfig background, final double rate)
                throws InterruptedException {
            final Topology topology = OomTopology.build(config, metrics);
            createTopics(config, topology);
            streams = new KafkaStreams(topology, OrdinaryRecordFilter.streamsProperties(config, metrics));
            streams.setUncaughtExceptionHandler(e -> {
                failure.compareAndSet(null, e);
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
            streams.start();
            awaitRunning(streams, failure);
            load = new BackgroundLoad(background, rate, config.inputTopic(), config.inputKeyedByHost(), sent, failure);
            startedAt = System.nanoTime();
            load.start();
        }

        /**
         * Waits until the application keeps up with the background load: at least {@code min}, then until the
         * input's committed offsets trail its end by less than 1.5 s of load twice in a row (at most {@code max}). The
         * first seconds after a start are slow (cold JIT, RocksDB, rebalancing) and would leave a backlog that
         * every probe then waits behind.
         *
         * @return the lag in records when the wait ended
         */
        long awaitCaughtUp(final AppConfig config, final double rate, final Duration min, final Duration max)
                throws InterruptedException {
            final String group = config.applicationId();
            final List<TopicPartition> input = partitions(config.inputTopic());
            final long t0 = System.nanoTime();
            long lag = Long.MAX_VALUE;
            int caughtUp = 0;
            while (System.nanoTime() - t0 < max.toNanos() && caughtUp < 2) {
                check();
                TimeUnit.MILLISECONDS.sleep(250);
                lag = endOffsets(input) - committed(group, input);
                // Committed offsets trail by up to one commit interval even when the app keeps up.
                final boolean low = lag < Math.max(1_000, rate * 1.5);
                caughtUp = System.nanoTime() - t0 >= min.toNanos() && low ? caughtUp + 1 : 0;
            }
            log.printf("  warm-up %.1f s under load; lag %,d records%n", (System.nanoTime() - t0) / 1e9, lag);
            return lag;
        }

        /**
         * Waits until the reorder stage has adapted its wait to the input: until then every line waits the whole
         * window (the stage's cold start, after every start or restart of an instance), which the probes would
         * measure instead of the steady latency. The background load carries report lines, from which it learns.
         *
         * @return the seconds it took, or -1 if its wait was still the whole window after {@code max}
         */
        double awaitReorderWarm(final AppConfig config, final Duration max) throws InterruptedException {
            final long t0 = System.nanoTime();
            final long window = config.reorderWindow().toMillis();
            while (System.nanoTime() - t0 < max.toNanos()) {
                check();
                final Long wait = reorderWaitMillis();
                if (wait != null && wait < window) {
                    final double s = (System.nanoTime() - t0) / 1e9;
                    log.printf("  reorder stage warm %.1f s after the warm-up: a line waits %,d ms now; until warm "
                            + "(after every start) it waits the whole window, %,d ms%n", s, wait, window);
                    return s;
                }
                TimeUnit.MILLISECONDS.sleep(250);
            }
            log.printf("  reorder stage NOT warm %d s after the warm-up: every probe waits the whole window, "
                    + "%,d ms%n", max.toSeconds(), window);
            return -1;
        }

        /** The reorder stage's wait now, ms (null before its first task started). */
        Long reorderWaitMillis() {
            for (final Metrics.Sample sample : metrics.snapshot()) {
                if (sample.name().equals(Metrics.REORDER_WAIT)) {
                    return Math.round(sample.value() * 1000);
                }
            }
            return null;
        }

        /** Throws if the stream thread or the background load failed. */
        void check() {
            if (failure.get() != null) {
                throw new IllegalStateException("stream thread or background load failed", failure.get());
            }
        }

        @Override
        public void close() throws InterruptedException {
            load.stop();
            streams.close(Duration.ofSeconds(60));
        }
    }

    /** Probe events: each kill a probe is waiting for, with the kind of report it came from. */
    private void consume(final String topic, final Map<String, long[]> pending, final List<Double> all,
                         final List<Double> reaper, final List<Double> grace, final List<String> trace,
                         final long phaseStart, final AtomicBoolean running) {
        readFromStart(topic, running, (e, now) -> {
            final JsonNode pid = e.path("victim").path("pid");
            if (pid.isMissingNode() || pid.isNull()) {
                return;
            }
            final long[] p = pending.remove(probeKey(e.path("host").asText(), pid.asInt()));
            if (p != null) {
                final double ms = (now - p[0]) / 1e6;
                all.add(ms);
                (p[1] == 1 ? reaper : grace).add(ms);
                trace.add(String.format(java.util.Locale.ROOT, "%.3f,%.1f,%s,%s", (p[0] - phaseStart) / 1e9,
                        ms, ReportKind.values()[(int) p[2]], p[1] == 1 ? "reaper" : "kill"));
            }
        });
    }

    /** Incident records: each kill they list that a probe is waiting for, at its first appearance. */
    private void consumeIncidents(final String topic, final Map<String, Long> pending, final List<Double> out,
                                  final AtomicBoolean running) {
        readFromStart(topic, running, (incident, now) -> {
            for (final JsonNode k : incident.path("kills")) {
                final Long sentAt = pending.remove(probeKey(k.path("host").asText(), k.path("victim_pid").asInt()));
                if (sentAt != null) {
                    out.add((now - sentAt) / 1e6);
                }
            }
        });
    }

    /**
     * Reads {@code topic} from its start while {@code running}, handing each JSON value to {@code onRecord} with the
     * {@link System#nanoTime()} it was received at; values that are not JSON are skipped.
     */
    private void readFromStart(final String topic, final AtomicBoolean running,
                               final java.util.function.ObjLongConsumer<JsonNode> onRecord) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            final List<TopicPartition> tps = partitions(topic);
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            while (running.get()) {
                for (final ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                    final long now = System.nanoTime();
                    final JsonNode value;
                    try {
                        value = JSON.readTree(r.value());
                    } catch (final java.io.IOException ex) {
                        continue;
                    }
                    onRecord.accept(value, now);
                }
            }
        }
    }

    /** How a probe's kill is recognised on the output topics: its host, case-folded, and its victim's pid. */
    private static String probeKey(final String host, final int pid) {
        return host.toLowerCase(java.util.Locale.ROOT) + "/" + pid;
    }

    /** Sends generated fleet traffic at a fixed rate from its own thread; a failure is handed to {@code failure}. */
    private final class BackgroundLoad {
        private final Thread thread;
        private volatile boolean stop;

        /** @param keyed whether records are keyed by host (else no key: the producer spreads them over partitions) */
        BackgroundLoad(final GeneratorConfig config, final double rate, final String topic, final boolean keyed,
                       final AtomicLong sent, final AtomicReference<Throwable> failure) {
            thread = new Thread(() -> {
                try {
                    send(new FleetLogGenerator(config), rate, topic, keyed, sent);
                } catch (final RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            }, "bench-background-load");
            thread.setDaemon(true);
        }

        private void send(final FleetLogGenerator g, final double rate, final String topic, final boolean keyed,
                          final AtomicLong sent) {
            try (KafkaProducer<String, byte[]> producer = producer(5)) {
                final CheckedSends sends = new CheckedSends();
                final long t0 = System.nanoTime();
                while (!stop && g.hasNext()) {
                    final long due = (long) ((System.nanoTime() - t0) / 1e9 * rate);
                    while (sent.get() < due && g.hasNext() && !stop) {
                        final FleetRecord r = g.next();
                        producer.send(new ProducerRecord<>(topic, keyed ? r.host() : null,
                                r.value().getBytes(StandardCharsets.UTF_8)), sends);
                        sent.incrementAndGet();
                    }
                    sends.throwIfFailed(topic); // the bench's load is what it says it sent, or the bench fails
                    try {
                        TimeUnit.MILLISECONDS.sleep(5);
                    } catch (final InterruptedException e) {
                        return;
                    }
                }
            }
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            stop = true;
            thread.join(10_000);
        }
    }

    private void awaitRunning(final KafkaStreams streams, final AtomicReference<Throwable> failure)
            throws InterruptedException {
        final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (failure.get() != null || System.nanoTime() > deadline) {
                throw new IllegalStateException("streams did not reach RUNNING (" + streams.state() + ")",
                        failure.get());
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    private KafkaProducer<String, byte[]> producer(final int lingerMs) {
        final Map<String, Object> p = new LinkedHashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private KafkaConsumer<String, byte[]> consumer() {
        final Map<String, Object> p = new LinkedHashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private List<TopicPartition> partitions(final String topic) {
        try {
            final Collection<org.apache.kafka.common.TopicPartitionInfo> infos = admin.describeTopics(List.of(topic))
                    .allTopicNames().get().get(topic).partitions();
            return infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
        } catch (final ExecutionException e) {
            throw new IllegalStateException("cannot describe " + topic, e.getCause());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private long endOffsets(final List<TopicPartition> tps) {
        final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        tps.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        try {
            return admin.listOffsets(latest).all().get().values().stream().mapToLong(i -> i.offset()).sum();
        } catch (final ExecutionException e) {
            throw new IllegalStateException("cannot read end offsets", e.getCause());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private long committed(final String group, final List<TopicPartition> tps) {
        try {
            final Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            long sum = 0;
            for (final TopicPartition tp : tps) {
                final OffsetAndMetadata o = offsets.get(tp);
                if (o != null) {
                    sum += o.offset();
                }
            }
            return sum;
        } catch (final ExecutionException e) {
            return 0; // the group does not exist yet
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean reached(final KafkaConsumer<?, ?> consumer, final Map<TopicPartition, Long> end) {
        for (final Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
        if (kafka != null) {
            kafka.close();
        }
    }
}
