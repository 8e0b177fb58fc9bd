package io.oomstream.offline;

import io.oomstream.event.EventKind;
import io.oomstream.event.OomEvent;
import io.oomstream.event.TerminalText;
import io.oomstream.syslog.Decoded;
import io.oomstream.syslog.LogLine;
import io.oomstream.syslog.OrdinaryLine;
import io.oomstream.syslog.Repair;
import io.oomstream.syslog.RepairCounts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What an offline run saw: records, undecodable records with sample reasons, events per host and process. */
public final class InputSummary {

    private static final int SAMPLE_ERRORS = 5;

    private long records;
    private long lines;
    private long undecodable;
    private final List<String> errorSamples = new ArrayList<>();
    private final Map<String, Long> eventsPerHost = new TreeMap<>();
    private final Map<String, Long> killsPerProcess = new TreeMap<>();
    private final Map<String, Long> eventsPerKind = new TreeMap<>();
    private long incomplete;
    private final RepairCounts repairs = new RepairCounts();
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
        eventsPerKind.merge(e.kind().json(), 1L, Long::sum);
        if (!e.complete()) {
            incomplete++;
        }
        if ((e.kind() == EventKind.OOM_KILL || e.kind() == EventKind.MEMCG_OOM_KILL) && e.victim() != null) {
            killsPerProcess.merge(e.victim().name(), 1L, Long::sum);
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

    /** A short human summary (for stderr); host and process names and record samples with controls escaped. */
    public String render() {
        final StringBuilder sb = new StringBuilder();
        long events = 0;
        for (final long n : eventsPerHost.values()) {
            events += n;
        }
        sb.append(String.format("oomstream analyze: %d records, %d lines, %d undecodable, %d events (%d incomplete)%n",
                records, lines, undecodable, events, incomplete));
        if (!eventsPerKind.isEmpty()) {
            sb.append("  events by kind:    ").append(eventsPerKind).append('\n');
        }
        if (!eventsPerHost.isEmpty()) {
            sb.append("  events per host:   ").append(TerminalText.visible(eventsPerHost.toString())).append('\n');
        }
        if (!killsPerProcess.isEmpty()) {
            sb.append("  kills per process: ").append(TerminalText.visible(killsPerProcess.toString())).append('\n');
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
        for (final String s : errorSamples) {
            sb.append("  undecodable ").append(TerminalText.visible(s)).append('\n');
        }
        return sb.toString();
    }
}
