package io.oomstream.incident;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Many hosts of one service or role hit within a short span: the signature of a bad deploy or a fleet-wide
 * change in load, not of one bad host. Emitted on the incidents topic with {@code scope: fleet} under the key
 * {@code fleet:<group_by>:<group_value>:<event_id of its first kill>}; the host incidents it spans list its id
 * in {@code fleet_incidents}. Opened when the rule of {@link FleetWideDetector} first holds, updated as kills
 * join (any kill of the group within the quiet gap of the last one), closed after the quiet gap.
 *
 * @param groupBy    {@code service} or {@code role}
 * @param groupValue the service or role name
 * @param hosts      the hosts hit, in order of first kill
 * @param kills      the kills, oldest first (at most {@value Incident#MAX_KILLS_LISTED}; older ones in {@code omitted})
 */
public record FleetIncident(String incidentId, IncidentScope scope, String groupBy, String groupValue,
                            IncidentStatus status, String openedAt, String lastKillAt, String closedAt,
                            List<String> hosts, int hostCount, List<KillSummary> kills, int killCount,
                            KillStats omitted, List<String> servicesHit, Severity severity,
                            List<String> severityReasons, String verdict) implements IncidentRecord {

    /** Null lists become empty. */
    public FleetIncident {
        hosts = hosts == null ? List.of() : List.copyOf(hosts);
        kills = kills == null ? List.of() : List.copyOf(kills);
        servicesHit = servicesHit == null ? List.of() : List.copyOf(servicesHit);
        severityReasons = severityReasons == null ? List.of() : List.copyOf(severityReasons);
    }

    /** A new open fleet-wide incident of the given kills (oldest first). */
    static FleetIncident open(final String groupBy, final String groupValue, final List<KillSummary> kills) {
        final List<KillSummary> sorted = sorted(kills);
        final String id = "fleet:" + groupBy + ":" + groupValue + ":" + sorted.get(0).eventId();
        return assemble(id, groupBy, groupValue, IncidentStatus.OPEN, sorted.get(0).time(), null, sorted, null);
    }

    /** With {@code kill} added, or replacing the kill of the same event id. */
    FleetIncident with(final KillSummary kill) {
        final List<KillSummary> list = new ArrayList<>(kills);
        list.removeIf(k -> k.eventId().equals(kill.eventId()));
        list.add(kill);
        final List<KillSummary> sorted = new ArrayList<>(sorted(list));
        KillStats dropped = omitted;
        while (sorted.size() > Incident.MAX_KILLS_LISTED) {
            dropped = KillStats.of(List.of(sorted.remove(0))).plus(dropped);
        }
        final String opened = Times.format(Times.min(firstKill(), Times.parse(kill.time())));
        return assemble(incidentId, groupBy, groupValue, status, opened, closedAt, sorted, dropped);
    }

    FleetIncident closed(final Instant at) {
        return assemble(incidentId, groupBy, groupValue, IncidentStatus.CLOSED, openedAt, Times.format(at), kills,
                omitted);
    }

    /** This open incident as it stands when the input ended ({@code analyze}): the verdict says the log ended. */
    FleetIncident atEndOfInput(final Instant end) {
        if (status != IncidentStatus.OPEN) {
            return this;
        }
        final KillStats stats = KillStats.of(kills).plus(omitted);
        return new FleetIncident(incidentId, scope, groupBy, groupValue, status, openedAt, lastKillAt, closedAt, hosts,
                hostCount, kills, killCount, omitted, servicesHit, severity, severityReasons,
                IncidentVerdict.fleet(groupBy, groupValue, hosts, status, openedAt, lastKillAt, closedAt, end, stats));
    }

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

    private static List<KillSummary> sorted(final List<KillSummary> kills) {
        return kills.stream().sorted(Comparator.comparing(k -> Times.parse(k.time()))).toList();
    }

    private static FleetIncident assemble(final String id, final String groupBy, final String groupValue,
                                          final IncidentStatus status, final String opened, final String closedAt,
                                          final List<KillSummary> kills, final KillStats omitted) {
        final KillStats stats = KillStats.of(kills).plus(omitted);
        final List<String> hosts = new ArrayList<>();
        for (final KillSummary k : kills) {
            if (k.host() != null && !hosts.contains(k.host())) {
                hosts.add(k.host());
            }
        }
        final SeverityRules.Assessment a = SeverityRules.assess(stats, true);
        final String last = kills.get(kills.size() - 1).time();
        return new FleetIncident(id, IncidentScope.FLEET, groupBy, groupValue, status, opened, last, closedAt, hosts,
                hosts.size(), kills, stats.kills(), omitted, stats.services(), a.severity(), a.reasons(),
                IncidentVerdict.fleet(groupBy, groupValue, hosts, status, opened, last, closedAt, null, stats));
    }
}
