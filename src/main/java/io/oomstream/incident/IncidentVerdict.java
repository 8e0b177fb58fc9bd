package io.oomstream.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The 'why' of an incident, in at most three sentences (the same text on the incidents topic, in the sink row, in
 * {@code analyze --incidents} and in the demo):
 * <ol>
 *   <li>what happened: the kills (one OOM-killer invocation that killed N processes at once is said so), the pod,
 *       whether the app container or a sidecar was killed, critical services, fleet-wide incidents;</li>
 *   <li>why: a cgroup limit or the host, swap and thrashing, the culprit against the victims ({@link Culprit}: only
 *       a holder that clearly dominates; equal holders are said to be equal), the dominant memory composition of
 *       the reports, and what would have prevented it;</li>
 *   <li>whether it is over: closed, still open, or, offline, the log ended.</li>
 * </ol>
 */
final class IncidentVerdict {

    /** Who the incident is about: the host and, for kills in a Kubernetes pod, the pod. */
    record Subject(String host, Incident.PodRef pod) {

        String name() {
            final String h = host == null ? "unnamed host" : host;
            if (pod == null || pod.uid() == null) {
                return h;
            }
            final String p = pod.name() == null ? pod.uid()
                    : pod.namespace() == null ? pod.name() : pod.namespace() + "/" + pod.name();
            return h + " pod " + p;
        }
    }

    private IncidentVerdict() {
    }

    /**
     * @param lastReportAt the latest report, kill or not (the quiet gap runs from it)
     * @param inputEnd     when the input ended with the incident still open ({@code analyze}), else null
     */
    static String host(final Subject subject, final IncidentStatus status, final String openedAt,
                       final String lastReportAt, final String closedAt, final Instant inputEnd, final KillStats stats,
                       final Culprit culprit, final List<String> fleetIncidents) {
        return what(subject, openedAt, lastReportAt, stats, fleetIncidents) + " " + why(stats, culprit) + " "
                + ending(status, lastReportAt, closedAt, inputEnd, stats.reportsWithoutKill() == 0 ? "kill"
                : "OOM report");
    }

    /** Sentence 1: the kills, the pod's containers, critical services, fleet-wide incidents. */
    private static String what(final Subject subject, final String openedAt, final String lastReportAt,
                               final KillStats stats, final List<String> fleetIncidents) {
        final StringBuilder b = new StringBuilder();
        b.append(subject.name()).append(": ").append(stats.kills() == 0
                ? withoutKillPhrase(stats, openedAt, lastReportAt) : killsPhrase(stats, openedAt, lastReportAt));
        if (stats.kills() > 0 && stats.reportsWithoutKill() > 0) {
            b.append(", and ").append(withoutKillCount(stats.reportsWithoutKill()));
        }
        final String containers = containersPhrase(stats);
        if (containers != null) {
            b.append("; ").append(containers);
        }
        if (!stats.criticalServices().isEmpty()) {
            b.append("; critical service ").append(String.join(", ", stats.criticalServices())).append(" was hit");
        }
        if (!fleetIncidents.isEmpty()) {
            b.append("; part of fleet-wide incident ").append(String.join(", ", fleetIncidents));
        }
        return b.append('.').toString();
    }

    /** Whether the pod's app or only a sidecar was killed; null when no killed container's role is known. */
    private static String containersPhrase(final KillStats stats) {
        final List<String> apps = stats.appContainers();
        final List<String> sidecars = stats.sidecarContainers();
        if (!apps.isEmpty()) {
            return "the app container " + Culprit.and(apps) + " was killed"
                    + (sidecars.isEmpty() ? "" : ", and sidecar " + Culprit.and(sidecars));
        }
        if (!sidecars.isEmpty()) {
            return "only sidecar " + Culprit.and(sidecars) + " was killed, not the app container";
        }
        return null;
    }

    /** Sentence 2: limit or host, swap and thrashing, culprit against victims, composition, prevention. */
    private static String why(final KillStats stats, final Culprit culprit) {
        final List<String> parts = new ArrayList<>();
        final String scope = scopePhrase(stats);
        if (scope != null) {
            parts.add(scope);
        }
        final String composition = stats.compositions().isEmpty() ? null : clause(stats.compositions().get(0));
        if (stats.swapExhausted() && (composition == null || !composition.startsWith("swap"))) {
            parts.add("swap was exhausted"); // else the composition clause says it, with the numbers
        }
        if (stats.hangSuspected()) {
            parts.add("a report took " + stats.maxReportSeconds()
                    + " s to reach the log, so the host was thrashing and may hang");
        }
        if (culprit != null) {
            parts.add(culprit.reading());
        } else if (stats.topHolders().isEmpty()) {
            parts.add("the reports show no task table, so who held the memory is unknown");
        } else {
            parts.add(Culprit.equalShares(stats.topHolders()));
        }
        if (composition != null) {
            // Quoted from the event's analysis; kept one clause so the verdict stays within its three sentences.
            parts.add(composition);
        }
        final String prevention = prevention(stats, culprit);
        if (prevention != null) {
            parts.add(prevention + " would have prevented it");
        }
        final String joined = String.join("; ", parts);
        return Character.toUpperCase(joined.charAt(0)) + joined.substring(1) + ".";
    }

