package io.oomstream.offline;

import io.oomstream.event.EventKind;
import io.oomstream.event.OomEvent;
import io.oomstream.event.TerminalText;
import io.oomstream.incident.FleetIncident;
import io.oomstream.incident.Incident;
import io.oomstream.incident.IncidentRecord;
import io.oomstream.incident.Kill;
import io.oomstream.incident.KillSummary;
import io.oomstream.incident.Severity;
import io.oomstream.incident.Times;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code analyze} found, for the person at the terminal: every incident (most severe first) with its verdict,
 * then every event per host in time order with its verdict, laid out in fixed columns and wrapped. The full report
 * is {@code analyze --format text}; the stderr summary shows the first few of each. Every value from the logs goes
 * through {@link TerminalText#visible}. Also the demo's way of printing one event or incident.
 */
public final class TextReport {

    /** Where verdicts wrap. */
    public static final int WIDTH = 100;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final int KIND_WIDTH = 22;
    /** The kind column of an {@code oom_kill} or {@code memcg_oom_kill} event that shows no kill. */
    static final String REPORT_WITHOUT_KILL = "OOM report, no kill";

    /** One event as the report keeps it: no task table, zones or buddy lists. */
    private record Seen(String host, String time, String line, String verdict) {
    }

    private final List<Seen> events = new ArrayList<>();

    /** Keeps what the report shows of one final event. */
    public void event(final OomEvent e) {
        events.add(new Seen(e.host() == null ? "(no host)" : e.host(), e.time(), eventLine(e),
                e.analysis() == null ? null : e.analysis().verdict()));
    }

    /**
     * The report.
     *
     * @param incidents the incidents in their final state
     * @param limit     at most this many incidents and this many events (the rest counted), or -1 for all
     */
    public String render(final List<IncidentRecord> incidents, final int limit) {
        final StringBuilder b = new StringBuilder();
        if (!incidents.isEmpty()) {
            final List<IncidentRecord> sorted = new ArrayList<>(incidents);
            sorted.sort(Comparator.comparing(TextReport::severity).reversed()
                    .thenComparing(r -> r.openedAt() == null ? "" : r.openedAt()));
            b.append("\nIncidents (").append(incidents.size()).append(": ").append(bySeverity(incidents))
                    .append("), most severe first:\n");
            final int shown = limit < 0 ? sorted.size() : Math.min(limit, sorted.size());
            for (final IncidentRecord r : sorted.subList(0, shown)) {
                b.append("  ").append(incidentLine(r)).append('\n');
                wrap(verdict(r), "      ", b);
            }
            more(sorted.size() - shown, "incidents", b);
        }
        if (!events.isEmpty()) {
            b.append("\nEvents by host, in time order:\n");
            final Map<String, List<Seen>> byHost = new TreeMap<>();
            events.forEach(s -> byHost.computeIfAbsent(s.host(), h -> new ArrayList<>()).add(s));
            int shown = 0;
            for (final Map.Entry<String, List<Seen>> h : byHost.entrySet()) {
                if (limit >= 0 && shown >= limit) {
                    break;
                }
                b.append("  ").append(TerminalText.visible(h.getKey())).append('\n');
                final List<Seen> list = new ArrayList<>(h.getValue());
                list.sort(Comparator.comparing(s -> s.time() == null ? Instant.MAX : Times.parse(s.time())));
                for (final Seen s : list) {
                    if (limit >= 0 && shown >= limit) {
                        break;
                    }
                    b.append("    ").append(s.line()).append('\n');
                    if (s.verdict() != null) {
                        wrap(withoutHost(s.verdict(), s.host()), "        ", b);
                    }
                    shown++;
                }
            }
            more(events.size() - shown, "events", b);
        }
        return b.toString();
    }

    /** {@code 2026-10-21 07:09:48  kernel OOM kill        httpd (pid 22268)  [incomplete: idle_timeout]}. */
    public static String eventLine(final OomEvent e) {
        final StringBuilder sb = new StringBuilder(time(e.time())).append("  ");
        // A report whose kill the log does not show is no kill: its kind column says so rather than "OOM kill".
        final String kind = Kill.isReportWithoutKill(e) ? REPORT_WITHOUT_KILL : InputSummary.kindLabel(e.kind());
        sb.append(pad(kind, KIND_WIDTH));
        if (e.victim() != null && e.victim().name() != null) {
            sb.append(TerminalText.visible(e.victim().name()))
                    .append(e.victim().pid() == null ? " (pid not in log)" : " (pid " + e.victim().pid() + ')');
        } else if (e.systemdUnit() != null) {
            sb.append(TerminalText.visible(e.systemdUnit()));
        } else if (e.trigger() != null && e.trigger().process() != null) {
            sb.append(TerminalText.visible(e.trigger().process()));
            sb.append(e.kind() == EventKind.ALLOC_FAILURE ? "" : " (no kill line)");
        } else if (e.victim() != null && e.victim().pid() != null) {
            sb.append("pid ").append(e.victim().pid());
        } else {
            // Say so rather than leave an empty column: the log named no process (a report cut before its kill line
            // and its trigger), and nothing is borrowed from another report.
            sb.append("(no process named)");
        }
        if (e.invocationRank() != null) {
            sb.append("  [group kill ").append(e.invocationRank()).append(']');
        }
        if (!e.complete()) {
            sb.append("  [incomplete: ").append(e.incompleteReason() == null ? "?" : e.incompleteReason().json())
                    .append(']');
        }
        return sb.toString();
    }

    /** {@code critical  closed  3 kills   mail} ... the subject last, so long host names never push a column. */
    public static String incidentLine(final IncidentRecord r) {
        final StringBuilder sb = new StringBuilder();
        sb.append(pad(severity(r).json(), 10)).append(pad(r.status().json(), 8));
        final int kills = r instanceof Incident i ? i.killCount() : ((FleetIncident) r).killCount();
        sb.append(pad(kills + (kills == 1 ? " kill" : " kills"), 10));
        sb.append(timeNotInLog(r) ? "(time not in log)  " : time(r.openedAt())).append("  ");
        if (r instanceof Incident i) {
            sb.append(TerminalText.visible(i.host() == null ? "(no host)" : i.host()));
            if (i.pod() != null) {
                sb.append(" pod ").append(TerminalText.visible(i.pod()));
            }
        } else {
            final FleetIncident f = (FleetIncident) r;
            sb.append("fleet-wide ").append(TerminalText.visible(f.groupBy() + " " + f.groupValue()))
                    .append(" (").append(f.hostCount()).append(" hosts)");
        }
        return sb.toString();
    }

    /**
     * Whether no kill the incident lists showed a time in the log (a dmesg without -T): its times are then stand-ins
     * ({@code time_not_in_log}), not to be printed as when it happened.
     */
    private static boolean timeNotInLog(final IncidentRecord r) {
        final List<KillSummary> listed = new ArrayList<>(r instanceof Incident i ? i.kills() : ((FleetIncident) r).kills());
        if (r instanceof Incident i && i.reportsWithoutKillListed() != null) {
            listed.addAll(i.reportsWithoutKillListed());
        }
        return !listed.isEmpty() && listed.stream().allMatch(k -> Boolean.TRUE.equals(k.timeNotInLog()));
    }

    public static String verdict(final IncidentRecord r) {
        return TerminalText.visible(r instanceof Incident i ? i.verdict() : ((FleetIncident) r).verdict());
    }

    public static Severity severity(final IncidentRecord r) {
        return r instanceof Incident i ? i.severity() : ((FleetIncident) r).severity();
    }

    /** {@code 2 critical, 1 low}, most severe first. */
    public static String bySeverity(final List<IncidentRecord> incidents) {
        final Map<Severity, Integer> n = new LinkedHashMap<>();
        for (final Severity s : reversed(Severity.values())) {
            n.put(s, 0);
        }
        incidents.forEach(r -> n.merge(severity(r), 1, Integer::sum));
        final List<String> out = new ArrayList<>();
        n.forEach((s, c) -> {
            if (c > 0) {
                out.add(c + " " + s.json());
            }
        });
        return String.join(", ", out);
    }

    /** ISO-8601 as {@code 2026-10-21 07:09:48} (UTC), {@code (no time)} for none. */
    public static String time(final String iso) {
        final Instant t = Times.parse(iso);
        return t == null ? "(no time)          " : TIME.format(t);
    }

    /** Appends {@code text} wrapped at {@link #WIDTH}, each line indented by {@code indent}. */
    public static void wrap(final String text, final String indent, final StringBuilder out) {
        final String[] words = text.split(" ");
        final StringBuilder line = new StringBuilder(indent);
        for (final String w : words) {
            if (line.length() > indent.length() && line.length() + 1 + w.length() > WIDTH) {
                out.append(line).append('\n');
                line.setLength(0);
                line.append(indent);
            }
            if (line.length() > indent.length()) {
                line.append(' ');
            }
            line.append(w);
        }
        out.append(line).append('\n');
    }

    public static String pad(final String s, final int width) {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }

    /** An event verdict without its leading {@code host: } (the report prints the host above it). */
    private static String withoutHost(final String verdict, final String host) {
        final String v = TerminalText.visible(verdict);
        final String prefix = TerminalText.visible(host) + ": ";
        return v.startsWith(prefix) ? v.substring(prefix.length()) : v;
    }

    private static void more(final int rest, final String what, final StringBuilder b) {
        if (rest > 0) {
            b.append("  ... and ").append(rest).append(" more ").append(what)
                    .append(" (analyze --format text lists every one)\n");
        }
    }

    private static Severity[] reversed(final Severity[] values) {
        final Severity[] out = new Severity[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[values.length - 1 - i];
        }
        return out;
    }
}
