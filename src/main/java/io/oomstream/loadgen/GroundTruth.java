package io.oomstream.loadgen;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a generated stream holds, for checking that everything was found: every report started (each is
 * written whole before the stream ends), its kills, and counts of the tricky shapes. A report delivered
 * twice is recorded once, plus one in {@link #duplicates()}. Filled while the generator runs; complete once
 * it is exhausted. Not thread-safe.
 */
public final class GroundTruth {

    /**
     * One report as written.
     *
     * @param host            sending host
     * @param kind            report shape
     * @param era             era id of its wording ({@code e1}..{@code e6})
     * @param victimPids      pids of the kill lines, in order; empty for truncated reports and allocation failures
     * @param victimNames     their names, same order
     * @param truncated       the report stops after Mem-Info: no table, no kill
     * @param cascade         a follow-up kill on a host that had one minutes before
     * @param firstLineMillis log time of the report's first line, epoch ms
     * @param lines           records the report consists of
     */
    public record Report(String host, ReportKind kind, String era, List<Integer> victimPids, List<String> victimNames,
                         boolean truncated, boolean cascade, long firstLineMillis, int lines) {

        public Report {
            victimPids = List.copyOf(victimPids);
            victimNames = List.copyOf(victimNames);
        }
    }

    /**
     * One kernel kill as written: what identifies its event ({@code host}, {@code pid}, {@code time}) and what
     * counts it ({@code service}, and the window of {@code time}).
     *
     * @param host      sending host
     * @param pid       the victim's pid
     * @param name      the victim's process name
     * @param service   the service it is attributed to without fleet metadata: the systemd unit its memory cgroup
     *                  names, else the process name (README, service attribution)
     * @param timeMillis log time of its {@code Killed process} line, epoch ms (the event's {@code time})
     * @param kind      report shape
     * @param era       era id of the wording
     * @param group     one of several kills of a memory.oom.group report
     * @param cascade   a follow-up kill on a host that had one minutes before
     */
    public record Kill(String host, int pid, String name, String service, long timeMillis, ReportKind kind,
                       String era, boolean group, boolean cascade) {

        /** Start of its kill-count window of {@code windowMillis} (epoch ms). */
        public long windowStart(final long windowMillis) {
            return Math.floorDiv(timeMillis, windowMillis) * windowMillis;
        }
    }

    private final List<Report> reports = new ArrayList<>();
    private final List<Kill> everyKill = new ArrayList<>();
    private long duplicates;
    private long lines;
    private long reportLines;

    void report(final Report r) {
        reports.add(r);
    }

    void kill(final Kill k) {
        everyKill.add(k);
    }

    /** Every kernel kill, in the order their reports started (a report delivered twice: its kills once). */
    public List<Kill> everyKill() {
        return Collections.unmodifiableList(everyKill);
    }

    /** Kills per service and window start (epoch ms) of {@code windowMillis}: what the kill-count topic ends with. */
    public Map<String, Map<Long, Long>> killCounts(final long windowMillis) {
        final Map<String, Map<Long, Long>> out = new TreeMap<>();
        for (final Kill k : everyKill) {
            out.computeIfAbsent(k.service(), s -> new TreeMap<>()).merge(k.windowStart(windowMillis), 1L, Long::sum);
        }
        return out;
    }

    void duplicate() {
        duplicates++;
    }

    void line(final boolean ofReport) {
        lines++;
        if (ofReport) {
            reportLines++;
        }
    }

    /** Every report, in the order they started (duplicates not repeated). */
    public List<Report> reports() {
        return Collections.unmodifiableList(reports);
    }

    /** Victim pids of every kernel kill, per host, sorted (a report repeated verbatim counts once). */
    public Map<String, List<Integer>> victimPidsByHost() {
        final Map<String, List<Integer>> out = new TreeMap<>();
        for (final Report r : reports) {
            if (!r.victimPids().isEmpty()) {
                out.computeIfAbsent(r.host(), h -> new ArrayList<>()).addAll(r.victimPids());
            }
        }
        out.values().forEach(Collections::sort);
        return out;
    }

    /** Kernel kill events the stream holds (one per kill line; memory.oom.group reports have several). */
    public long kills() {
        long n = 0;
        for (final Report r : reports) {
            n += r.victimPids().size();
        }
        return n;
    }

    /** Reports that stop after Mem-Info, never reaching a kill. */
    public List<Report> truncated() {
        return reports.stream().filter(Report::truncated).toList();
    }

    /** Page allocation failures. */
    public long allocFailures() {
        return reports.stream().filter(r -> r.kind() == ReportKind.ALLOC_FAILURE).count();
    }

    /** Follow-up kills of cascades. */
    public long cascades() {
        return reports.stream().filter(Report::cascade).count();
    }

    /** Reports delivered a second time, verbatim. */
    public long duplicates() {
        return duplicates;
    }

    /** Records written so far. */
    public long lines() {
        return lines;
    }

    /** Records that belong to a report (duplicated copies included). */
    public long reportLines() {
        return reportLines;
    }

    /** Reports per kind (all kinds present, zero when none). */
    public Map<ReportKind, Long> reportsByKind() {
        final Map<ReportKind, Long> out = new EnumMap<>(ReportKind.class);
        for (final ReportKind k : ReportKind.values()) {
            out.put(k, 0L);
        }
        reports.forEach(r -> out.merge(r.kind(), 1L, Long::sum));
        return out;
    }

    /** Reports per era id. */
    public Map<String, Long> reportsByEra() {
        final Map<String, Long> out = new TreeMap<>();
        reports.forEach(r -> out.merge(r.era(), 1L, Long::sum));
        return out;
    }

    /** A short human summary. */
    public String render() {
        return String.format("%,d lines (%,d in reports), %,d reports, %,d kills, %,d truncated, %,d alloc failures, "
                        + "%,d cascade kills, %,d duplicated reports; by era %s",
                lines, reportLines, reports.size(), kills(), truncated().size(), allocFailures(), cascades(),
                duplicates, reportsByEra());
    }
}