    /** Whether a cgroup limit or the host ran out; null when the kills say neither (userspace killers). */
    private static String scopePhrase(final KillStats stats) {
        final List<String> limits = stats.memcgLimits();
        if (!limits.isEmpty() && !stats.hostWide()) {
            return "it was the memory limit" + (limits.size() == 1 ? "" : "s") + " of " + Culprit.and(limits)
                    + " that ran out, not the host's memory";
        }
        if (!limits.isEmpty()) {
            return "the host ran out of memory, and so did the limit" + (limits.size() == 1 ? "" : "s") + " of "
                    + Culprit.and(limits);
        }
        return stats.hostWide() ? "the host itself ran out of memory (no cgroup limit was hit)" : null;
    }

    /** What would have kept the kills from happening, from the culprit and the limit; null when nothing tells. */
    private static String prevention(final KillStats stats, final Culprit culprit) {
        final boolean limitOnly = !stats.memcgLimits().isEmpty() && !stats.hostWide();
        if (culprit != null && culprit.amongVictims() && culprit.processes() > 1) {
            return "fewer " + culprit.name() + " processes (a cap on their number that fits "
                    + (limitOnly ? "the limit" : "the memory") + ")";
        }
        if (culprit != null && !culprit.amongVictims() && !stats.victims().isEmpty()) {
            return "a memory limit on " + culprit.name() + " (so that it, not its neighbours, runs out)";
        }
        if (culprit != null && culprit.amongVictims()) {
            return limitOnly ? "a limit above " + culprit.name() + "'s peak, or a cap on its own growth"
                    : "more memory for " + culprit.name() + ", or a cap on its own growth";
        }
        if (stats.topHolders().isEmpty() && stats.compositions().isEmpty()) {
            return null;
        }
        return limitOnly ? "a higher limit on " + Culprit.and(stats.memcgLimits()) + " or less load inside it"
                : stats.hostWide() ? "more memory (RAM or swap) or memory limits on the largest holders" : null;
    }

    /** A quoted sentence as one clause: no full stop inside or at its end. */
    private static String clause(final String sentence) {
        final String s = sentence.strip().replace(". ", "; ");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    static String fleet(final String groupBy, final String groupValue, final List<String> hosts,
                        final IncidentStatus status, final String openedAt, final String lastKillAt,
                        final String closedAt, final Instant inputEnd, final KillStats stats) {
        return "Fleet-wide: " + hosts.size() + " hosts of " + groupBy + " " + groupValue + " ("
                + String.join(", ", hosts) + ") lost processes to the OOM killer; "
                + killsPhrase(stats, openedAt, lastKillAt)
                + (stats.criticalServices().isEmpty() ? "" : "; critical service "
                + String.join(", ", stats.criticalServices()) + " was hit")
                + "; suspect a bad deploy or a fleet-wide change in load rather than one bad host. "
                + ending(status, lastKillAt, closedAt, inputEnd, "kill");
    }

    private static String killsPhrase(final KillStats stats, final String openedAt, final String lastKillAt) {
        final Duration span = Duration.between(Times.parse(openedAt), Times.parse(lastKillAt));
        final String what = stats.victims().isEmpty() ? "" : " (" + String.join(", ", stats.victims()) + ")";
        if (stats.kills() == 1) {
            return "the OOM killer killed 1 process" + what;
        }
        final int runs = stats.invocations();
        if (runs == 1 && stats.sameInvocationKills() > 0) {
            return "one OOM-killer invocation killed " + stats.kills() + " processes" + what
                    + " at once (a memory.oom.group cgroup, or processes sharing the victim's memory)";
        }
        if (stats.sameInvocationKills() > 0) {
            return "the OOM killer ran " + runs + " times in " + Times.human(span) + " and killed " + stats.kills()
                    + " processes" + what;
        }
        return "the OOM killer killed " + stats.kills() + " processes" + what + " in " + Times.human(span);
    }

    /**
     * A report that never reached its kill line: the kernel may have killed nothing (no killable process) or the
     * host stopped logging mid-report, typically because it hung. Either way no kill is claimed.
     */
    private static String withoutKillPhrase(final KillStats stats, final String openedAt, final String lastReportAt) {
        final int n = stats.reportsWithoutKill();
        final Duration span = Duration.between(Times.parse(openedAt), Times.parse(lastReportAt));
        return withoutKillCount(n) + (n == 1 ? "" : " in " + Times.human(span)) + "; the OOM killer killed nothing "
                + "that the log shows";
    }

    private static String withoutKillCount(final int n) {
        return (n == 1 ? "an OOM report" : n + " OOM reports") + " without a kill (the host may have hung)";
    }

    /**
     * @param inputEnd when the input ended with the incident still open, else null
     * @param what     what joins an incident: "kill", or "OOM report" once it lists reports without a kill
     */
    private static String ending(final IncidentStatus status, final String lastKillAt, final String closedAt,
                                 final Instant inputEnd, final String what) {
        if (status == IncidentStatus.OPEN && inputEnd != null) {
            final Duration after = Duration.between(Times.parse(lastKillAt), inputEnd);
            return after.toMinutes() < 1 ? "The log ends with its last " + what + ", so whether more followed is unknown."
                    : "The log ends " + Times.human(after) + " after its last " + what + ", with no further one.";
        }
        if (status == IncidentStatus.CLOSED) {
            final Instant last = Times.parse(lastKillAt);
            return "Closed: no further " + what + " within " + Times.human(Duration.between(last, Times.parse(closedAt)))
                    + " of the last.";
        }
        return "Still open: further " + what + "s will join it.";
    }
}
