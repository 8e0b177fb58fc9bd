package io.oomstream.bench;

import io.oomstream.config.AppConfig;
import io.oomstream.loadgen.FleetLogGenerator;
import io.oomstream.loadgen.GeneratorConfig;
import io.oomstream.loadgen.GroundTruth;
import io.oomstream.loadgen.OutputFormat;
import io.oomstream.loadgen.ReportKind;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.kafka.streams.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code oomstream bench}: every figure of issue 6 against its baseline, in one process and one run.
 * See BENCHMARKS.md for the method and the results.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measures oomstream against its baselines, side by side in one process and one run, and "
                + "prints a table (figure, baseline, ratio, target):",
            "  1. decode+stitch lines/s on one thread vs reading+splitting the same bytes (the limit) and vs a "
                + "Logstash-style grok baseline (java-grok) on the same lines;",
            "  2. end-to-end records/s through the real topology on an embedded KRaft broker (exactly_once_v2, one "
                + "stream thread) vs an identity topology on the same broker and data;",
            "  3. latency p50/p99 from producing a report's last line to its event on the output topic "
                + "(read_committed), with background traffic running (with --set oomstream.reorder=on, once the "
                + "reorder stage's wait has adapted to the input: before, after every start, a line waits the whole "
                + "window);",
            "  4. heap and RSS high-water marks while N hosts (default 10,000) send traffic, and the state store size.",
            "Progress goes to stderr. --quick finishes in about two minutes on 2 cores; the default (full) run takes "
                + "several minutes and adds scaling figures (hosts, a 10,000-task report) and analyze vs reading a "
                + "multi-million-line file."})
public final class BenchCommand implements Callable<Integer> {

    /** Run sizes. */
    record Plan(String mode, long corpusLines, int corpusHosts, double warmupSeconds, int rounds, double minRoundSeconds,
                long e2eRecords, int e2eRuns, int e2eWarmUps, Duration latency, Duration probeEvery, Duration memory, boolean extras,
                long analyzeLines) {

        static Plan quick() {
            // Three e2e pairs in under two minutes: fewer records per run (the steady rate needs only a few commits)
            // and shorter latency and memory phases than one pair of 400,000 records had.
            return new Plan("quick", 120_000, 500, 2.0, 3, 0.5, 250_000, 3, 1, Duration.ofSeconds(12),
                    Duration.ofMillis(200), Duration.ofSeconds(6), false, 0);
        }

        static Plan full() {
            // Six e2e pairs: an even number, so identity and oomstream each run first in half of them (PairOrder).
            // Three discarded runs of each side first: in the thirteenth session identity's runs still sped up from
            // pair to pair after one (282k -> 594k records/s over seven runs), as the broker's produce path and the
            // worker warmed; the first pairs measured identity cold.
            return new Plan("full", 600_000, 500, 5.0, 5, 2.0, 2_500_000, 6, 3, Duration.ofSeconds(60),
                    Duration.ofMillis(250), Duration.ofSeconds(30), true, 5_000_000);
        }
    }

    @Option(names = "--quick", description = "A run of under two minutes: smaller corpus and input, three "
            + "identity/oomstream pairs, 12 s of latency probes; no scaling extras.")
    private boolean quick;

    @Option(names = "--json", description = "Print a machine-readable JSON summary on stdout (the table then goes to "
            + "stderr). Keys include stitch_lines_per_s, split_limit_lines_per_s, grok_lines_per_s, e2e_records_per_s, "
            + "identity_records_per_s, latency_p50_ms, latency_p99_ms, heap_peak_mb, hosts.")
    private boolean json;

    @Option(names = "--hosts", defaultValue = "10000", paramLabel = "N",
            description = "Hosts sending traffic in the broker phases (e2e input and background load). Default: "
                    + "${DEFAULT-VALUE}.")
    private int hosts;

    @Option(names = "--e2e-records", paramLabel = "N",
            description = "Records pre-produced for the end-to-end runs (default: 250,000 quick, 2,500,000 full).")
    private Long e2eRecords;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Generator seed. Default: ${DEFAULT-VALUE}.")
    private long seed;

