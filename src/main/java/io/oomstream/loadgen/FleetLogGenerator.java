package io.oomstream.loadgen;

import io.oomstream.kernel.KernelEra;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Deterministic synthetic fleet syslog: ordinary lines from N hosts with whole kernel OOM reports of every
 * era (and page allocation failures) mixed in, as a lazy sequence of {@link FleetRecord}s plus the
 * {@link GroundTruth} of what it holds.
 *
 * <p>How the stream is shaped:
 * <ul>
 *   <li>Log time advances by {@code 1 / linesPerSecond} per record from the configured start. A report is
 *       printed by its kernel in a burst: its lines carry that burst's times (tens of microseconds apart)
 *       and, on hosts that print them, kernel {@code [uptime]} stamps that grow with log time per host.</li>
 *   <li>Reports are spread among other hosts' lines: while reports are open, about a third of the records
 *       are report lines, drawn from the open reports at random; one host has at most one report open
 *       (the kernel serialises them).</li>
 *   <li>Cascades: after a kill, another kill on the same host 1 to 5 minutes of log time later.</li>
 *   <li>Duplicates: a report delivered again, verbatim (same stamps and text), a moment after the first
 *       copy, as rsyslog's at-least-once redelivery does.</li>
 *   <li>Truncated reports: header, stack and Mem-Info, then nothing of that report (never a kill).</li>
 *   <li>Every report that starts is written whole before the stream ends, so the ground truth is exact.</li>
 * </ul>
 * The same {@link GeneratorConfig} always yields the same records. Not thread-safe.
 */
public final class FleetLogGenerator implements Iterator<FleetRecord> {

    /** Share of records given to report lines while reports are open. */
    private static final double REPORT_SLOT_SHARE = 0.35;
    /** Reports open at once across the fleet, at most. */
    private static final int MAX_ACTIVE = 8;
    /** A new report is started only if all open reports still fit in this share of the remaining records. */
    private static final double END_RESERVE = 0.3;
    private static final int MAX_CASCADE = 5;

    private final GeneratorConfig config;
    private final SplittableRandom schedule;
    private final SplittableRandom timing;
    private final HostProfile[] hosts;
    private final ReportWriter writer;
    private final NoiseWriter noise;
    private final SyslogRenderer renderer = new SyslogRenderer();
    private final GroundTruth truth = new GroundTruth();
    private final long startMicros;
    private final double microsPerLine;
    private final boolean[] busy;
    private final List<Active> active = new ArrayList<>();
    private final PriorityQueue<Pending> pending = new PriorityQueue<>((a, b) -> a.dueMicros != b.dueMicros
            ? Long.compare(a.dueMicros, b.dueMicros) : Long.compare(a.seq, b.seq));
    private final Map<String, HostProfile> probeHosts = new HashMap<>();
    private final SplittableRandom probeRandom;
    private final ReportWriter probeWriter;
    private long slot;
    private long seq;
    private long activeRemaining;

    /** A report being written out. */
    private static final class Active {
        final int host;
        final List<FleetRecord> records;
        final ReportKind kind;
        final boolean kills;
        final boolean duplicate;
        final int chain;
        int next;

        Active(final int host, final List<FleetRecord> records, final ReportKind kind, final boolean kills,
               final boolean duplicate, final int chain) {
            this.host = host;
            this.records = records;
            this.kind = kind;
            this.kills = kills;
            this.duplicate = duplicate;
            this.chain = chain;
        }
    }

    /** A report due later: a cascade kill (records null) or a redelivered copy (records set). */
    private static final class Pending {
        final long dueMicros;
        final long seq;
        final int host;
        final List<FleetRecord> records;
        final ReportKind kind;
        final int chain;

        Pending(final long dueMicros, final long seq, final int host, final List<FleetRecord> records,
                final ReportKind kind, final int chain) {
            this.dueMicros = dueMicros;
            this.seq = seq;
            this.host = host;
            this.records = records;
            this.kind = kind;
            this.chain = chain;
        }
    }

    /**
     * A report written for one host outside the schedule (latency probes of the benchmark).
     *
     * @param records        its records, in order, ready to send
     * @param victimPids     pids of its kill lines
     * @param endsWithReaper true when its kernel lines end with an {@code oom_reaper} line for the victim (a stitcher
     *                       can close the report there; systemd's unit lines may follow); false when they end with
     *                       the kill line
     */
    public record Probe(List<FleetRecord> records, List<Integer> victimPids, ReportKind kind, boolean endsWithReaper) {
    }

