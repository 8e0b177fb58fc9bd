package io.oomstream.offline;

import io.oomstream.count.InMemoryKillCountStore;
import io.oomstream.count.InMemoryLedgerStore;
import io.oomstream.count.KillCounter;
import io.oomstream.count.KillLedger;
import io.oomstream.enrich.EnrichedEvent;
import io.oomstream.enrich.PodIndex;
import io.oomstream.enrich.FleetIndex;
import io.oomstream.event.OomEvent;
import io.oomstream.incident.IncidentEngine;
import io.oomstream.incident.IncidentRecord;
import io.oomstream.incident.IncidentSettings;
import io.oomstream.incident.Kill;
import io.oomstream.count.KillCount;
import io.oomstream.count.KillCountKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code analyze --fleet/--incidents/--counts}: the topology's enrichment, incidents and kill counts run over
 * the final events of an offline analysis, with log time as the only clock.
 *
 * <p>Kills are collected and replayed in log-time order at the end, because final events leave the stitcher
 * in the order they become final, not strictly in log order. At the end of input an incident whose quiet gap
 * has not passed by the newest log time stays open (its verdict says the log ended rather than that kills will
 * join it), and every kill-count window is emitted, closed or not.
 * A kill whose log shows no time at all takes the newest log time of the kills before it. Not thread-safe.
 */
public final class OfflineIncidents {

    private final FleetIndex fleet;
    private PodIndex pods;
    private final IncidentSettings settings;
    private final List<Kill> kills = new ArrayList<>();
    private Instant newest = Instant.EPOCH;

    /** @param fleet fleet metadata, or null for none (every host unknown) */
    public OfflineIncidents(final FleetIndex fleet, final IncidentSettings settings) {
        this.fleet = fleet;
        this.settings = settings;
    }

    /** Pod metadata the events are also enriched with ({@code analyze --pods}), as the topology's pods table. */
    public OfflineIncidents withPods(final PodIndex podIndex) {
        this.pods = podIndex;
        return this;
    }

    /** Enriches one final event and keeps it if it is a kill. */
    public EnrichedEvent accept(final OomEvent event) {
        final EnrichedEvent enriched = EnrichedEvent.withPods(event, fleet, pods);
        if (Kill.takesPart(enriched)) {
            final Kill kill = Kill.of(enriched, newest);
            newest = newest.isAfter(kill.time()) ? newest : kill.time();
            kills.add(kill);
        }
        return enriched;
    }

    /** Every incident in its final state, in order of first emission. */
    public List<IncidentRecord> incidents() {
        final IncidentEngine engine = new IncidentEngine(settings, r -> { });
        for (final Kill k : inOrder(new KillLedger(settings, new InMemoryLedgerStore(), (d, item, time) -> { }))) {
            engine.onKill(k, k.time());
        }
        engine.advance(newest);
        return engine.incidentsAtEndOfInput(newest);
    }

    /**
     * Every kill-count window in its final state, in window order: the topology's {@link KillLedger} and
     * {@link KillCounter}, over in-memory stores, with log time as the only clock. Kills are replayed in log order,
     * so only kills with equal times could arrive late, and a window emitted again replaces its earlier record
     * here. A kill emitted again with other dimensions moves, as in the topology; a window it leaves empty is
     * left out.
     */
    public List<KillCount> counts() {
        final KillCounter counter = new KillCounter(settings, new InMemoryKillCountStore());
        final Map<KillCountKey, KillCount> out = new LinkedHashMap<>();
        final KillLedger ledger = new KillLedger(settings, new InMemoryLedgerStore(), (dimensions, item, time) ->
                counter.apply(dimensions, item, Instant.ofEpochMilli(time)).emitted().forEach(c -> out.put(c.key(), c)));
        for (final Kill k : inOrder(ledger)) {
            ledger.count(k, KillLedger.NO_WALL_CLOCK);
        }
        counter.flush().forEach(c -> out.put(c.key(), c));
        final List<KillCount> counts = new ArrayList<>(out.values());
        counts.removeIf(c -> c.count() == 0);
        counts.sort(Comparator.comparing(c -> Instant.parse(c.windowStart())));
        return counts;
    }

    /** The kills in log-time order, each marked by {@code ledger} as the topology marks them: first seen or a repeat. */
    private List<Kill> inOrder(final KillLedger ledger) {
        final List<Kill> sorted = new ArrayList<>(kills);
        sorted.sort(Comparator.comparing(Kill::time));
        return sorted.stream().map(k -> k.seen(ledger.see(k, KillLedger.NO_WALL_CLOCK))).toList();
    }
}