    @Option(names = "--jfr", paramLabel = "FILE",
            description = "Record the end-to-end run of the real topology (of pair --jfr-pair, the first by default) with "
                    + "Java Flight Recorder into FILE and print a summary of its execution samples (top frames).")
    private Path jfr;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Working directory for the broker and state stores (default: a temporary directory, deleted "
                    + "at the end).")
    private Path dir;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "A setting for every application of the broker phases (oomstream.* or a Kafka key such as "
                    + "producer.linger.ms), to measure its effect: --set oomstream.commit.interval.ms=100. Repeatable.")
    private java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();

    @Option(names = "--latency-only", description = "Only the latency phase (broker, background load, probe reports), "
            + "to compare settings or builds in runs taken back to back; use with --background-rate.")
    private boolean latencyOnly;

    @Option(names = "--background-rate", paramLabel = "R", description = "Background records/s of the latency and "
            + "memory phases (default: half the end-to-end rate, at most 100,000; the only source with --latency-only: "
            + "default 20,000 there).")
    private Double backgroundRate;

    @Option(names = "--skip-broker", description = "Only the single-thread figures (no broker, no e2e, latency or "
            + "memory figures; the JSON then lacks those keys).")
    private boolean skipBroker;

    @Option(names = "--e2e-only", description = "Only the end-to-end pairs (broker, input, alternating identity and "
            + "oomstream runs): no single-thread, analyze, latency or memory phase, to compare builds or settings in "
            + "runs taken back to back.")
    private boolean e2eOnly;

    @Option(names = "--e2e-pairs", paramLabel = "N", description = "Identity/oomstream pairs (default: 3 "
            + "quick, 6 full; an even number lets each side run first equally often), after one discarded warm-up run "
            + "of each; the side that runs first alternates from pair to pair (identity first in the first).")
    private Integer e2ePairs;

    @Option(names = "--e2e-warm-ups", paramLabel = "N", description = "Discarded runs of each side before the "
            + "pairs (default: 1 quick, 3 full); the figures of the last are reported as the warm-up's.")
    private Integer e2eWarmUps;

    @Option(names = "--e2e-in-process", description = "Run both sides of the end-to-end pairs in this process, beside "
            + "the broker (the method before the thirteenth session), instead of each side in a JVM of its own: in one "
            + "JVM the two topologies share the JIT's profiles of the Kafka client code, the heap and its collector.")
    private boolean e2eInProcess;

    @Option(names = "--jfr-pair", paramLabel = "N", defaultValue = "1", description = "Which pair --jfr and "
            + "--jfr-identity record (1 = the first; a later pair runs on a warmer JIT). Default: ${DEFAULT-VALUE}.")
    private int jfrPair;

    @Option(names = "--jfr-identity", paramLabel = "FILE", description = "Also record the identity run of that pair "
            + "into FILE, to compare the two stream threads' per-record costs stage by stage.")
    private Path jfrIdentity;

    @Override
    public Integer call() throws Exception {
        quietLogging();
        final Plan plan = quick ? Plan.quick() : Plan.full();
        final long records = e2eRecords != null ? e2eRecords : plan.e2eRecords();
        final PrintStream log = System.err;
        final Results results = new Results();
        final long started = System.nanoTime();
        results.put("mode", plan.mode());
        machine(results, log);
        results.put("hosts", hosts);

        final boolean brokerOnly = latencyOnly || e2eOnly;
        if (!brokerOnly) {
            singleThreadPhase(results, plan, log);
        }
        if (plan.extras() && !brokerOnly) {
            scaling(results, plan, log);
        }
        // Before the broker phases: after them the JVM holds the broker's heap and JIT profiles shaped by the JSON
        // e2e input, and analyze measured 25x the read time there against 4-5x in a fresh process.
        if (plan.analyzeLines() > 0 && !brokerOnly) {
            analyzeFile(results, plan, log);
        }

        if (!skipBroker) {
            final boolean tempDir = dir == null;
            final Path work = tempDir ? Files.createTempDirectory("oomstream-bench-") : Files.createDirectories(dir);
            try {
                broker(results, plan, records, work, log);
            } finally {
                if (tempDir) {
                    deleteTree(work);
                }
            }
        }
        results.put("bench_seconds", (System.nanoTime() - started) / 1e9);
        results.put("load_average_at_end", loadAverage());

        final String table = results.table();
        if (json) {
            log.println();
            log.print(table);
            System.out.println(results.toJson());
        } else {
            System.out.println();
            System.out.print(table);
        }
        final List<String> bad = skipBroker || latencyOnly || e2eOnly ? List.of() : results.missingOrInvalid();
        if (!bad.isEmpty()) {
            log.println("oomstream bench: figures missing or not measured: " + bad);
            return 1;
        }
        return 0;
    }

    // ---- single thread ---------------------------------------------------------------------------------------

    /** Phase 1; the corpus is garbage once it returns, so it does not count in the broker phases' heap figures. */
    private void singleThreadPhase(final Results results, final Plan plan, final PrintStream log) {
        log.printf("%n[1/4] single thread: split limit vs decode+stitch vs grok (%,d lines, %d hosts, RFC 3164)%n",
                plan.corpusLines(), plan.corpusHosts());
        final Workloads.Corpus corpus = Workloads.corpus(GeneratorConfig.defaults().withLines(plan.corpusLines())
                .withHosts(plan.corpusHosts()).withSeed(seed));
        // Settling rounds after the timed warm-up until the JIT has settled, for at most 60 s (full) or 8 s (quick:
        // two minutes in all; its small corpus gives too few reports per pass to settle the report path anyway).
        final SingleThreadBench.Figures st = SingleThreadBench.run(corpus, plan.warmupSeconds(), plan.rounds(),
                plan.minRoundSeconds(), quick ? 8.0 : 60.0, true, log);
        singleThread(results, corpus, st);
        syslogNgPeer(results, plan, corpus, log);
    }

    /**
     * The real peer: syslog-ng with grouping-by() over the same lines (as a file, each line with a PRI), as a
     * subprocess, timed beside {@code analyze} of the same file in process; the pairs alternate. Skipped, with a
     * message, where syslog-ng is not installed.
     */
    private void syslogNgPeer(final Results r, final Plan plan, final Workloads.Corpus corpus, final PrintStream log) {
        final Path work;
        try {
            work = Files.createTempDirectory("oomstream-bench-syslog-ng-");
        } catch (final IOException e) {
            log.printf("  syslog-ng peer skipped: %s%n", e.getMessage());
            return;
        }
        try {
            final java.util.Optional<SyslogNgPeer> peer = SyslogNgPeer.find(work);
            if (peer.isEmpty()) {
                log.printf("%n[1c] syslog-ng peer skipped: syslog-ng is not installed (Debian: apt-get install "
                        + "syslog-ng-core, which removes rsyslog; or scripts/syslog-ng-private.sh for a private copy "
                        + "beside it)%n");
                r.note("syslog-ng peer skipped: syslog-ng is not installed");
                return;
            }
            log.printf("%n[1c] peer: syslog-ng grouping-by() vs analyze, same %,d-line file, %d alternating pairs "
                    + "(%s)%n", corpus.lines(), plan.rounds(), peer.get().binary());
            final Path file = work.resolve("corpus.log");
            SyslogNgPeer.writeWithPri(corpus.bytes(), file);
            Workloads.analyzeFile(file); // warm-up: the PRI takes decoding paths the corpus without one did not
            final List<Double> speedups = new ArrayList<>();
            final List<Double> peerRates = new ArrayList<>();
            final List<Double> analyzeRates = new ArrayList<>();
            long aggregates = 0;
            for (int i = 0; i < plan.rounds(); i++) {
                final SyslogNgPeer.Run run = peer.get().run(file);
                final long t0 = System.nanoTime();
                final long lines = Workloads.analyzeFile(file);
                final double analyzeSeconds = (System.nanoTime() - t0) / 1e9;
                aggregates = run.aggregates();
                speedups.add(run.seconds() / analyzeSeconds);
                peerRates.add(corpus.lines() / run.seconds());
                analyzeRates.add(lines / analyzeSeconds);
                log.printf("  pair %d: syslog-ng %.2f s (%,d aggregated reports), analyze %.2f s: %.2fx%n", i + 1,
                        run.seconds(), run.aggregates(), analyzeSeconds, run.seconds() / analyzeSeconds);
            }
            r.put("syslog_ng_lines_per_s", Results.median(peerRates));
            r.put("syslog_ng_analyze_lines_per_s", Results.median(analyzeRates));
            r.put("syslog_ng_aggregates", aggregates);
            final Results.Spread speedup = r.putSpread("analyze_speedup_vs_syslog_ng", speedups);
            r.row(new Results.Row("analyze, same file (median)", lines(Results.median(analyzeRates)),
                    "syslog-ng grouping-by() (subprocess)", lines(Results.median(peerRates)), speedup.text(),
                    "> 1 (ahead)", verdict(speedup.median() > 1)));
        } catch (final IOException | RuntimeException e) {
            log.printf("  syslog-ng peer failed: %s%n", e.getMessage());
            r.note("syslog-ng peer failed: " + e.getMessage());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            deleteTree(work);
        }
    }

    private static void singleThread(final Results r, final Workloads.Corpus corpus, final SingleThreadBench.Figures f) {
        r.put("stitch_lines_per_s", f.stitchLinesPerSecond());
        r.put("split_limit_lines_per_s", f.splitLinesPerSecond());
        r.put("grok_lines_per_s", f.grokLinesPerSecond());
        // Each round runs the three workloads back to back: its ratios are the pairs, their median the figure.
        final List<Double> vsSplitRounds = new ArrayList<>();
        final List<Double> vsGrokRounds = new ArrayList<>();
        for (int i = 0; i < f.stitchRounds().size(); i++) {
            vsSplitRounds.add(f.stitchRounds().get(i) / f.splitRounds().get(i));
            vsGrokRounds.add(f.stitchRounds().get(i) / f.grokRounds().get(i));
        }
        final Results.Spread vsSplit = r.putSpread("stitch_vs_split_limit", vsSplitRounds);
        final Results.Spread vsGrok = r.putSpread("stitch_vs_grok", vsGrokRounds);
        r.put("stitch_rounds_lines_per_s", f.stitchRounds().stream().map(Results::round).toList());
        r.put("split_rounds_lines_per_s", f.splitRounds().stream().map(Results::round).toList());
        r.put("grok_rounds_lines_per_s", f.grokRounds().stream().map(Results::round).toList());
        r.put("corpus_lines", corpus.lines());
        r.put("corpus_mb", corpus.bytes().length / 1e6);
        r.put("corpus_report_line_share", (double) corpus.truth().reportLines() / corpus.lines());
        r.put("corpus_truth_kills", corpus.truth().kills());
        r.put("stitch_events_per_pass", f.eventsPerPass());
        // The warm-up rounds before the counted ones (SingleThreadBench: until the JIT has settled, or a cap).
        r.put("single_thread_settle_rounds", f.settleRounds());
        r.put("single_thread_settled", f.settled());
        r.put("stitch_warmup_reports", f.warmupStitchPasses() * f.eventsPerPass());
        if (!f.settled()) {
            r.note("single thread: the warm-up ended at its cap before the JIT settled; the first rounds may be slow");
        }
        r.put("grok_oom_lines_matched_per_pass", f.grokMatchedPerPass());
        r.row(new Results.Row("decode+stitch, 1 thread (median)", lines(f.stitchLinesPerSecond()),
                "split limit (read+split)", lines(f.splitLinesPerSecond()), vsSplit.text(), ">= 0.35",
                verdict(vsSplit.median() >= 0.35)));
        r.row(new Results.Row("", "", "grok (java-grok, Logstash patterns)", lines(f.grokLinesPerSecond()),
                vsGrok.text(), ">= 10", verdict(vsGrok.median() >= 10)));
    }

    /** Full run: stitcher throughput vs fleet size and with 10,000-task reports. */
    private void scaling(final Results r, final Plan plan, final PrintStream log) {
        log.printf("%n[1b] scaling of decode+stitch with hosts and report size%n");
        final long lines = plan.corpusLines();
        for (final int h : new int[] {100, 1_000, 10_000, 100_000}) {
            final Workloads.Corpus c = Workloads.corpus(GeneratorConfig.defaults().withLines(lines).withHosts(h)
                    .withSeed(seed));
            final double rate = SingleThreadBench.stitchOnly(c, 3, plan.minRoundSeconds());
            log.printf("  %,7d hosts: %,.0f lines/s%n", h, rate);
            r.put("scaling_stitch_lines_per_s_hosts_" + h, rate);
        }
        final Workloads.Corpus big = Workloads.corpus(GeneratorConfig.defaults().withLines(lines).withHosts(plan.corpusHosts())
                .withTaskTableSize(10_000).withOomRate(0.03).withSeed(seed));
        final double bigRate = SingleThreadBench.stitchOnly(big, 3, plan.minRoundSeconds());
        r.put("scaling_stitch_lines_per_s_10k_task_tables", bigRate);
        r.put("scaling_10k_task_corpus_report_line_share", (double) big.truth().reportLines() / big.lines());
        log.printf("  10,000-task tables (%.0f%% report lines): %,.0f lines/s%n",
                100.0 * big.truth().reportLines() / big.lines(), bigRate);
        oneBigReport(r, plan, ReportKind.E5_GLOBAL, "10k_task_report", log);
        oneBigReport(r, plan, ReportKind.E5_OOM_GROUP, "10k_task_oom_group_report", log);
    }

    /**
     * The cost of one 10,000-task report of the given kind amid 30,000 ordinary lines, against the same corpus
     * without it (the first seed from --seed whose first report has that kind).
     */
    private void oneBigReport(final Results r, final Plan plan, final ReportKind kind, final String key,
                              final PrintStream log) {
        for (long s = seed; s < seed + 40; s++) {
            final GeneratorConfig one = GeneratorConfig.defaults().withLines(40_000).withHosts(1).withOomRate(1_000)
                    .withTaskTableSize(10_000).withAllocFailureShare(0).withShares(0, 0, 0).withSeed(s);
            final Workloads.Corpus withReport = Workloads.corpus(one);
            if (withReport.truth().reports().isEmpty() || withReport.truth().reports().get(0).kind() != kind) {
                continue;
            }
            final Workloads.Corpus without = Workloads.corpus(one.withOomRate(0));
            final double withRate = SingleThreadBench.stitchOnly(withReport, 5, plan.minRoundSeconds());
            final double withoutRate = SingleThreadBench.stitchOnly(without, 5, plan.minRoundSeconds());
            final double reportMs = Math.max(0, (withReport.lines() / withRate - without.lines() / withoutRate) * 1e3);
            final long reportLines = withReport.truth().reportLines();
            r.put("scaling_" + key + "_ms", reportMs);
            r.put("scaling_" + key + "_lines", reportLines);
            r.put("scaling_" + key + "_kills", withReport.truth().kills());
            log.printf("  one 10,000-task %s report (%,d lines, %d kill(s)): %.1f ms to decode and stitch (%.2f us per "
                    + "report line)%n", kind, reportLines, withReport.truth().kills(), reportMs,
                    reportLines == 0 ? 0 : reportMs * 1e3 / reportLines);
            return;
        }
        log.printf("  no %s report found among 40 seeds%n", kind);
    }

    // ---- broker phases ---------------------------------------------------------------------------------------

    private void broker(final Results r, final Plan plan, final long records, final Path work, final PrintStream log)
            throws Exception {
        log.printf("%n[2/4] end to end on an embedded KRaft broker: %,d records from %,d hosts (rsyslog omkafka JSON, "
                + "key = host, %d partitions), exactly_once_v2, 1 stream thread%n", records, hosts,
                StreamsBench.PARTITIONS);
        try (StreamsBench kafka = StreamsBench.start(work, log); MemorySampler memory = new MemorySampler()) {
            kafka.override(settings);
            if (!settings.isEmpty()) {
                log.printf("  settings: %s%n", settings);
                r.put("settings", String.valueOf(settings));
            }
            final long brokerLive = memory.liveHeapNow();
            r.put("heap_live_broker_only_mb", brokerLive / 1048576.0);
            if (latencyOnly) {
                latencyPhase(r, plan, kafka, work, backgroundRate != null ? backgroundRate : 20_000, log);
                return;
            }

            final AppConfig e2e = kafka.config("bench-oom", StreamsBench.E2E_PREFIX, true);
            final Topology realTopology = StreamsBench.oom(e2e);
            kafka.createTopics(e2e, realTopology);
            kafka.createTopic(StreamsBench.IDENTITY_OUT);
            final GeneratorConfig input = GeneratorConfig.defaults().withLines(records).withHosts(hosts)
                    .withFormat(OutputFormat.JSON).withSeed(seed);
            final GroundTruth truth = kafka.produce(e2e.inputTopic(), input, true);

            final List<StreamsBench.Run> identityRuns = new ArrayList<>();
            final List<StreamsBench.Run> realRuns = new ArrayList<>();
            final double heapAfterGcE2e;
            final double heapUsedE2e;
            final double rssE2e;
            try (E2eSides sides = e2eInProcess ? new E2eSides.InProcess(kafka, memory) : new E2eSides.Forked(kafka, log)) {
                r.put("e2e_sides", e2eInProcess ? "in_process" : "worker_jvm_per_side");
                // Discarded runs of each side first: the first runs of a JVM are the coldest (JIT, page cache), and
                // so is the broker's path that only identity's output takes.
                StreamsBench.Run identityWarm = null;
                StreamsBench.Run realWarm = null;
                final int warmUps = Math.max(1, e2eWarmUps != null ? e2eWarmUps : plan.e2eWarmUps());
                for (int w = 0; w < warmUps; w++) {
                    identityWarm = sides.identity("bench-identity-warmup-" + w, "identity (warm-up, discarded)", null);
                    realWarm = sides.oomstream("bench-oom-warmup-" + w, "oomstream (warm-up, discarded)",
                            Duration.ZERO, null);
                }
                r.put("e2e_warm_ups", warmUps);
                sides.marks().reset();
                for (int i = 0; i < pairs(plan); i++) {
                    final boolean recorded = i == jfrPair - 1;
                    // Both runs of a pair get the same settings (kafka.config), broker and input; only the topology
                    // differs. The side that runs first alternates (PairOrder): both sides warm up from run to run.
                    if (PairOrder.identityFirst(i)) {
                        identityRuns.add(identityRun(sides, i, recorded, r, log));
                        realRuns.add(realRun(sides, i, recorded, r, log));
                    } else {
                        realRuns.add(realRun(sides, i, recorded, r, log));
                        identityRuns.add(identityRun(sides, i, recorded, r, log));
                    }
                }
                warmupFigures(r, identityWarm, realWarm);
                heapAfterGcE2e = sides.marks().heapAfterGcPeak();
                heapUsedE2e = sides.marks().heapUsedPeak();
                rssE2e = sides.marks().rssPeak();
            }
            r.put("e2e_pair_order", PairOrder.labels(pairs(plan)));
            // In a worker JVM these marks are the application's alone; in process, the broker's and producers' too.
            r.put("heap_after_gc_peak_e2e_mb", heapAfterGcE2e / 1048576.0);
            r.put("heap_used_peak_e2e_mb", heapUsedE2e / 1048576.0);
            r.put("rss_peak_e2e_mb", rssE2e / 1048576.0);
            final StreamsBench.EventCount events = kafka.countEvents(e2e.eventsTopic());
            e2eFigures(r, identityRuns, realRuns, truth, events);
            if (e2eOnly) {
                return;
            }

            final double bgRate = backgroundRate != null ? backgroundRate
                    : Math.min(100_000, 0.5 * r.number("e2e_records_per_s"));
            latencyPhase(r, plan, kafka, work, bgRate, log);

            log.printf("%n[4/4] memory while %,d hosts send traffic (whole process: broker + producers + Streams)%n",
                    hosts);
            final long live = kafka.liveHeapUnderLoad(kafka.config("bench-memory", "bench-memory", true),
                    background(bgRate, plan.memory().plusSeconds(30), seed + 2), bgRate, plan.memory(), memory);
            // The whole process's marks (broker, producers, the application): the e2e runs' count only in process.
            final long heapUsed = e2eInProcess ? (long) Math.max(heapUsedE2e, memory.heapUsedPeak())
                    : memory.heapUsedPeak();
            final long rss = e2eInProcess ? (long) Math.max(rssE2e, memory.rssPeak()) : memory.rssPeak();
            final long stateBytes = realRuns.stream().mapToLong(StreamsBench.Run::stateBytes).max().orElse(0);
            r.put("heap_live_gc_skipped", memory.skippedCollections());
            memoryFigures(r, live, heapUsed, rss, stateBytes, brokerLive);
        }
    }

    private int pairs(final Plan plan) {
        return e2ePairs != null ? e2ePairs : plan.e2eRuns();
    }

    private StreamsBench.Run identityRun(final E2eSides sides, final int pair, final boolean recorded, final Results r,
                                         final PrintStream log) throws Exception {
        final Path recording = recorded ? jfrIdentity : null;
        final StreamsBench.Run run = sides.identity("bench-identity-" + pair, "identity", recording);
        if (recording != null) {
            jfrSummary(recording, "identity run", r, log);
        }
        return run;
    }

    private StreamsBench.Run realRun(final E2eSides sides, final int pair, final boolean recorded, final Results r,
                                     final PrintStream log) throws Exception {
        final Path recording = recorded ? jfr : null;
        final StreamsBench.Run run = sides.oomstream("bench-oom-" + pair, "oomstream", Duration.ofSeconds(3),
                recording);
        if (recording != null) {
            jfrSummary(recording, "oomstream run", r, log);
        }
        return run;
    }

    /** The discarded warm-up runs, reported so a reader sees how much the first run of a process is off. */
    private static void warmupFigures(final Results r, final StreamsBench.Run identity, final StreamsBench.Run real) {
        r.put("identity_warmup_records_per_s", identity.steadyRecordsPerSecond());
        r.put("e2e_warmup_records_per_s", real.steadyRecordsPerSecond());
        r.put("identity_warmup_records_per_cpu_s", identity.recordsPerCpuSecond());
        r.put("e2e_warmup_records_per_cpu_s", real.recordsPerCpuSecond());
        r.note(String.format(Locale.ROOT, "e2e warm-up runs (discarded, before the counted pairs): identity %,.0f "
                + "records/s (%,.0f per stream-thread CPU second), oomstream %,.0f records/s (%,.0f per CPU second)",
                identity.steadyRecordsPerSecond(), identity.recordsPerCpuSecond(), real.steadyRecordsPerSecond(),
                real.recordsPerCpuSecond()));
    }

    private void latencyPhase(final Results r, final Plan plan, final StreamsBench kafka, final Path work,
                              final double bgRate, final PrintStream log) throws Exception {
        log.printf("%n[3/4] latency: probe reports every %d ms for %d s, background %,.0f records/s from %,d hosts%n",
                plan.probeEvery().toMillis(), plan.latency().toSeconds(), bgRate, hosts);
        final StreamsBench.Latency l = kafka.latency(kafka.config("bench-latency", "bench-latency", true),
                background(bgRate, plan.latency().plusSeconds(60), seed + 1), bgRate, plan.latency(),
                plan.probeEvery(), quick ? Duration.ofSeconds(15) : Duration.ofSeconds(30));
        latencyFigures(r, l);
        if (dir != null) {
            Files.write(work.resolve("latency.csv"), l.trace());
        }
    }

    /** Fleet traffic from all hosts for a background load: JSON, starting now, enough lines for the phase. */
    private GeneratorConfig background(final double rate, final Duration phase, final long seed) {
        return GeneratorConfig.defaults().withLines(Math.max((long) (rate * phase.toSeconds()), 1_000))
                .withHosts(hosts).withFormat(OutputFormat.JSON).withSeed(seed)
                .withStart(java.time.Instant.now().minusSeconds(5));
    }

    private void e2eFigures(final Results r, final List<StreamsBench.Run> identity, final List<StreamsBench.Run> real,
                            final GroundTruth truth, final StreamsBench.EventCount events) {
        // The figure is the median over pairs: each pair ran back to back (the side first alternating, PairOrder), so
        // its ratio compares two runs on the same machine state; the spread says how far a single pair could be off.
        final List<Double> steady = new ArrayList<>();
        final List<Double> wall = new ArrayList<>();
        // Records per second of the stream thread's CPU time over the steady window (the rate's): the per-record
        // cost, which the other processes of a shared machine cannot inflate (it leaves out waiting on the broker,
        // which the rates include).
        final List<Double> cpu = new ArrayList<>();
        for (int i = 0; i < Math.min(real.size(), identity.size()); i++) {
            steady.add(real.get(i).steadyRecordsPerSecond() / identity.get(i).steadyRecordsPerSecond());
            wall.add(real.get(i).wallRecordsPerSecond() / identity.get(i).wallRecordsPerSecond());
            // NaN when a side has no CPU figure: kept in place so the list stays in pair order (PairOrder.ofOrder).
            cpu.add(real.get(i).recordsPerCpuSecond() > 0 && identity.get(i).recordsPerCpuSecond() > 0
                    ? real.get(i).recordsPerCpuSecond() / identity.get(i).recordsPerCpuSecond() : Double.NaN);
        }
        final double realRate = Results.median(real.stream().map(StreamsBench.Run::steadyRecordsPerSecond).toList());
        final double idRate = Results.median(identity.stream().map(StreamsBench.Run::steadyRecordsPerSecond).toList());
        r.put("e2e_records_per_s", realRate);
        r.put("identity_records_per_s", idRate);
        final Results.Spread ratio = r.putSpread("e2e_vs_identity", steady);
        final Results.Spread wallRatio = r.putSpread("e2e_vs_identity_wall", wall);
        r.put("e2e_wall_records_per_s", Results.median(real.stream().map(StreamsBench.Run::wallRecordsPerSecond)
                .toList()));
        r.put("identity_wall_records_per_s", Results.median(identity.stream()
                .map(StreamsBench.Run::wallRecordsPerSecond).toList()));
        final Results.Spread cpuRatio = cpu.stream().noneMatch(Double::isFinite) ? null
                : r.putSpread("e2e_vs_identity_cpu", cpu);
        // The same ratios split by which side ran first: the gap between the two medians is what the order still does.
        for (final boolean identityFirst : new boolean[] {true, false}) {
            final String order = identityFirst ? "identity_first" : "oomstream_first";
            putMedian(r, "e2e_vs_identity_" + order, PairOrder.ofOrder(steady, identityFirst).stream());
            putMedian(r, "e2e_vs_identity_cpu_" + order, PairOrder.ofOrder(cpu, identityFirst).stream());
        }
        if (cpuRatio != null) {
            r.put("e2e_records_per_cpu_s", Results.median(real.stream().map(StreamsBench.Run::recordsPerCpuSecond)
                    .toList()));
            r.put("identity_records_per_cpu_s", Results.median(identity.stream()
                    .map(StreamsBench.Run::recordsPerCpuSecond).toList()));
        }
        r.put("e2e_runs_records_per_s", real.stream().map(StreamsBench.Run::steadyRecordsPerSecond).map(Results::round)
                .toList());
        r.put("identity_runs_records_per_s", identity.stream().map(StreamsBench.Run::steadyRecordsPerSecond)
                .map(Results::round).toList());
        // Where each side's stream thread spent its loop (Streams' thread metrics): the commit share is the time a
        // transaction takes, which the rates include and the CPU basis leaves out.
        for (final Map.Entry<String, List<StreamsBench.Run>> side : Map.of("e2e", real, "identity", identity).entrySet()) {
            final List<StreamsBench.ThreadTime> times = side.getValue().stream().map(StreamsBench.Run::threadTime).toList();
            putMedian(r, side.getKey() + "_commit_ratio", times.stream().map(StreamsBench.ThreadTime::commitRatio));
            putMedian(r, side.getKey() + "_commit_ms", times.stream().map(StreamsBench.ThreadTime::commitLatencyMs));
            putMedian(r, side.getKey() + "_poll_ratio", times.stream().map(StreamsBench.ThreadTime::pollRatio));
            putMedian(r, side.getKey() + "_process_ratio", times.stream().map(StreamsBench.ThreadTime::processRatio));
            putMedian(r, side.getKey() + "_fetch_wait_share", times.stream().map(StreamsBench.ThreadTime::fetchWaitShare));
        }
        r.put("e2e_startup_s", real.get(0).startupSeconds());
        r.put("e2e_records", real.get(0).records());
        r.put("e2e_runs", real.size());
        final long found = events.found(truth.victimPidsByHost());
        r.put("e2e_truth_kills", truth.kills());
        r.put("e2e_truth_kills_found", found);
        r.put("e2e_kill_events_out", events.killEvents());
        r.put("e2e_events_out", events.events());
        r.row(new Results.Row("end to end, EOS v2, 1 stream thread (median)", recs(realRate),
                "identity topology, same broker", recs(idRate), ratio.text(), ">= 1.2 and >= 400k/s",
                verdict(ratio.median() >= 1.2 && realRate >= 400_000)));
        r.row(new Results.Row("  same pairs, wall-clock rates", "", "", "", wallRatio.text(), "", ""));
        if (cpuRatio != null) {
            r.row(new Results.Row("  same pairs, records per stream-thread CPU second", "", "", "", cpuRatio.text(),
                    "", ""));
        }
        r.note(String.format("e2e: %,d records; %,d of the %,d generated kills came out as events (victim pid per host), "
                        + "%,d kill events in all", real.get(0).records(), found, truth.kills(), events.killEvents()));
    }

    /** The median of the finite values, when there is one (a metric Streams did not report is NaN). */
    private static void putMedian(final Results r, final String key, final Stream<Double> values) {
        final List<Double> finite = values.filter(Double::isFinite).toList();
        if (!finite.isEmpty()) {
            r.put(key, Results.median(finite));
        }
    }

    private static void latencyFigures(final Results r, final StreamsBench.Latency l) {
        final double p50 = Results.percentile(l.allMs(), 50);
        final double p99 = Results.percentile(l.allMs(), 99);
        r.put("latency_p50_ms", p50);
        r.put("latency_p99_ms", p99);
        r.put("latency_max_ms", Results.percentile(l.allMs(), 100));
        r.put("latency_samples", l.allMs().size());
        r.put("latency_probe_reports", l.probes());
        r.put("latency_reaper_ended_p50_ms", Results.percentile(l.reaperMs(), 50));
        r.put("latency_reaper_ended_p99_ms", Results.percentile(l.reaperMs(), 99));
        r.put("latency_kill_ended_p50_ms", Results.percentile(l.graceMs(), 50));
        r.put("latency_kill_ended_p99_ms", Results.percentile(l.graceMs(), 99));
        r.put("latency_background_records_per_s", l.backgroundRecordsPerSecond());
        if (l.reorderWarmSeconds() != null) {
            r.put("latency_reorder_warm_s", l.reorderWarmSeconds());
            r.put("latency_reorder_wait_ms", l.reorderWaitMillis());
            r.put("latency_reorder_wait_max_ms", l.reorderWaitMaxMillis());
            r.note(String.format("reorder stage's wait while the probes went: %,d ms at first, at most %,d ms (it "
                    + "follows the disorder the input shows)", l.reorderWaitMillis(), l.reorderWaitMaxMillis()));
            r.note(l.reorderWarmSeconds() >= 0
                    ? String.format("reorder stage on: the probes began once its wait had adapted to the input (%,d ms; "
                            + "%.1f s after the warm-up). After every start of an instance it is not warm: each line "
                            + "waits the whole window (oomstream.reorder.window.ms) until the stage has seen 1,000 "
                            + "lines that could show disorder over two windows of time, so the first events after a "
                            + "start come that much later", l.reorderWaitMillis(), l.reorderWarmSeconds())
                    : "reorder stage on and NOT warm when the probes began: each line waited the whole window");
        }
        r.row(new Results.Row("latency last line -> event, p50 / p99",
                String.format("%,.0f / %,.0f ms", p50, p99), "-", "", "", "p99 <= 1,000 ms", verdict(p99 <= 1_000)));
        r.row(new Results.Row("  reports ending in the reaper line",
                String.format("%,.0f / %,.0f ms", Results.percentile(l.reaperMs(), 50),
                        Results.percentile(l.reaperMs(), 99)), "", "", "", "", ""));
        r.row(new Results.Row("  reports ending in the kill line",
                String.format("%,.0f / %,.0f ms", Results.percentile(l.graceMs(), 50),
                        Results.percentile(l.graceMs(), 99)), "", "", "", "", ""));
        final double i50 = Results.percentile(l.incidentMs(), 50);
        final double i99 = Results.percentile(l.incidentMs(), 99);
        r.put("latency_incident_p50_ms", i50);
        r.put("latency_incident_p99_ms", i99);
        r.put("latency_incident_samples", l.incidentMs().size());
        r.row(new Results.Row("latency last line -> incident, p50 / p99", String.format("%,.0f / %,.0f ms", i50, i99),
                "-", "", "", "p99 <= 1,500 ms", verdict(i99 <= 1_500)));
        r.note(String.format("latency: %d kills from %d probe reports, %,.0f background records/s; %d kills seen in "
                + "incidents", l.allMs().size(), l.probes(), l.backgroundRecordsPerSecond(), l.incidentMs().size()));
    }

    private void memoryFigures(final Results r, final long live, final long heapUsed, final long rss,
                               final long stateBytes, final long brokerLive) {
        r.put("heap_peak_mb", live / 1048576.0);
        r.put("heap_peak_minus_broker_mb", (live - brokerLive) / 1048576.0);
        r.put("heap_used_peak_mb", heapUsed / 1048576.0);
        r.put("rss_peak_mb", rss / 1048576.0);
        r.put("rss_hwm_mb", MemorySampler.vmHwm() / 1048576.0);
        r.put("state_store_mb", stateBytes / 1048576.0);
        r.put("heap_max_mb", Runtime.getRuntime().maxMemory() / 1048576.0);
        r.row(new Results.Row(String.format("live heap peak, %,d hosts sending", hosts), mib(live),
                "broker alone (live)", mib(brokerLive), "", "<= 256 MiB",
                // No figure (every System.gc() of the phase collected nothing) is no pass.
                live <= 0 ? "NO FIGURE" : verdict(live <= 256L * 1048576)));
        r.row(new Results.Row("heap used peak (incl. garbage)", mib(heapUsed), "-Xmx", mib(Runtime.getRuntime().maxMemory()),
                "", "", ""));
        r.row(new Results.Row("RSS peak (whole process)", mib(rss), "", "", "", "", ""));
        r.row(new Results.Row("state store (state.dir)", mib(stateBytes), "", "", "", "", ""));
    }

    // ---- analyze vs reading lines ----------------------------------------------------------------------------

    private void analyzeFile(final Results r, final Plan plan, final PrintStream log) throws IOException {
        log.printf("%n[+] analyze vs reading the lines of a %,d-line fleet log file (%d hosts, RFC 3164)%n",
                plan.analyzeLines(), 500);
        final Path file = Files.createTempFile("oomstream-bench-fleet-", ".log");
        try {
            final FleetLogGenerator g = new FleetLogGenerator(GeneratorConfig.defaults().withLines(plan.analyzeLines())
                    .withHosts(500).withSeed(seed));
            try (var w = Files.newBufferedWriter(file)) {
                while (g.hasNext()) {
                    w.write(g.next().value());
                    w.write('\n');
                }
            }
            final double mb = Files.size(file) / 1e6;
            double read = 0;
            double analyze = 0;
            for (int i = 0; i < 2; i++) {
                read = Math.max(read, timeLines(() -> ReadLines.count(file)));
                analyze = Math.max(analyze, timeLines(() -> Workloads.analyzeFile(file)));
            }
            r.put("analyze_file_lines", plan.analyzeLines());
            r.put("analyze_file_mb", mb);
            r.put("analyze_lines_per_s", analyze);
            r.put("read_lines_per_s", read);
            r.put("analyze_slowdown_vs_read", read / analyze);
            log.printf("  %.0f MB: read %,.0f lines/s, analyze %,.0f lines/s: %.2fx the time of reading%n", mb, read,
                    analyze, read / analyze);
            r.row(new Results.Row("analyze a file (in process)", lines(analyze), "read the file's lines",
                    lines(read), String.format("%.2fx time", read / analyze), "<= 3x time", verdict(read / analyze <= 3)));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static double timeLines(final IoSupplier pass) throws IOException {
        final long t0 = System.nanoTime();
        final long n = pass.get();
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    @FunctionalInterface
    private interface IoSupplier {
        long get() throws IOException;
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private void jfrSummary(final Path file, final String what, final Results r, final PrintStream log)
            throws IOException {
        log.printf("%n%s", JfrSummary.summarize(file, 12));
        r.note("JFR recording of the " + what + " of end-to-end pair " + jfrPair + ": " + file.toAbsolutePath());
    }

    private static void machine(final Results r, final PrintStream log) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("max_heap_mb", Runtime.getRuntime().maxMemory() / 1048576);
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("jvm_args", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        m.put("load_average_at_start", loadAverage());
        r.put("machine", m);
        log.printf("oomstream bench on %s cpus, %s, max heap %s MiB%n", m.get("cpus"), m.get("java"), m.get("max_heap_mb"));
    }

    /** 1-minute load average from /proc/loadavg (-1 when unavailable): other work on the machine skews figures. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split("\\s+")[0]);
        } catch (final IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Kafka's logging would drown the progress lines: the in-process broker logs every retried produce of a
     * new transaction (Kafka 4.3, transactions v2) and every slow controller event as ERROR. The broker's
     * loggers are switched off and the clients' (Streams included) show errors only; a failure that matters
     * still stops the bench with its exception. Users' own -D settings win.
     */
    private static void quietLogging() {
        final Map<String, String> levels = new LinkedHashMap<>();
        for (final String client : List.of("org.apache.kafka", "io.oomstream")) {
            levels.put(client, "error");
        }
        for (final String broker : List.of("kafka", "state.change.logger", "org.apache.kafka.server",
                "org.apache.kafka.controller", "org.apache.kafka.raft", "org.apache.kafka.metadata",
                "org.apache.kafka.image", "org.apache.kafka.storage", "org.apache.kafka.coordinator",
                "org.apache.kafka.queue", "org.apache.kafka.snapshot", "org.apache.kafka.network")) {
            levels.put(broker, "off");
        }
        levels.forEach((logger, level) -> {
            final String key = "org.slf4j.simpleLogger.log." + logger;
            if (System.getProperty(key) == null) {
                System.setProperty(key, level);
            }
        });
    }

    private static void deleteTree(final Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (final IOException e) {
                    // best effort: a temp dir
                }
            });
        } catch (final IOException e) {
            // best effort
        }
    }

    private static String lines(final double v) {
        return String.format(Locale.ROOT, "%,.0f lines/s", v);
    }

    private static String recs(final double v) {
        return String.format(Locale.ROOT, "%,.0f rec/s", v);
    }

    private static String ratio(final double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String mib(final double bytes) {
        return String.format(Locale.ROOT, "%,.0f MiB", bytes / 1048576.0);
    }

    private static String verdict(final boolean met) {
        return met ? "yes" : "MISSED";
    }
}
