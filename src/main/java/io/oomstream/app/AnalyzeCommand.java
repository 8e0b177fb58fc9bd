package io.oomstream.app;

import io.oomstream.enrich.FleetFile;
import io.oomstream.enrich.FleetFileException;
import io.oomstream.enrich.KubectlPods;
import io.oomstream.enrich.PodIndex;
import io.oomstream.event.Json;
import io.oomstream.incident.IncidentRecord;
import io.oomstream.incident.IncidentSettings;
import io.oomstream.offline.OfflineIncidents;
import io.oomstream.offline.OfflineAnalysis;
import io.oomstream.offline.ProgressListener;
import io.oomstream.offline.TerminalProgress;
import io.oomstream.offline.TextReport;
import io.oomstream.stitch.StitcherConfig;
import io.oomstream.syslog.DecoderOptions;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.zip.GZIPInputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code oomstream analyze}: stitch OOM reports out of log files offline, one JSON event per line. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {"Reads syslog in any supported layout (files, rotated .gz, or stdin) and writes one JSON "
                + "OOM event per line to stdout, then a short summary to stderr.",
                "Each event is printed once, in its final state."})
public final class AnalyzeCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", arity = "0..*",
            description = "Log files (gzip detected by content); '-' or none reads stdin.")
    private List<String> files = List.of();

    @Option(names = "--year", description = "Year of RFC 3164 timestamps (default: inferred, rolling over at New Year).")
    private Integer year;

    @Option(names = "--zone", defaultValue = "UTC", description = "Time zone of timestamps without an offset (default: ${DEFAULT-VALUE}).")
    private ZoneId zone;

    @Option(names = "--idle-timeout", defaultValue = "PT30S",
            description = "Emit an open report incomplete after this much log time without a line (ISO-8601 duration, default: ${DEFAULT-VALUE}).")
    private Duration idleTimeout;

    @Option(names = "--max-report-lines", defaultValue = "" + StitcherConfig.DEFAULT_MAX_REPORT_LINES,
            description = "Lines kept per report before it is marked truncated (default: ${DEFAULT-VALUE}).")
    private int maxReportLines;

    @Option(names = "--pretty", description = "Indent the JSON (one event spans several lines).")
    private boolean pretty;

    @Option(names = "--quiet", description = "No summary and no progress on stderr.")
    private boolean quiet;

    @Option(names = "--fleet", paramLabel = "FILE",
            description = "Fleet metadata (YAML, JSON or CSV, see deploy/fleet/): events are printed enriched "
                    + "(schemas/enriched-event.schema.json) and incidents and counts get fleet fields.")
    private Path fleet;

    @Option(names = "--pods", paramLabel = "FILE",
            description = "Kubernetes pods as `kubectl get pods -A -o json` prints them: events are printed "
                    + "enriched with the namespace, pod, workload and container their memcg path resolves to.")
    private Path pods;

    @Option(names = "--incidents", description = "After the events, print every incident in its final state "
            + "(schemas/incident.schema.json: \"scope\" host or fleet), in order of first emission.")
    private boolean incidents;

    @Option(names = "--format", defaultValue = "json", paramLabel = "json|text",
            description = "json (default): one JSON record per line on stdout. text: instead, a plain-language report "
                    + "of every incident (most severe first) and every event per host in time order, with verdicts.")
    private String format;

    @Option(names = "--counts", description = "Last, print every kill-count window "
            + "(schemas/kill-count.schema.json: has \"window_start\"), in window order.")
    private boolean counts;

    @Override
    public Integer call() throws IOException {
        if (!"json".equals(format) && !"text".equals(format)) {
            System.err.println("oomstream analyze: --format is json or text, not " + format);
            return 2;
        }
        final boolean text = "text".equals(format);
        final StitcherConfig config = new StitcherConfig(idleTimeout, StitcherConfig.DEFAULT_REAPER_GRACE,
                StitcherConfig.DEFAULT_LINGER, maxReportLines, StitcherConfig.DEFAULT_MAX_REPORT_BYTES,
                StitcherConfig.DEFAULT_MAX_TASKS_IN_EVENT);
        final PrintWriter stdout = new PrintWriter(new BufferedWriter(
                new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16));
        final OfflineIncidents extras;
        try {
            extras = new OfflineIncidents(fleet == null ? null : FleetFile.load(fleet), IncidentSettings.defaults());
        } catch (final FleetFileException e) {
            System.err.println("oomstream analyze: " + e.getMessage());
            return 2;
        }
        if (pods != null) {
            try {
                extras.withPods(new PodIndex(KubectlPods.read(Files.readString(pods), Instant.now(),
                        KubectlPods.DEFAULT_LABELS)));
            } catch (final IOException | IllegalArgumentException e) {
                System.err.println("oomstream analyze: " + pods + ": " + e.getMessage());
                return 2;
            }
        }
        final TextReport report = new TextReport();
        final OfflineAnalysis analysis = new OfflineAnalysis(config, new DecoderOptions(year, zone), e -> {
            final Object enriched = extras.accept(e);
            final Object shown = fleet == null && pods == null ? e : enriched;
            report.event(e);
            if (!text) {
                stdout.println(pretty ? prettyJson(shown) : Json.write(shown));
            }
        });
        final TerminalProgress progress = quiet ? null : TerminalProgress.ifTerminal("records", 0);
        for (final String f : files.isEmpty() ? List.of("-") : files) {
            // Read ahead on a second thread: reading and decoding the file overlap (analyze uses both cores).
            try (BufferedReader r = new io.oomstream.offline.ReadAheadReader(open(f))) {
                analysis.read(r, progress == null ? ProgressListener.NONE : progress);
            } catch (final java.nio.file.NoSuchFileException e) {
                System.err.println("oomstream analyze: no such file: " + f);
                stdout.flush();
                return 2;
            }
        }
        analysis.finish();
        // Incidents are worked out for the terminal's report too, not only for --incidents.
        final List<IncidentRecord> found = quiet && !incidents && !text ? List.of() : extras.incidents();
        if (text) {
            stdout.print(report.render(found, -1));
        }
        // Documented order: all events, then incidents, then counts; each record type is self-describing.
        if (incidents && !text) {
            found.forEach(i -> stdout.println(pretty ? prettyJson(i) : Json.write(i)));
        }
        if (counts && !text) {
            extras.counts().forEach(c -> stdout.println(pretty ? prettyJson(c) : Json.write(c)));
        }
        stdout.flush();
        if (progress != null) {
            progress.done();
        }
        if (!quiet) {
            System.err.print(analysis.summary().render());
            if (!text) {
                System.err.print(report.render(found, SUMMARY_ITEMS));
            }
        }
        return 0;
    }

    /** Incidents and events the stderr summary shows at most (of each); --format text shows all. */
    static final int SUMMARY_ITEMS = 10;

    private static String prettyJson(final Object e) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(e);
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Opens a file or stdin, un-gzipping by magic number; undecodable bytes become U+FFFD, never an error. */
    static BufferedReader open(final String f) throws IOException {
        InputStream in = "-".equals(f) ? System.in : Files.newInputStream(Path.of(f));
        in = new BufferedInputStream(in, 1 << 16);
        in.mark(2);
        final int b1 = in.read();
        final int b2 = in.read();
        in.reset();
        if (b1 == 0x1f && b2 == 0x8b) {
            in = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
        }
        // UTF-8, or UTF-16 behind its byte-order mark (a log saved on Windows).
        return io.oomstream.offline.InputEncoding.lines(in);
    }
}
