package io.oomstream.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The plain sentence of an incident: what happened, how bad, who held the memory, whether it is over. */
final class IncidentVerdict {

    private IncidentVerdict() {
    }

    /** @param lastReportAt the latest report, kill or not (the quiet gap runs from it) */
    static String host(final String host, final IncidentStatus status, final String openedAt,
                       final String lastReportAt, final String closedAt, final KillStats stats, final Culprit culprit,
                       final List<String> fleetIncidents) {
        final StringBuilder b = new StringBuilder();
        b.append(host == null ? "unnamed host" : host).append(": ").append(stats.kills() == 0
                ? withoutKillPhrase(stats, openedAt, lastReportAt) : killsPhrase(stats, openedAt, lastReportAt));
        if (stats.kills() > 0 && stats.reportsWithoutKill() > 0) {
            b.append(", and ").append(withoutKillCount(stats.reportsWithoutKill()));
        }
        if (!stats.criticalServices().isEmpty()) {
            b.append("; critical service ").append(String.join(", ", stats.criticalServices())).append(" was hit");
        }
        if (stats.swapExhausted()) {
            b.append("; swap was exhausted");
        }
        if (stats.hangSuspected()) {
            b.append("; a report took ").append(stats.maxReportSeconds())
                    .append(" s to reach the log, so the host was thrashing and may hang");
        }
        b.append("; ").append(culprit == null
                ? "the reports show no task table, so who held the memory is unknown" : culprit.reading());
        if (!fleetIncidents.isEmpty()) {
            b.append("; part of fleet-wide incident ").append(String.join(", ", fleetIncidents));
        }
        b.append(". ").append(ending(status, lastReportAt, closedAt, stats.reportsWithoutKill() == 0 ? "kill"
                : "OOM report"));
        return b.toString();
    }

    static String fleet(final String groupBy, final String groupValue, final List<String> hosts,
                        final IncidentStatus status, final String openedAt, final String lastKillAt,
                        final String closedAt, final KillStats stats) {
        return "Fleet-wide: " + hosts.size() + " hosts of " + groupBy + " " + groupValue + " ("
                + String.join(", ", hosts) + ") lost processes to the OOM killer; "
                + killsPhrase(stats, openedAt, lastKillAt)
                + (stats.criticalServices().isEmpty() ? "" : "; critical service "
                + String.join(", ", stats.criticalServices()) + " was hit")
                + "; suspect a bad deploy or a fleet-wide change in load rather than one bad host. "
                + ending(status, lastKillAt, closedAt, "kill");
    }

    private static String killsPhrase(final KillStats stats, final String openedAt, final String lastKillAt) {
        final Duration span = Duration.between(Times.parse(openedAt), Times.parse(lastKillAt));
        final String what = stats.victims().isEmpty() ? "" : " (" + String.join(", ", stats.victims()) + ")";
        if (stats.kills() == 1) {
            return "the OOM killer killed 1 process" + what;
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

    /** @param what what joins an incident: "kill", or "OOM report" once it lists reports without a kill */
    private static String ending(final IncidentStatus status, final String lastKillAt, final String closedAt,
                                 final String what) {
        if (status == IncidentStatus.CLOSED) {
            final Instant last = Times.parse(lastKillAt);
            return "Closed: no further " + what + " within " + Times.human(Duration.between(last, Times.parse(closedAt)))
                    + " of the last.";
        }
        return "Still open: further " + what + "s will join it.";
    }
}
