package io.oomstream.app;

import io.oomstream.enrich.HostNames;
import io.oomstream.event.OomEvent;
import io.oomstream.event.TerminalText;
import io.oomstream.incident.FleetIncident;
import io.oomstream.incident.Incident;
import io.oomstream.incident.IncidentRecord;
import io.oomstream.incident.KillSummary;
import io.oomstream.incident.Times;
import io.oomstream.offline.TextReport;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the demo tells, for a newcomer: while the replay runs, one line whenever an incident of the seed write-ups
 * or a fleet-wide incident opens, changes (severity or kills) or closes, never the whole record on every update;
 * at the end, per seed host its events in time order and the verdict an operator would act on, and for the
 * generated fleet its incidents by severity, its fleet-wide incidents and the services that lost most processes.
 * The generated fleet's own events and host incidents are only counted: dozens of them would bury the story.
 * Thread-safe (the watcher's thread feeds it, the command's thread ends it).
 */
final class DemoStory {

    /** The header of the incident lines ({@link EventPrinter#incident}). */
    static final String COLUMNS = "change   severity  status  kills     opened at            where";

    /** Services listed in the closing summary. */
    static final int TOP_SERVICES = 5;

    private final Set<String> seedHosts;
    private final PrintStream out;
    private final Map<String, OomEvent> events = new LinkedHashMap<>();
    private final Map<String, IncidentRecord> incidents = new LinkedHashMap<>();
    private final Map<String, String> shownState = new HashMap<>();

    /** @param seedHosts the seed write-ups' host keys ({@link HostNames#key}) */
    DemoStory(final Set<String> seedHosts, final PrintStream out) {
        this.seedHosts = seedHosts;
        this.out = out;
    }

    /** An event (a re-emitted one replaces its earlier version). */
    synchronized void event(final OomEvent e) {
        events.put(e.eventId(), e);
    }

    /** An incident record: a line when a seed or fleet-wide incident opened, changed or closed. */
    synchronized void incident(final IncidentRecord r) {
        final IncidentRecord before = incidents.put(r.incidentId(), r);
        if (r instanceof Incident i && !isSeed(i.host())) {
            return;
        }
        final String state = r.status().json() + "|" + TextReport.severity(r) + "|" + kills(r);
        final String was = shownState.put(r.incidentId(), state);
        if (state.equals(was)) {
            return;
        }
        final String change = before == null ? "opened" : r.status() != before.status()
                ? r.status().json() : "changed";
        out.println(EventPrinter.incident(change, r));
    }

    /** The closing story: the seed hosts, then the generated fleet. */
    synchronized void finish(final long generatedLines, final int hosts) {
        final Map<String, List<OomEvent>> seedEvents = new LinkedHashMap<>();
        int fleetEvents = 0;
        for (final OomEvent e : events.values()) {
            if (isSeed(e.host())) {
                seedEvents.computeIfAbsent(e.host() == null ? "(no host)" : e.host(), h -> new ArrayList<>()).add(e);
            } else {
                fleetEvents++;
            }
        }
        out.println();
        out.println("The seed write-ups: each host's events in time order, then the verdict to act on");
        for (final Map.Entry<String, List<OomEvent>> h : seedEvents.entrySet()) {
            out.println("  " + TerminalText.visible(h.getKey()));
            final List<OomEvent> list = new ArrayList<>(h.getValue());
            list.sort(Comparator.comparing(e -> e.time() == null ? Instant.MAX : Times.parse(e.time())));
            list.forEach(e -> out.println("    " + EventPrinter.line(e, false)));
            final IncidentRecord worst = worstOf(h.getKey());
            if (worst != null) {
                out.print(EventPrinter.verdict(worst, "    => ", "       "));
            }
        }
        final List<IncidentRecord> fleet = new ArrayList<>();
        final Map<String, Integer> byService = new HashMap<>();
        final List<String> fleetWide = new ArrayList<>();
        for (final IncidentRecord r : incidents.values()) {
            if (r instanceof FleetIncident f) {
                fleet.add(r);
                fleetWide.add(TerminalText.visible(f.groupBy() + " " + f.groupValue()) + " (" + f.hostCount()
                        + " hosts)");
            } else if (r instanceof Incident i && !isSeed(i.host())) {
                fleet.add(r);
                for (final KillSummary k : i.kills()) {
                    final String s = k.service() != null ? k.service() : k.victimName();
                    if (s != null) {
                        byService.merge(s, 1, Integer::sum);
                    }
                }
            }
        }
        out.println();
        out.printf("The generated fleet (%d hosts, %,d lines): %d events, %d incidents%s%n", hosts, generatedLines,
                fleetEvents, fleet.size(), fleet.isEmpty() ? "" : " (" + TextReport.bySeverity(fleet) + ")");
        if (!fleetWide.isEmpty()) {
            final StringBuilder b = new StringBuilder();
            TextReport.wrap("fleet-wide: " + String.join(", ", fleetWide), "  ", b);
            out.print(b);
        }
        if (!byService.isEmpty()) {
            final List<String> top = byService.entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
                            .thenComparing(Map.Entry.comparingByKey()))
                    .limit(TOP_SERVICES).map(e -> TerminalText.visible(e.getKey()) + " " + e.getValue()).toList();
            out.println("  top services by kills: " + String.join(", ", top));
        }
    }

    /** The incident of {@code host} an operator should read first: the most severe, then the most kills. */
    private IncidentRecord worstOf(final String host) {
        IncidentRecord worst = null;
        for (final IncidentRecord r : incidents.values()) {
            if (r instanceof Incident i && (i.host() == null ? "(no host)" : i.host()).equals(host)
                    && (worst == null || TextReport.severity(r).compareTo(TextReport.severity(worst)) > 0
                    || TextReport.severity(r) == TextReport.severity(worst) && kills(r) > kills(worst))) {
                worst = r;
            }
        }
        return worst;
    }

    private boolean isSeed(final String host) {
        return host == null || seedHosts.contains(HostNames.key(host));
    }

    private static int kills(final IncidentRecord r) {
        return r instanceof Incident i ? i.killCount() + i.reportsWithoutKill() : ((FleetIncident) r).killCount();
    }
}
