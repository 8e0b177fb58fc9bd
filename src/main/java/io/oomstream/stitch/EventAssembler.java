package io.oomstream.stitch;

import io.oomstream.event.EventKind;
import io.oomstream.event.IncompleteReason;
import io.oomstream.event.OomEvent;
import io.oomstream.event.Trigger;
import io.oomstream.event.Victim;
import io.oomstream.kernel.Classified;
import io.oomstream.kernel.KernelGrammar;
import io.oomstream.kernel.LineKind;
import java.time.Instant;
import java.util.List;

/**
 * Turns a report's lines into an {@link OomEvent}: classifies each line again and lets
 * {@link ReportReader} collect the fields, then {@link ReportAnalysis} judges them.
 * Re-reading at emission keeps the per-line hot path to a classification only.
 */
final class EventAssembler {

    private final int maxTasksInEvent;

    EventAssembler(final int maxTasksInEvent) {
        this.maxTasksInEvent = maxTasksInEvent;
    }

    OomEvent assemble(final HostState s, final List<ReportLine> lines, final IncompleteReason reason) {
        return assemble(s, read(new ReportReader(), lines), lines.size(), reason);
    }

    /** Reads {@code lines} into {@code r}: the part of a report several events share can be read once. */
    static ReportReader read(final ReportReader r, final List<ReportLine> lines) {
        for (final ReportLine line : lines) {
            final Classified c = KernelGrammar.classifyAgain(line.message(), line.fromKernel());
            r.read(c, line);
        }
        return r;
    }

    /** The event of a report whose {@code lineCount} lines {@code r} has read (it is finished here). */
    OomEvent assemble(final HostState s, final ReportReader r, final int lineCount, final IncompleteReason reason) {
        r.finish();
        final boolean hasKill = r.killRead;
        final EventKind kind = !hasKill && s.allocFailure ? EventKind.ALLOC_FAILURE
                : r.isMemcg() ? EventKind.MEMCG_OOM_KILL : EventKind.OOM_KILL;
        final IncompleteReason finalReason = reason != null ? reason
                : (!hasKill && !s.allocFailure) ? IncompleteReason.NO_KILL_LINE : null;
        final boolean complete = finalReason == null;
        final ReportReader.Tasks tasks = r.tasks(maxTasksInEvent, s.gap || s.truncated);
        final Victim victim = r.victim();
        final Trigger trigger = r.trigger();
        final Long spanSeconds = s.firstMillis != null && s.lastMillis != null
                ? (s.lastMillis - s.firstMillis) / 1000 : null;
        final OomEvent draft = OomEvent.builder()
                .eventId(s.eventId).kind(kind).host(s.host)
                .time(iso(r.endMillis != null ? r.endMillis : s.lastMillis))
                .firstLineTime(iso(s.firstMillis))
                .uptimeSeconds(r.endUptimeMicros == null ? null : r.endUptimeMicros / 1_000_000.0)
                .complete(complete).incompleteReason(finalReason)
                .kernelEra(r.era() == null ? null : r.era().id())
                .kernelVersion(r.kernelVersion)
                .lineCount(lineCount)
                .killer(kind == EventKind.ALLOC_FAILURE || !hasKill ? null : "kernel")
                .trigger(trigger).constraint(r.constraint).oomScope(kind == EventKind.ALLOC_FAILURE ? null : r.oomScope())
                .oomMemcg(r.oomMemcg).taskMemcg(r.taskMemcg)
                .systemdUnit(s.systemdUnit)
                .victim(victim).reaped(s.reaped).memcg(r.memcg())
                .memInfo(r.memInfo.isEmpty() ? null : r.memInfo)
                .zones(r.zones()).buddy(r.buddy()).swap(r.swap()).ramKb(r.ramKb())
                .tasks(tasks.listed()).taskCount(tasks.count()).tasksOmitted(tasks.omitted())
                .build();
        return draft.toBuilder().analysis(ReportAnalysis.analyse(draft, r.allTaskRows(), spanSeconds,
                r.facts(tasks.count() != null), r.endedWithoutKill, r.killPrefix())).build();
    }

    OomEvent userspaceKill(final String host, final Classified c, final ReportLine line) {
        final boolean earlyoom = c.rule().id().startsWith("earlyoom");
        final Victim victim = earlyoom
                ? new Victim(c.intGroup("pid"), c.group("name"), c.longGroup("uid"), c.longGroup("score"),
                        null, null, null, null, null, null, null, null, null)
                : null;
        final String killer = earlyoom ? "earlyoom" : "systemd-oomd";
        final String verdict = earlyoom
                ? String.format("earlyoom sent %s to %s (pid %s, VmRSS %s MiB) before the kernel OOM killer had to act; "
                        + "this is a userspace kill, not a kernel OOM kill.", c.group("sig"), c.group("name"),
                        c.group("pid"), c.group("rssmib"))
                : "systemd-oomd killed cgroup " + c.group("cg") + " (" + c.group("why")
                        + "); this is a userspace kill, not a kernel OOM kill.";
        final io.oomstream.event.Analysis analysis = new io.oomstream.event.Analysis(null, null, null, null, null,
                null, verdict);
        return OomEvent.builder()
                .eventId(EventIds.of(Stitcher.hostKey(host), line)).kind(EventKind.USERSPACE_OOM_KILL).host(host)
                .time(iso(line.epochMillis())).firstLineTime(iso(line.epochMillis()))
                .complete(true).lineCount(1).killer(killer)
                .taskMemcg(earlyoom ? null : c.group("cg")).victim(victim)
                .analysis(analysis)
                .build();
    }

    OomEvent unitKill(final String host, final String unit, final boolean unitFailed, final Long millis,
                      final String firstLine, final String hostKey) {
        final String verdict = unitFailed
                ? "systemd unit " + unit + " lost a process to the OOM killer and the whole unit failed with "
                        + "result 'oom-kill' (systemd's default OOMPolicy=stop); set OOMPolicy=continue if one "
                        + "child's death should not take the service down. The kernel's report was not seen."
                : "systemd unit " + unit + " lost a process to the OOM killer; the kernel's report was not seen.";
        final io.oomstream.event.Analysis analysis = new io.oomstream.event.Analysis(null, null, null, null, null,
                null, verdict);
        return OomEvent.builder()
                .eventId(EventIds.of(hostKey, new ReportLine("systemd", firstLine, millis, null)))
                .kind(EventKind.UNIT_OOM_KILL).host(host).time(iso(millis)).firstLineTime(iso(millis))
                .complete(true).lineCount(unitFailed ? 2 : 1).killer("kernel").systemdUnit(unit)
                .analysis(analysis)
                .build();
    }

    static String iso(final Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis).toString();
    }

    /** Kinds that say "this line is the kill" for the event's time. */
    static boolean isEnd(final LineKind k) {
        return k == LineKind.KILL || k == LineKind.NO_VICTIM;
    }
}
