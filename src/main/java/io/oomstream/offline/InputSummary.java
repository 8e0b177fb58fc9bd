package io.oomstream.offline;

import io.oomstream.event.EventKind;
import io.oomstream.event.OomEvent;
import io.oomstream.event.TerminalText;
import io.oomstream.incident.Kill;
import io.oomstream.syslog.Decoded;
import io.oomstream.syslog.LogLine;
import io.oomstream.syslog.OrdinaryLine;
import io.oomstream.syslog.Repair;
import io.oomstream.syslog.RepairCounts;
import io.oomstream.syslog.SourceFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** What an offline run saw: records, undecodable records with sample reasons, events per host and process. */
public final class InputSummary {

    private static final int SAMPLE_ERRORS = 5;
    /** Hosts the summary names by their event count, most events first. */
    private static final int HOSTS_SHOWN = 10;

    /**
     * What one record is, said where the count is printed: an input line, except that a JSON document or journal
     * entry written over several lines ({@code jq .}, {@code json-pretty}, {@code -o export}, {@code -o verbose}) and a
     * wrapped line joined again are one record each, so the count is not the file's line count.
     */
    static final String RECORD_MEANS = "an input line, or a whole multi-line JSON document or journal entry,"
            + " or a wrapped line joined again";
    private long records;
    private long lines;
    private long undecodable;
    /** Lines of programs that never write OOM reports, passed over without a full decode. */
    private long ordinary;
    private final List<String> errorSamples = new ArrayList<>();
    private final Map<String, Long> eventsPerHost = new TreeMap<>();
    private final Map<String, Long> killsPerProcess = new TreeMap<>();
    private final Map<String, Long> eventsPerKind = new TreeMap<>();
    private long reportsWithoutKill;
    private long incomplete;
    private final RepairCounts repairs = new RepairCounts();
    /** Lines decoded in full by layout ({@link SourceFormat#ordinal()}), and those without a host, without a time. */
    private final long[] sourceLines = new long[SourceFormat.values().length];
    private final long[] sourceWithoutHost = new long[SourceFormat.values().length];
    private final long[] sourceWithoutTime = new long[SourceFormat.values().length];
    private String lastHost;
    /** The last line when it was an ordinary one: its host is taken out only if asked for. */
    private OrdinaryLine lastOrdinary;

    void record(final Decoded d) {
        records++;
        if (!d.isOk() && d.lines().isEmpty()) {
            undecodable++;
            if (errorSamples.size() < SAMPLE_ERRORS) {
                errorSamples.add("record " + records + ": " + d.error());
            }
        }
    }

    void line(final LogLine line) {
        lines++;
        final int source = line.format().ordinal();
        sourceLines[source]++;
        if (line.host() == null) {
            sourceWithoutHost[source]++;
        }
        if (line.time() == null) {
            sourceWithoutTime[source]++;
        }
        lastHost = line.host();
        lastOrdinary = null;
    }

    /** A report line too long to be read whole ({@code ReportLine#fitsWhole}): counted undecodable, as `run` does. */
    void rejectedLine(final LogLine line) {
        undecodable++;
        if (errorSamples.size() < SAMPLE_ERRORS) {
            errorSamples.add("record " + records + ": line of " + line.message().length() + " chars from "
                    + line.host() + ": longer than a report line may hold");
        }
    }

    /** A record that was one ordinary line: a record and a line, as a full decode would have counted it. */
    void ordinary(final OrdinaryLine line) {
        records++;
        lines++;
        ordinary++;
        lastOrdinary = line;
    }

    /** Adds one input's paste repairs. */
    void repairs(final RepairCounts counts) {
        repairs.addAll(counts);
    }

    /** How often each paste repair fired, over every input read so far. */
    public java.util.Map<Repair, Long> repairCounts() {
        return repairs.asMap();
    }

    void event(final OomEvent e) {
        eventsPerHost.merge(e.host() == null ? "(no host)" : e.host(), 1L, Long::sum);
        if (!e.complete()) {
            incomplete++;
        }
        if (Kill.isReportWithoutKill(e)) {
            // A report cut before its kill line (or whose kill the log never shows) is no kill: not counted as one.
            reportsWithoutKill++;
            return;
        }
        eventsPerKind.merge(e.kind().json(), 1L, Long::sum);
        if ((e.kind() == EventKind.OOM_KILL || e.kind() == EventKind.MEMCG_OOM_KILL) && e.victim() != null) {
            killsPerProcess.merge(e.victim().name() == null ? "(name not in log)" : e.victim().name(), 1L, Long::sum);
        }
    }

    /** Host of the last decoded line: where an undecodable line most likely belongs. */
    String lastHost() {
        return lastOrdinary != null ? lastOrdinary.host() : lastHost;
    }

    public long records() {
        return records;
    }

    public long lines() {
        return lines;
    }

    public long undecodable() {
        return undecodable;
    }

    public List<String> errorSamples() {
        return List.copyOf(errorSamples);
    }

    public Map<String, Long> eventsPerHost() {
        return Map.copyOf(eventsPerHost);
    }

    public Map<String, Long> killsPerProcess() {
        return Map.copyOf(killsPerProcess);
    }

    public long incomplete() {
        return incomplete;
    }

    /** Lines of programs that never write OOM reports (counted in {@link #lines}). */
    public long ordinary() {
        return ordinary;
    }

