package io.oomstream.loadgen;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.oomstream.config.AppConfig;
import io.oomstream.config.KafkaOptions;
import io.oomstream.offline.TerminalProgress;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code oomstream generate}: synthetic fleet syslog with OOM reports, to a file, stdout or a Kafka topic. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes deterministic synthetic fleet syslog: ordinary lines (sshd, CRON, systemd, nginx, "
                + "kernel noise) from N hosts with whole kernel OOM reports of every era (2.6.9 to 6.x, global and "
                + "memory-cgroup) and page allocation failures mixed in, including interleaving, cascades, "
                + "verbatim duplicates and truncated reports.",
            "The same options and seed always give the same output. A summary of what was written (the ground "
                + "truth: reports, kills per host) goes to stderr, or as JSON to --truth FILE, which also lists "
                + "every kill (host, pid, time, service, window) and the kill counts per service and window."},
        footer = {"", "Examples:",
            "  oomstream generate --hosts 500 --lines 5000000 --out fleet.log",
            "  oomstream generate --format json --topic syslog.raw --bootstrap-server localhost:9092"})
public final class GenerateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--hosts", defaultValue = "100", paramLabel = "N",
            description = "Hosts in the fleet (names like web-0001.dc1.example.com, db-0002.dc1.example.com, "
                    + "cache-0001). Default: ${DEFAULT-VALUE}.")
    private int hosts;

    @Option(names = "--lines", defaultValue = "100000", paramLabel = "N",
            description = "Records to write, report lines included. Default: ${DEFAULT-VALUE}.")
    private long lines;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S",
            description = "Random seed; same seed and options, same output. Default: ${DEFAULT-VALUE}.")
    private long seed;

    @Option(names = "--format", defaultValue = "rfc3164", paramLabel = "FORMAT",
            description = "rfc3164 (syslog file lines), rfc5424, json (rsyslog omkafka: hostname, timestamp, "
                    + "programname, msg) or mixed (each host ships in one of the three). Default: ${DEFAULT-VALUE}.")
    private OutputFormat format;

    @Option(names = "--oom-rate", defaultValue = "0.10", paramLabel = "R",
            description = "New reports (OOM kills and allocation failures) per 1,000 lines; cascades and duplicates "
                    + "come on top. 0.10 makes about 1%% of the lines report lines. Default: ${DEFAULT-VALUE}.")
    private double oomRate;

    @Option(names = "--start", defaultValue = "2024-03-01T00:00:00Z", paramLabel = "INSTANT",
            description = "Log time of the first line (ISO-8601). RFC 3164 lines carry no year: pass the same year "
                    + "to 'analyze --year'. Default: ${DEFAULT-VALUE}.")
    private Instant start;

    @Option(names = "--lines-per-second", defaultValue = "1000", paramLabel = "N",
            description = "Lines per second of log time (the fleet's rate). Default: ${DEFAULT-VALUE}.")
    private double linesPerSecond;

    @Option(names = "--task-table-size", defaultValue = "0", paramLabel = "ROWS",
            description = "Rows in every task table (e.g. 10000 for huge reports); 0 draws 12..60 per report. "
                    + "Default: ${DEFAULT-VALUE}.")
    private int taskTableSize;

    @Option(names = "--cascade-share", defaultValue = "0.10", paramLabel = "P",
            description = "Probability that a kill is followed by another on the same host 1-5 minutes later. "
                    + "Default: ${DEFAULT-VALUE}.")
    private double cascadeShare;

    @Option(names = "--duplicate-share", defaultValue = "0.03", paramLabel = "P",
            description = "Probability that a report is delivered twice, verbatim (rsyslog redelivery). "
                    + "Default: ${DEFAULT-VALUE}.")
    private double duplicateShare;

    @Option(names = "--truncated-share", defaultValue = "0.03", paramLabel = "P",
            description = "Probability that a global report stops after Mem-Info (never reaching a kill). "
                    + "Default: ${DEFAULT-VALUE}.")
    private double truncatedShare;

    @Option(names = "--alloc-failure-share", defaultValue = "0.08", paramLabel = "P",
            description = "Share of reports that are page allocation failures. Default: ${DEFAULT-VALUE}.")
    private double allocFailureShare;

    @Option(names = "--out", paramLabel = "FILE|-",
            description = "Write the lines to FILE ('-' = stdout, the default unless --topic is given).")
    private String out;

    @Option(names = "--topic", paramLabel = "T",
            description = "Produce each line as one record to this Kafka topic (key = host) instead of a file.")
    private String topic;

    /** Brokers (required with --topic) and the client settings (TLS, SASL ...) of --config / --set, as for run. */
    @Mixin
    private KafkaOptions kafka;

    @Option(names = "--no-key", description = "Produce records with a null key instead of the host name.")
    private boolean noKey;

    @Option(names = "--producer-property", paramLabel = "KEY=VALUE",
            description = "Extra Kafka producer setting (repeatable), e.g. compression.type=zstd.")
    private Map<String, String> producerProperties = new LinkedHashMap<>();

    @Option(names = "--truth", paramLabel = "FILE",
            description = "Also write the ground truth as JSON: kills, victim pids per host, every report.")
    private Path truthFile;

    @Option(names = "--count-window-ms", defaultValue = "60000", paramLabel = "MS",
            description = "Kill-count window of the ground truth's every_kill and kill_counts (set it to run's "
                    + "oomstream.kill.counts.window.ms). Default: ${DEFAULT-VALUE}.")
    private long countWindowMs;

    @Option(names = "--quiet", description = "No progress and no summary on stderr.")
    private boolean quiet;

    @Override
    public Integer call() throws IOException {
        final GeneratorConfig config = config();
        if (countWindowMs < 1) {
            throw new ParameterException(spec.commandLine(), "--count-window-ms must be >= 1");
        }
        if (topic != null && out != null) {
            throw new ParameterException(spec.commandLine(), "give either --out or --topic, not both");
        }
        if (topic != null && !kafka.brokerGiven()) {
            throw new ParameterException(spec.commandLine(), "--topic needs --bootstrap-server");
        }
        if (topic == null && (noKey || !producerProperties.isEmpty() || kafka.anyGiven())) {
            throw new ParameterException(spec.commandLine(),
                    "--bootstrap-server, --config, --set, --no-key and --producer-property only apply with --topic");
        }
        final FleetLogGenerator generator = new FleetLogGenerator(config);
        final TerminalProgress progress = quiet ? null : TerminalProgress.ifTerminal("lines", config.lines());
        final long t0 = System.nanoTime();
        final int rc = topic != null ? produce(generator, progress) : write(generator, progress);
        if (progress != null) {
            progress.done();
        }
        if (truthFile != null) {
            writeTruth(generator.truth(), config);
        }
        if (!quiet) {
            final double secs = (System.nanoTime() - t0) / 1e9;
            System.err.printf("oomstream generate: %s%n  in %.1f s (%,.0f lines/s)%n", generator.truth().render(), secs,
                    config.lines() / Math.max(secs, 1e-9));
        }
        return rc;
    }

    private GeneratorConfig config() {
        try {
            return new GeneratorConfig(seed, hosts, lines, format, oomRate, start, linesPerSecond, taskTableSize,
                    cascadeShare, duplicateShare, truncatedShare, allocFailureShare);
        } catch (final IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private int write(final FleetLogGenerator generator, final TerminalProgress progress) throws IOException {
        final boolean stdout = out == null || "-".equals(out);
        final OutputStream os = stdout ? System.out : Files.newOutputStream(Path.of(out));
        final Writer w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 20);
        try {
            while (generator.hasNext()) {
                final FleetRecord r = generator.next();
                w.write(r.value());
                w.write('\n');
                if (progress != null) {
                    progress.tick();
                }
            }
        } finally {
            if (stdout) {
                w.flush();
            } else {
                w.close();
            }
        }
        return 0;
    }

    private int produce(final FleetLogGenerator generator, final TerminalProgress progress) {
        final AppConfig settings;
        try {
            settings = kafka.load();
        } catch (final AppConfig.InvalidConfigException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        final Properties p = new Properties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "oomstream-generate");
        // The settings' producer keys (TLS, SASL, bootstrap.servers ...), then --producer-property.
        settings.kafka().forEach((k, v) -> {
            if (ProducerConfig.configNames().contains((String) k)) {
                p.put(k, v);
            }
        });
        p.putAll(producerProperties);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            KafkaSink.send(producer, topic, generator, !noKey, progress == null ? KafkaSink.Tick.NONE : progress::tick);
        } catch (final IllegalStateException | KafkaException e) {
            System.err.println("oomstream generate: " + e.getMessage());
            return 1;
        }
        return 0;
    }

    private void writeTruth(final GroundTruth truth, final GeneratorConfig config) throws IOException {
        final Map<String, Object> doc = new LinkedHashMap<>();
        final Map<String, Object> c = new LinkedHashMap<>();
        c.put("seed", config.seed());
        c.put("hosts", config.hosts());
        c.put("lines", config.lines());
        c.put("format", config.format().name().toLowerCase(Locale.ROOT));
        c.put("oom_rate", config.oomRate());
        c.put("start", config.start().toString());
        c.put("lines_per_second", config.linesPerSecond());
        c.put("task_table_size", config.taskTableSize());
        c.put("cascade_share", config.cascadeShare());
        c.put("duplicate_share", config.duplicateShare());
        c.put("truncated_share", config.truncatedShare());
        c.put("alloc_failure_share", config.allocFailureShare());
        doc.put("config", c);
        doc.put("lines", truth.lines());
        doc.put("report_lines", truth.reportLines());
        doc.put("kills", truth.kills());
        doc.put("truncated", truth.truncated().size());
        doc.put("alloc_failures", truth.allocFailures());
        doc.put("cascade_kills", truth.cascades());
        doc.put("duplicated_reports", truth.duplicates());
        doc.put("reports_by_era", truth.reportsByEra());
        doc.put("reports_by_kind", truth.reportsByKind());
        doc.put("victim_pids_by_host", truth.victimPidsByHost());
        doc.put("reports", truth.reports());
        doc.put("count_window_ms", countWindowMs);
        doc.put("every_kill", truth.everyKill().stream().map(k -> {
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("host", k.host());
            m.put("pid", k.pid());
            m.put("name", k.name());
            m.put("service", k.service());
            m.put("time", Instant.ofEpochMilli(k.timeMillis()).toString());
            m.put("window_start", Instant.ofEpochMilli(k.windowStart(countWindowMs)).toString());
            m.put("kind", k.kind());
            m.put("era", k.era());
            m.put("group", k.group());
            m.put("cascade", k.cascade());
            return m;
        }).toList());
        final List<Map<String, Object>> counts = new ArrayList<>();
        truth.killCounts(countWindowMs).forEach((service, windows) -> windows.forEach((start, n) -> {
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("service", service);
            m.put("window_start", Instant.ofEpochMilli(start).toString());
            m.put("count", n);
            counts.add(m);
        }));
        doc.put("kill_counts", counts);
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(truthFile.toFile(), doc);
    }
}
