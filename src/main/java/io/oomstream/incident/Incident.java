package io.oomstream.incident;

import com.fasterxml.jackson.annotation.JsonIgnore;
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
 * @param incidentId      {@code <host key>:<event_id of the kill that opened it>}
 * @param host            the host as its logs name it
 * @param fleet           the host's fleet metadata as of its latest kill (null when unknown)
 * @param openedAt        ISO-8601 time of the first kill
 * @param lastKillAt      ISO-8601 time of the latest kill
 * @param closedAt        ISO-8601 time the quiet gap ran out after the last kill; null while open
 * @param kills           the kills, oldest first (at most {@value #MAX_KILLS_LISTED}; older ones move into {@code omitted})
 * @param killCount       all kills, listed or omitted
 * @param omitted         what the kills no longer listed add up to; null when none was dropped
 * @param servicesHit     services hit, in order of first hit
 * @param culprit         the largest memory holder across the reports against the victims; null without task tables
 * @param topHolders      the largest memory holders across the reports
 * @param fleetIncidents  ids of fleet-wide incidents this one is part of
 * @param severityReasons the {@link SeverityRules} that fired
 */
public record Incident(String incidentId, IncidentScope scope, String host, FleetStatus fleetStatus, FleetHost fleet,
                       IncidentStatus status, String openedAt, String lastKillAt, String closedAt,
                       List<KillSummary> kills, int killCount, KillStats omitted, List<String> servicesHit,
                       Culprit culprit, List<Consumer> topHolders, boolean swapExhausted, boolean hangSuspected,
                       List<String> fleetIncidents, Severity severity, List<String> severityReasons, String verdict)
        implements IncidentRecord {

    /** Bounds the record (a crash-looping service can be killed every minute for hours). */
    public static final int MAX_KILLS_LISTED = 100;

    /** Null lists become empty. */
    public Incident {
        kills = kills == null ? List.of() : List.copyOf(kills);
        servicesHit = servicesHit == null ? List.of() : List.copyOf(servicesHit);
        topHolders = topHolders == null ? List.of() : List.copyOf(topHolders);
        fleetIncidents = fleetIncidents == null ? List.of() : List.copyOf(fleetIncidents);
        severityReasons = severityReasons == null ? List.of() : List.copyOf(severityReasons);
    }

    /** A new open incident of one kill. */
    static Incident open(final Kill kill) {
        final KillSummary k = kill.summary();
        return assemble(kill.hostKey() + ":" + k.eventId(), k.host(), kill.fleetStatus(), kill.fleet(),
                IncidentStatus.OPEN, k.time(), null, List.of(k), null, List.of());
    }

    /** With {@code kill} added, or replacing the kill of the same event id; fleet metadata from the kill. */
    Incident with(final Kill kill) {
        final List<KillSummary> list = new ArrayList<>(kills);
        list.removeIf(k -> k.eventId().equals(kill.summary().eventId()));
        list.add(kill.summary());
        list.sort(Comparator.comparing(k -> Times.parse(k.time())));
        KillStats dropped = omitted;
        while (list.size() > MAX_KILLS_LISTED) {
            dropped = KillStats.of(List.of(list.remove(0))).plus(dropped);
        }
        final String opened = Times.format(Times.min(firstKill(), kill.time()));
        return assemble(incidentId, host, kill.fleetStatus(), kill.fleet(), status, opened, closedAt, list, dropped,
                fleetIncidents);
    }

    /** Closed at {@code at} (or reopened with null). */
    Incident closed(final Instant at) {
        return assemble(incidentId, host, fleetStatus, fleet, at == null ? IncidentStatus.OPEN : IncidentStatus.CLOSED,
                openedAt, Times.format(at), kills, omitted, fleetIncidents);
    }

    /** Marked as part of a fleet-wide incident. */
    Incident withFleetIncident(final String fleetIncidentId) {
        if (fleetIncidents.contains(fleetIncidentId)) {
            return this;
        }
        final List<String> ids = new ArrayList<>(fleetIncidents);
        ids.add(fleetIncidentId);
        return assemble(incidentId, host, fleetStatus, fleet, status, openedAt, closedAt, kills, omitted, ids);
    }

    /** Whether the kill of {@code eventId} is listed. */
    boolean lists(final String eventId) {
        return kills.stream().anyMatch(k -> k.eventId().equals(eventId));
    }

    @JsonIgnore
    Instant firstKill() {
        return Times.parse(openedAt);
    }

    @JsonIgnore
    Instant lastKill() {
        return Times.parse(lastKillAt);
    }

    private static Incident assemble(final String id, final String host, final FleetStatus fleetStatus,
                                     final FleetHost fleet, final IncidentStatus status, final String opened,
                                     final String closedAt, final List<KillSummary> kills, final KillStats omitted,
                                     final List<String> fleetIncidents) {
        final KillStats stats = KillStats.of(kills).plus(omitted);
        final SeverityRules.Assessment a = SeverityRules.assess(stats, !fleetIncidents.isEmpty());
        final Culprit culprit = Culprit.of(stats);
        // Kills are kept sorted by time and only the oldest are ever dropped, so the last listed is the latest.
        final String last = kills.get(kills.size() - 1).time();
        return new Incident(id, IncidentScope.HOST, host, fleetStatus, fleet, status, opened, last, closedAt, kills,
                stats.kills(), omitted, stats.services(), culprit, stats.topHolders(), stats.swapExhausted(),
                stats.hangSuspected(), fleetIncidents, a.severity(), a.reasons(),
                IncidentVerdict.host(host, status, opened, last, closedAt, stats, culprit, fleetIncidents));
    }
}
