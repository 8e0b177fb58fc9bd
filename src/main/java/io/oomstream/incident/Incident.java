package io.oomstream.incident;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.oomstream.enrich.FleetHost;
import io.oomstream.enrich.FleetStatus;
import io.oomstream.event.Consumer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The kills of one host that came without a quiet gap between them, with everything an on-call needs:
 * who was killed, who held the memory, how bad it is and one sentence saying so. Every record carries the
 * whole current state; the incidents topic is compacted on {@code incident_id}.
 *
 * <p>An OOM report that shows no kill ({@link Kill#withoutKill()}: it never reached its kill line, the host
 * may have hung) takes part like a kill in the incident's timing and may raise its severity, but it is listed
 * apart ({@code reports_without_kill_listed}) and never counted in {@code kill_count}. An incident may hold
 * only such reports (kill count 0, {@code last_kill_at} null).
 *
 * @param incidentId      {@code <host key>:<event_id of the report that opened it>}
 * @param host            the host as its logs name it
 * @param fleet           the host's fleet metadata as of its latest report (null when unknown)
 * @param openedAt        ISO-8601 time of the first report (kill or not)
 * @param lastKillAt      ISO-8601 time of the latest kill; null when no report of it showed a kill
 * @param lastReportAt    ISO-8601 time of the latest report, kill or not: the quiet gap runs from here
 * @param closedAt        ISO-8601 time the quiet gap ran out after the last report; null while open
 * @param kills           the kills, oldest first (at most {@value #MAX_KILLS_LISTED}; older ones move into {@code omitted})
 * @param killCount       all kills, listed or omitted
 * @param reportsWithoutKill       all OOM reports that showed no kill, listed or omitted
 * @param reportsWithoutKillListed those reports, oldest first (at most {@value #MAX_KILLS_LISTED})
 * @param omitted         what the kills and reports no longer listed add up to; null when none was dropped
 * @param servicesHit     services hit, in order of first hit
 * @param culprit         the memory holder that clearly dominated across the reports ({@link Culprit}), against the
 *                        victims; null without task tables or when no holder dominated
 * @param topHolders      the largest memory holders across the reports
 * @param fleetIncidents  ids of fleet-wide incidents this one is part of
 * @param severityReasons the {@link SeverityRules} that fired
 * @param verdict         what happened, why, and what would have prevented it, in at most three sentences
 * @param podUid          the Kubernetes pod whose containers' kills this incident holds ({@link IncidentKeys}); absent
 *                        for kills outside any pod
 * @param namespace       that pod's namespace, when the pod metadata knew it
 * @param pod             that pod's name, likewise
 * @param invocations     how many times the OOM killer ran for these kills: one memory.oom.group invocation that killed
 *                        N processes is one (N kills, one invocation); absent in records written before it was counted
 */
public record Incident(String incidentId, IncidentScope scope, String host, FleetStatus fleetStatus, FleetHost fleet,
                       IncidentStatus status, String openedAt, String lastKillAt, String lastReportAt,
                       String closedAt, List<KillSummary> kills, int killCount, int reportsWithoutKill,
                       List<KillSummary> reportsWithoutKillListed, KillStats omitted, List<String> servicesHit,
                       Culprit culprit, List<Consumer> topHolders, boolean swapExhausted, boolean hangSuspected,
                       List<String> fleetIncidents, Severity severity, List<String> severityReasons, String verdict,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String podUid,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String namespace,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String pod,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Integer invocations)
        implements IncidentRecord {

    /** Bounds the record (a crash-looping service can be killed every minute for hours). */
    public static final int MAX_KILLS_LISTED = 100;

    /** Null lists become empty. */
    public Incident {
        kills = kills == null ? List.of() : List.copyOf(kills);
        reportsWithoutKillListed = reportsWithoutKillListed == null ? List.of() : List.copyOf(reportsWithoutKillListed);
        servicesHit = servicesHit == null ? List.of() : List.copyOf(servicesHit);
        topHolders = topHolders == null ? List.of() : List.copyOf(topHolders);
        fleetIncidents = fleetIncidents == null ? List.of() : List.copyOf(fleetIncidents);
        severityReasons = severityReasons == null ? List.of() : List.copyOf(severityReasons);
    }

    /** A new open incident of one kill (or one report without a kill). */
    static Incident open(final Kill kill) {
        final KillSummary k = kill.summary();
        return assemble(kill.hostKey() + ":" + k.eventId(), k.host(), kill.fleetStatus(), kill.fleet(),
                IncidentStatus.OPEN, k.time(), null, kill.withoutKill() ? List.of() : List.of(k),
                kill.withoutKill() ? List.of(k) : List.of(), null, List.of(),
                new PodRef(k.podUid(), k.namespace(), k.pod()), null);
    }

    /**
     * With {@code kill} added, or replacing the report of the same event id (a report re-emitted with its kill
     * line moves from the reports without a kill to the kills); fleet metadata from the kill.
     */
    Incident with(final Kill kill) {
        final String id = kill.summary().eventId();
        if (kill.withoutKill() && kills.stream().anyMatch(k -> k.eventId().equals(id))) {
            return this; // a kill once seen does not un-happen when its report is emitted again without it
        }
        final List<KillSummary> killed = new ArrayList<>(kills);
        final List<KillSummary> without = new ArrayList<>(reportsWithoutKillListed);
        killed.removeIf(k -> k.eventId().equals(id));
        without.removeIf(k -> k.eventId().equals(id));
        (kill.withoutKill() ? without : killed).add(kill.summary());
        KillStats dropped = omitted;
        dropped = sortAndCap(killed, false, dropped);
        dropped = sortAndCap(without, true, dropped);
        final String opened = Times.format(Times.min(firstReport(), kill.time()));
        final KillSummary k = kill.summary();
        final PodRef where = new PodRef(podUid, namespace != null ? namespace : k.namespace(),
                pod != null ? pod : k.pod());
        return assemble(incidentId, host, kill.fleetStatus(), kill.fleet(), status, opened, closedAt, killed, without,
                dropped, fleetIncidents, where, null);
    }

    /** Sorts by time and moves the oldest beyond the limit into {@code dropped}, which it returns. */
    private static KillStats sortAndCap(final List<KillSummary> list, final boolean withoutKill,
                                        final KillStats dropped) {
        list.sort(Comparator.comparing(k -> Times.parse(k.time())));
        KillStats out = dropped;
        while (list.size() > MAX_KILLS_LISTED) {
            final List<KillSummary> oldest = List.of(list.remove(0));
            out = (withoutKill ? KillStats.withoutKill(oldest) : KillStats.of(oldest)).plus(out);
        }
        return out;
    }

    /** Closed at {@code at} (or reopened with null). */
    Incident closed(final Instant at) {
        return assemble(incidentId, host, fleetStatus, fleet, at == null ? IncidentStatus.OPEN : IncidentStatus.CLOSED,
                openedAt, Times.format(at), kills, reportsWithoutKillListed, omitted, fleetIncidents, where(), null);
    }

    /**
     * This open incident as it stands when its input ended ({@code analyze} at the end of a file): still open by the
     * quiet gap, but the verdict says the log ended rather than that further kills will join it.
     */
    Incident atEndOfInput(final Instant end) {
        return status != IncidentStatus.OPEN ? this : assemble(incidentId, host, fleetStatus, fleet, status, openedAt,
                closedAt, kills, reportsWithoutKillListed, omitted, fleetIncidents, where(), end);
    }

    /** Marked as part of a fleet-wide incident. */
    Incident withFleetIncident(final String fleetIncidentId) {
        if (fleetIncidents.contains(fleetIncidentId)) {
            return this;
        }
        final List<String> ids = new ArrayList<>(fleetIncidents);
        ids.add(fleetIncidentId);
        return assemble(incidentId, host, fleetStatus, fleet, status, openedAt, closedAt, kills,
                reportsWithoutKillListed, omitted, ids, where(), null);
    }

    /** Whether the report of {@code eventId} is listed, as a kill or as a report without a kill. */
    boolean lists(final String eventId) {
        return kills.stream().anyMatch(k -> k.eventId().equals(eventId))
                || reportsWithoutKillListed.stream().anyMatch(k -> k.eventId().equals(eventId));
    }

    /** The pod this incident is about, all null outside any pod. */
    record PodRef(String uid, String namespace, String name) {
    }

    private PodRef where() {
        return new PodRef(podUid, namespace, pod);
    }

    @JsonIgnore
    Instant firstReport() {
        return Times.parse(openedAt);
    }

    @JsonIgnore
    Instant lastReport() {
        return Times.parse(lastReportAt);
    }

    private static Incident assemble(final String id, final String host, final FleetStatus fleetStatus,
                                     final FleetHost fleet, final IncidentStatus status, final String opened,
                                     final String closedAt, final List<KillSummary> kills,
                                     final List<KillSummary> without, final KillStats omitted,
                                     final List<String> fleetIncidents, final PodRef where,
                                     final Instant inputEnd) {
        final KillStats stats = KillStats.of(kills).plus(KillStats.withoutKill(without)).plus(omitted);
        final SeverityRules.Assessment a = SeverityRules.assess(stats, !fleetIncidents.isEmpty());
        final Culprit culprit = Culprit.of(stats);
        // Lists are kept sorted by time and only the oldest are ever dropped, so the last listed is the latest.
        final String lastKill = kills.isEmpty() ? null : kills.get(kills.size() - 1).time();
        final String lastWithout = without.isEmpty() ? null : without.get(without.size() - 1).time();
        final String lastReport = lastKill == null ? lastWithout : lastWithout == null ? lastKill
                : Times.format(Times.max(Times.parse(lastKill), Times.parse(lastWithout)));
        return new Incident(id, IncidentScope.HOST, host, fleetStatus, fleet, status, opened, lastKill, lastReport,
                closedAt, kills, stats.kills(), stats.reportsWithoutKill(), without, omitted, stats.services(), culprit,
                stats.topHolders(), stats.swapExhausted(), stats.hangSuspected(), fleetIncidents, a.severity(),
                a.reasons(), IncidentVerdict.host(new IncidentVerdict.Subject(host, where), status, opened, lastReport,
                        closedAt, inputEnd, stats, culprit, fleetIncidents),
                where.uid(), where.namespace(), where.name(), stats.invocations());
    }
}