    /**
     * Per input layout that read lines in full ({@code rfc3164}, {@code json_journald}, ...): its lines, those without
     * a host and those without a time, as {@code oomstream_source_lines*_total} counts them in {@code run}. A layout
     * whose lines lack a host or a time is read wrongly, or does not carry them (plain dmesg).
     */
    public Map<String, long[]> fieldsBySource() {
        final Map<String, long[]> m = new TreeMap<>();
        for (final SourceFormat f : SourceFormat.values()) {
            if (sourceLines[f.ordinal()] > 0) {
                m.put(f.label(), new long[] {sourceLines[f.ordinal()],
                    sourceWithoutHost[f.ordinal()], sourceWithoutTime[f.ordinal()]});
            }
        }
        return m;
    }

    /** Events per kind ({@code oom_kill}, ...); a kill report without its kill line is not among them. */
    public Map<String, Long> eventsPerKind() {
        return Map.copyOf(eventsPerKind);
    }

    /** OOM reports whose kill line the log does not show: events, never kills. */
    public long reportsWithoutKill() {
        return reportsWithoutKill;
    }

    /**
     * A short human summary (for stderr), each count saying what it counts; host and process names and record
     * samples with controls escaped.
     */
    public String render() {
        final StringBuilder sb = new StringBuilder();
        long events = 0;
        for (final long n : eventsPerHost.values()) {
            events += n;
        }
        sb.append(String.format(Locale.ROOT, "oomstream analyze: %,d records read (%s)%n", records, RECORD_MEANS));
        sb.append(String.format(Locale.ROOT, "  %,d log lines decoded, %,d of them ordinary (programs that write no OOM "
                + "reports, passed over); %,d records undecodable (no syslog layout: prose, garbage)%n",
                lines, ordinary, undecodable));
        sb.append(String.format(Locale.ROOT, "  %,d OOM events found (%,d incomplete: part of the report missing)%s%n",
                events, incomplete, eventsPerKind.isEmpty() && reportsWithoutKill == 0 ? "" : ": " + kinds()));
        if (!killsPerProcess.isEmpty()) {
            sb.append("  kills by process:  ").append(TerminalText.visible(pairs(killsPerProcess))).append('\n');
        }
        if (!eventsPerHost.isEmpty()) {
            sb.append("  events by host:    ").append(TerminalText.visible(mostFirst(eventsPerHost, HOSTS_SHOWN)))
                    .append('\n');
        }
        if (repairs.total() > 0) {
            final StringBuilder r = new StringBuilder();
            for (final Map.Entry<Repair, Long> e : repairs.asMap().entrySet()) {
                if (e.getValue() > 0) {
                    r.append(r.length() == 0 ? "" : ", ").append(e.getKey().label()).append('=').append(e.getValue());
                }
            }
            sb.append("  repairs:           ").append(r).append('\n');
        }
        final String gaps = fieldGaps();
        if (!gaps.isEmpty()) {
            sb.append("  lines without host or time, by layout: ").append(gaps).append('\n');
        }
        for (final String s : errorSamples) {
            sb.append("  undecodable ").append(TerminalText.visible(s)).append('\n');
        }
        return sb.toString();
    }

    /**
     * {@code json_journald (40 lines): 40 without host; dmesg (12 lines): 12 without host, 12 without time}: only the layouts some
     * of whose lines lack one (a layout read wrongly shows here; plain dmesg never names its host or time).
     */
    private String fieldGaps() {
        final List<String> out = new ArrayList<>();
        for (final Map.Entry<String, long[]> e : fieldsBySource().entrySet()) {
            final long[] n = e.getValue();
            if (n[1] == 0 && n[2] == 0) {
                continue;
            }
            final List<String> missing = new ArrayList<>();
            if (n[1] > 0) {
                missing.add(String.format(Locale.ROOT, "%,d without host", n[1]));
            }
            if (n[2] > 0) {
                missing.add(String.format(Locale.ROOT, "%,d without time", n[2]));
            }
            out.add(String.format(Locale.ROOT, "%s (%,d lines): ", e.getKey(), n[0]) + String.join(", ", missing));
        }
        return String.join("; ", out);
    }

    /** {@code 10 kernel OOM kills, 1 allocation failure}, in the order of {@link EventKind}. */
    private String kinds() {
        final List<String> out = new ArrayList<>();
        for (final EventKind k : EventKind.values()) {
            final Long n = eventsPerKind.get(k.json());
            if (n != null) {
                out.add(n + " " + kindLabel(k) + (n == 1 ? "" : "s"));
            }
        }
        if (reportsWithoutKill > 0) {
            out.add(reportsWithoutKill + " OOM report" + (reportsWithoutKill == 1 ? "" : "s")
                    + " without a kill line (cut short, or the kill not in the log; no kill counted)");
        }
        return String.join(", ", out);
    }

    static String kindLabel(final EventKind k) {
        return switch (k) {
            case OOM_KILL -> "kernel OOM kill";
            case MEMCG_OOM_KILL -> "cgroup-limit OOM kill";
            case ALLOC_FAILURE -> "allocation failure";
            case UNIT_OOM_KILL -> "systemd unit kill";
            case USERSPACE_OOM_KILL -> "userspace kill";
        };
    }

    /** The {@code limit} largest counts, largest first, then how many more (a fleet has hundreds of hosts). */
    private static String mostFirst(final Map<String, Long> counts, final int limit) {
        if (counts.size() <= limit) {
            return pairs(counts);
        }
        final Map<String, Long> top = new java.util.LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                .thenComparing(Map.Entry.comparingByKey())).limit(limit).forEach(e -> top.put(e.getKey(), e.getValue()));
        return pairs(top) + ", and " + (counts.size() - limit) + " more hosts";
    }

    private static String pairs(final Map<String, Long> counts) {
        final StringBuilder b = new StringBuilder();
        counts.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append('=').append(v));
        return b.toString();
    }
}
