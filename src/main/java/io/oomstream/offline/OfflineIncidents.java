package io.oomstream.offline;

import io.oomstream.enrich.EnrichedEvent;
import io.oomstream.enrich.FleetIndex;
import io.oomstream.event.OomEvent;
import io.oomstream.incident.IncidentEngine;
import io.oomstream.incident.IncidentRecord;
import io.oomstream.incident.IncidentSettings;
import io.oomstream.incident.Kill;
import io.oomstream.incident.KillCount;
import io.oomstream.incident.KillCounter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code analyze --fleet/--incidents/--counts}: the topology's enrichment, incidents and kill counts run over
 * the final events of an offline analysis, with log time as the only clock.
 *
 * <p>Kills are collected and replayed in log-time order at the end, because final events leave the stitcher
 * in the order they become final, not strictly in log order. At the end of input an incident whose quiet gap
 * has not passed by the newest log time stays open, and every kill-count window is emitted, closed or not.
 * A kill whose log shows no time at all takes the newest log time of the kills before it. Not thread-safe.
 */
public final class OfflineIncidents {

    private final FleetIndex fleet;
    private final IncidentSettings settings;
    private final List<Kill> kills = new ArrayList<>();
    private Instant newest = Instant.EPOCH;

    /** @param fleet fleet metadata, or null for none (every host unknown) */
    public OfflineIncidents(final FleetIndex fleet, final IncidentSettings settings) {
        this.fleet = fleet;
        this.settings = settings;
    }

    /** Enriches one final event and keeps it if it is a kill. */
    public EnrichedEvent accept(final OomEvent event) {
        final EnrichedEvent enriched = EnrichedEvent.of(event, fleet);
        if (enriched.isKill()) {
            final Kill kill = Kill.of(enriched, newest);
            newest = newest.isAfter(kill.time()) ? newest : kill.time();
            kills.add(kill);
        }
        return enriched;
    }

    /** Every incident in its final state, in order of first emission. */
    public List<IncidentRecord> incidents() {
        final IncidentEngine engine = new IncidentEngine(settings, r -> { });
        for (final Kill k : inOrder()) {
            engine.onKill(k, k.time());
        }
        engine.advance(newest);
        return engine.incidents();
    }

    /** Every kill-count window, in window order. */
    public List<KillCount> counts() {
        final KillCounter counter = new KillCounter(settings);
        final List<KillCount> out = new ArrayList<>();
        for (final Kill k : inOrder()) {
            out.addAll(counter.onKill(k));
        }
        out.addAll(counter.flush());
        return out;
    }

    private List<Kill> inOrder() {
        final List<Kill> sorted = new ArrayList<>(kills);
        sorted.sort(Comparator.comparing(Kill::time));
        return sorted;
    }
}
