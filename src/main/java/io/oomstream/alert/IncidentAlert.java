package io.oomstream.alert;

import io.oomstream.enrich.FleetHost;
import io.oomstream.incident.FleetIncident;
import io.oomstream.incident.Incident;
import io.oomstream.incident.IncidentRecord;
import io.oomstream.incident.IncidentStatus;
import io.oomstream.incident.KillSummary;
import io.oomstream.incident.Times;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one incident record says as an alert, before the time of posting decides {@code endsAt}.
 *
 * <p>Labels are a function of the record alone (no clock, no instance, no counter), so every instance that
 * reads the same record posts the same alert. They carry what routing trees match on: {@code alertname}
 * ({@value #HOST_ALERTNAME} or {@value #FLEET_ALERTNAME}), {@code incident_id} (one alert per incident, never
 * per kill), {@code severity}, {@code host}, {@code service} (the first service hit), and the fleet metadata
 * {@code team}, {@code environment}, {@code datacenter}, {@code role}. A label whose value is unknown is left
 * out (Alertmanager treats an empty label as absent anyway). Everything else, including what changes with
 * every kill, goes into annotations.
 *
 * @param incidentId  the incident's id
 * @param labels      the alert's identity
 * @param annotations the page
 * @param startsAt    the first kill
 * @param closedAt    null while the incident is open
 * @param link        the rendered link template
 */
public record IncidentAlert(String incidentId, SortedMap<String, String> labels, Map<String, String> annotations,
                            Instant startsAt, Instant closedAt, String link) {

    public static final String HOST_ALERTNAME = "OomKillIncident";
    public static final String FLEET_ALERTNAME = "OomKillFleetIncident";
    /** Victims listed in the annotation; the rest are counted. */
    static final int VICTIMS_LISTED = 10;
    /** The link's time range around the incident. */
    static final Duration LINK_MARGIN = Duration.ofMinutes(15);

    public IncidentAlert {
        labels = new TreeMap<>(labels);
        annotations = Map.copyOf(annotations);
    }

    /** The alert of {@code record}; {@code link} fills the link's placeholders. */
    public static IncidentAlert of(final IncidentRecord record, final LinkTemplate link) {
        return record instanceof Incident i ? host(i, link) : fleet((FleetIncident) record, link);
    }

    public boolean closed() {
        return closedAt != null;
    }

    private static IncidentAlert host(final Incident i, final LinkTemplate template) {
        final FleetHost fleet = i.fleet();
        final SortedMap<String, String> labels = new TreeMap<>();
        labels.put("alertname", HOST_ALERTNAME);
        labels.put("incident_id", i.incidentId());
        labels.put("scope", "host");
        put(labels, "severity", i.severity() == null ? null : i.severity().json());
        put(labels, "host", i.host());
        put(labels, "service", i.servicesHit().isEmpty() ? null : i.servicesHit().get(0));
        if (fleet != null) {
            put(labels, "team", fleet.team());
            put(labels, "environment", fleet.environment());
            put(labels, "datacenter", fleet.datacenter());
            put(labels, "role", fleet.role());
        }
        final Map<String, String> a = common(i, i.kills(), i.killCount(), i.servicesHit(), i.verdict(),
                i.severityReasons(), i.openedAt(), i.lastKillAt(), i.closedAt());
        a.put("summary", i.killCount() + " OOM kill" + plural(i.killCount()) + " on " + orUnknown(i.host())
                + services(i.servicesHit()) + ", severity " + labels.getOrDefault("severity", "unknown")
                + (i.status() == IncidentStatus.CLOSED ? " (closed)" : ""));
        if (i.culprit() != null) {
            a.put("culprit", i.culprit().reading());
        }
        if (fleet != null && fleet.owner() != null) {
            a.put("owner", fleet.owner());
        }
        if (!i.fleetIncidents().isEmpty()) {
            a.put("fleet_incidents", String.join(", ", i.fleetIncidents()));
        }
        return finish(i, labels, a, template);
    }

    private static IncidentAlert fleet(final FleetIncident f, final LinkTemplate template) {
        final SortedMap<String, String> labels = new TreeMap<>();
        labels.put("alertname", FLEET_ALERTNAME);
        labels.put("incident_id", f.incidentId());
        labels.put("scope", "fleet");
        put(labels, "severity", f.severity() == null ? null : f.severity().json());
        put(labels, "group_by", f.groupBy());
        // service=tomcat or role=web: the same label a host incident carries, so one route serves both.
        if ("service".equals(f.groupBy()) || "role".equals(f.groupBy())) {
            put(labels, f.groupBy(), f.groupValue());
        }
        final Map<String, String> a = common(f, f.kills(), f.killCount(), f.servicesHit(), f.verdict(),
                f.severityReasons(), f.openedAt(), f.lastKillAt(), f.closedAt());
        a.put("summary", f.killCount() + " OOM kill" + plural(f.killCount()) + " on " + f.hostCount() + " host"
                + plural(f.hostCount()) + " of " + f.groupBy() + " " + f.groupValue() + ", severity "
                + labels.getOrDefault("severity", "unknown") + (f.status() == IncidentStatus.CLOSED ? " (closed)" : ""));
        a.put("hosts", String.join(", ", f.hosts()));
        return finish(f, labels, a, template);
    }

    private static Map<String, String> common(final IncidentRecord r, final List<KillSummary> kills,
                                              final int killCount, final List<String> servicesHit,
                                              final String verdict, final List<String> reasons,
                                              final String openedAt, final String lastKillAt,
                                              final String closedAt) {
        final Map<String, String> a = new LinkedHashMap<>();
        put(a, "description", verdict);
        a.put("victims", victims(kills, killCount));
        a.put("kill_count", Integer.toString(killCount));
        if (!servicesHit.isEmpty()) {
            a.put("services_hit", String.join(", ", servicesHit));
        }
        if (!reasons.isEmpty()) {
            a.put("severity_reasons", String.join(", ", reasons));
        }
        put(a, "opened_at", openedAt);
        put(a, "last_kill_at", lastKillAt);
        put(a, "closed_at", closedAt);
        a.put("incident_id", r.incidentId());
        return a;
    }

    /** "java (pid 4242, service tomcat) on web-1 at 2026-...; ..." and how many more there were. */
    static String victims(final List<KillSummary> kills, final int killCount) {
        final List<String> parts = new ArrayList<>();
        // Newest first: the page is about what just happened.
        for (int n = kills.size() - 1; n >= 0 && parts.size() < VICTIMS_LISTED; n--) {
            final KillSummary k = kills.get(n);
            final StringBuilder s = new StringBuilder(orUnknown(k.victimName()));
            final List<String> detail = new ArrayList<>();
            if (k.victimPid() != null) {
                detail.add("pid " + k.victimPid());
            }
            if (k.service() != null) {
                detail.add("service " + k.service() + (k.criticalService() ? ", critical" : ""));
            }
            if (k.anonRssKb() != null) {
                detail.add("anon-rss " + k.anonRssKb() + " kB");
            }
            if (!detail.isEmpty()) {
                s.append(" (").append(String.join(", ", detail)).append(')');
            }
            s.append(" on ").append(orUnknown(k.host())).append(" at ").append(k.time());
            parts.add(s.toString());
        }
        final int more = killCount - parts.size();
        return String.join("; ", parts) + (more > 0 ? "; and " + more + " earlier kill" + plural(more) : "");
    }

    private static IncidentAlert finish(final IncidentRecord r, final SortedMap<String, String> labels,
                                        final Map<String, String> annotations, final LinkTemplate template) {
        final Instant opened = Times.parse(r.openedAt());
        final Instant closed = r.status() == IncidentStatus.CLOSED ? closedAt(r) : null;
        final Map<String, String> values = new LinkedHashMap<>();
        for (final String name : List.of("host", "service", "team", "environment", "datacenter", "incident_id")) {
            values.put(name, labels.get(name));
        }
        values.put("from", opened == null ? "now-24h" : Long.toString(opened.minus(LINK_MARGIN).toEpochMilli()));
        values.put("to", closed == null ? "now" : Long.toString(closed.plus(LINK_MARGIN).toEpochMilli()));
        final String link = template.render(values);
        annotations.put("dashboard", link);
        return new IncidentAlert(r.incidentId(), labels, annotations, opened, closed, link);
    }

    /** closed_at, or for a closed record without one (not per the schema) the last kill. */
    private static Instant closedAt(final IncidentRecord r) {
        final Instant at = Times.parse(r instanceof Incident i ? i.closedAt() : ((FleetIncident) r).closedAt());
        if (at != null) {
            return at;
        }
        return Times.parse(r instanceof Incident i ? i.lastKillAt() : ((FleetIncident) r).lastKillAt());
    }

    private static void put(final Map<String, String> map, final String key, final String value) {
        if (value != null && !value.isEmpty()) {
            map.put(key, value);
        }
    }

    private static String services(final List<String> services) {
        return services.isEmpty() ? "" : " (" + String.join(", ", services) + ")";
    }

    private static String orUnknown(final String s) {
        return s == null ? "unknown" : s;
    }

    private static String plural(final int n) {
        return n == 1 ? "" : "s";
    }
}