    public FleetLogGenerator(final GeneratorConfig config) {
        this.config = config;
        final SplittableRandom root = new SplittableRandom(config.seed());
        final SplittableRandom fleet = root.split();
        this.schedule = root.split();
        this.timing = root.split();
        this.writer = new ReportWriter(root.split(), config.taskTableSize());
        this.noise = new NoiseWriter(root.split());
        this.probeRandom = root.split();
        this.probeWriter = new ReportWriter(probeRandom.split(), config.taskTableSize());
        this.hosts = new HostProfile[config.hosts()];
        for (int i = 0; i < hosts.length; i++) {
            hosts[i] = new HostProfile(i, fleet, config.format());
        }
        this.busy = new boolean[hosts.length];
        this.startMicros = Math.multiplyExact(config.start().getEpochSecond(), 1_000_000L)
                + config.start().getNano() / 1_000;
        this.microsPerLine = 1_000_000.0 / config.linesPerSecond();
    }

    public GeneratorConfig config() {
        return config;
    }

    /** What the records hold; complete once {@link #hasNext()} is false. */
    public GroundTruth truth() {
        return truth;
    }

    /** The fleet's host names, in host order. */
    public List<String> hostNames() {
        final List<String> names = new ArrayList<>(hosts.length);
        for (final HostProfile h : hosts) {
            names.add(h.name);
        }
        return names;
    }

    /** The remaining records as a sequential stream. */
    public Stream<FleetRecord> stream() {
        return StreamSupport.stream(Spliterators.spliterator(this, config.lines() - slot,
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    @Override
    public boolean hasNext() {
        return slot < config.lines();
    }

    @Override
    public FleetRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException("all " + config.lines() + " records were generated");
        }
        final long now = startMicros + (long) (slot * microsPerLine);
        final long remaining = config.lines() - slot;
        activatePending(now, remaining);
        maybeStart(now, remaining);
        final boolean drain = activeRemaining >= remaining;
        final FleetRecord record;
        if (!active.isEmpty() && (drain || schedule.nextDouble() < REPORT_SLOT_SHARE)) {
            record = nextReportLine(now);
        } else {
            record = noiseLine(now);
        }
        slot++;
        truth.line(record.reportLine());
        return record;
    }

    /**
     * Writes one whole report for {@code host} at {@code at}, outside the fleet schedule and its ground truth
     * (the benchmark's latency probes), from a random source of its own so probes leave the fleet's records
     * unchanged. The host keeps its kernel stamps growing across calls.
     *
     * @param kind any kind but {@link ReportKind#ALLOC_FAILURE}
     */
    public Probe probe(final String host, final ReportKind kind, final Instant at, final OutputFormat format) {
        if (!kind.kills()) {
            throw new IllegalArgumentException("probes are kill reports, not " + kind);
        }
        final HostProfile h = probeHosts.computeIfAbsent(host + '\n' + kind.era() + '\n' + format,
                k -> new HostProfile(probeHosts.size(), host, kind.era(), probeRandom, format));
        final ReportWriter.Report r = probeWriter.write(h, kind, false);
        final long micros = Math.multiplyExact(at.getEpochSecond(), 1_000_000L) + at.getNano() / 1_000;
        return new Probe(render(h, r, micros), r.victimPids, kind, r.endsWithReaper);
    }

    // ---- scheduling ------------------------------------------------------------------------------------------

    private void maybeStart(final long now, final long remaining) {
        if (active.size() >= MAX_ACTIVE || schedule.nextDouble() * 1_000 >= config.oomRate()) {
            return;
        }
        int host = -1;
        for (int attempt = 0; attempt < 4 && host < 0; attempt++) {
            final int candidate = schedule.nextInt(hosts.length);
            if (!busy[candidate]) {
                host = candidate;
            }
        }
        if (host < 0) {
            return;
        }
        final HostProfile h = hosts[host];
        final ReportKind kind;
        if (schedule.nextDouble() < config.allocFailureShare()) {
            kind = ReportKind.ALLOC_FAILURE;
        } else {
            final ReportKind[] kinds = ReportWriter.kindsFor(h);
            kind = kinds[schedule.nextInt(kinds.length)];
        }
        final boolean truncate = kind.kills() && kind.globalMemInfo() && schedule.nextDouble() < config.truncatedShare();
        start(now, remaining, host, kind, truncate, 0);
    }

    /** Writes and opens a report; false when the stream's remaining records could not hold it. */
    private boolean start(final long now, final long remaining, final int host, final ReportKind kind,
                          final boolean truncate, final int chain) {
        final HostProfile h = hosts[host];
        final ReportWriter.Report r = writer.write(h, kind, truncate);
        if (!fits(r.lines.size(), remaining)) {
            return false;
        }
        final List<FleetRecord> records = render(h, r, now);
        truth.report(new GroundTruth.Report(h.name, kind, r.era.id(), r.truncated ? List.of() : r.victimPids,
                r.truncated ? List.of() : r.victimNames, r.truncated, chain > 0, records.get(0).epochMillis(),
                records.size()));
        if (!r.truncated) {
            final boolean group = r.victimPids.size() > 1;
            for (int i = 0; i < r.victimPids.size(); i++) {
                truth.kill(new GroundTruth.Kill(h.name, r.victimPids.get(i), r.victimNames.get(i),
                        r.victimServices.get(i), records.get(r.killLines.get(i)).epochMillis(), kind, r.era.id(), group,
                        chain > 0));
            }
        }
        open(new Active(host, records, kind, kind.kills() && !r.truncated, false, chain));
        return true;
    }

    private void open(final Active a) {
        busy[a.host] = true;
        active.add(a);
        activeRemaining += a.records.size();
    }

    private boolean fits(final int size, final long remaining) {
        return activeRemaining + size <= remaining * END_RESERVE;
    }

    private void activatePending(final long now, final long remaining) {
        while (!pending.isEmpty() && pending.peek().dueMicros <= now) {
            final Pending p = pending.poll();
            if (p.records != null) {
                // A redelivered copy: its host stayed busy for it. Dropped if the stream ends too soon.
                if (fits(p.records.size(), remaining)) {
                    truth.duplicate();
                    open(new Active(p.host, p.records, p.kind, false, true, p.chain));
                } else {
                    busy[p.host] = false;
                }
            } else if (busy[p.host] || active.size() >= MAX_ACTIVE) {
                pending.add(new Pending(now + 1_000_000L, seq++, p.host, null, p.kind, p.chain));
                return;
            } else {
                start(now, remaining, p.host, p.kind, false, p.chain);
            }
        }
    }

    private FleetRecord nextReportLine(final long now) {
        final int i = schedule.nextInt(active.size());
        final Active a = active.get(i);
        final FleetRecord record = a.records.get(a.next++);
        activeRemaining--;
        if (a.next == a.records.size()) {
            active.remove(i);
            finished(a, now);
        }
        return record;
    }

    private void finished(final Active a, final long now) {
        if (!a.duplicate && schedule.nextDouble() < config.duplicateShare()) {
            pending.add(new Pending(now + 200_000L + schedule.nextLong(4_800_000L), seq++, a.host, a.records, a.kind,
                    a.chain));
            return; // the host stays busy until its copy was delivered
        }
        busy[a.host] = false;
        final boolean killed = a.duplicate ? a.kind.kills() : a.kills;
        if (killed && a.chain + 1 < MAX_CASCADE && schedule.nextDouble() < config.cascadeShare()) {
            final ReportKind[] kinds = ReportWriter.kindsFor(hosts[a.host]);
            pending.add(new Pending(now + 60_000_000L + schedule.nextLong(240_000_000L), seq++, a.host, null,
                    kinds[schedule.nextInt(kinds.length)], a.chain + 1));
        }
    }

    // ---- rendering -------------------------------------------------------------------------------------------

    private FleetRecord noiseLine(final long now) {
        final int host = schedule.nextInt(hosts.length);
        final HostProfile h = hosts[host];
        noise.next(h, now);
        // A host printing a report prints no other kernel line in between here: the report's burst times are
        // behind the fleet clock, and a later-stamped kernel line in the middle would break its stamp order.
        for (int retry = 0; busy[host] && noise.kernel && retry < 16; retry++) {
            noise.next(h, now);
        }
        if (busy[host] && noise.kernel) {
            return noiseLine(now);
        }
        final long uptime = noise.kernel && h.stamps ? h.uptimeMicros(now, startMicros) : -1;
        return new FleetRecord(h.name, renderer.render(h.format, h.name, noise.program, noise.pid, noise.text, now,
                uptime, noise.severity), Math.floorDiv(now, 1_000L), false);
    }

    /** Renders a report as printed in one burst from {@code t0}: printk lines tens of microseconds apart. */
    private List<FleetRecord> render(final HostProfile h, final ReportWriter.Report r, final long t0) {
        final List<FleetRecord> out = new ArrayList<>(r.lines.size());
        long t = t0;
        for (final ReportWriter.Line line : r.lines) {
            if (!line.kernel()) {
                t += 1_000 + timing.nextInt(20_000); // userspace reacts milliseconds later
            }
            final long uptime = line.kernel() && h.stamps ? h.uptimeMicros(t, startMicros) : -1;
            out.add(new FleetRecord(h.name, renderer.render(h.format, h.name, line.program(), line.pid(), line.text(),
                    t, uptime, line.kernel() ? 4 : 6), Math.floorDiv(t, 1_000L), true));
            t += 5 + timing.nextInt(40);
        }
        return out;
    }

    /** Era of a host of the fleet (tests and benchmarks pick hosts by era). */
    KernelEra eraOf(final int host) {
        return hosts[host].era;
    }
}
