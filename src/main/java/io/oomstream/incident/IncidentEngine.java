package io.oomstream.incident;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Host incidents and fleet-wide detection together, in one process: what {@code analyze --incidents} runs.
 * The topology runs the same {@link IncidentTracker} and {@link FleetWideDetector}, split by partition key
 * (host, group) with the fleet flags travelling between them through a topic. Not thread-safe.
 */
public final class IncidentEngine {

    private final IncidentTracker tracker;
    private final FleetWideDetector detector;
    private final Map<String, HostIncidents> hosts = new HashMap<>();
    private final Map<String, GroupState> groups = new HashMap<>();
    private final Map<String, IncidentRecord> latest = new LinkedHashMap<>();
    private final Consumer<IncidentRecord> out;

    /** @param out receives every record as the topology would emit it (may be a no-op) */
    public IncidentEngine(final IncidentSettings settings, final Consumer<IncidentRecord> out) {
        this.tracker = new IncidentTracker(settings);
        this.detector = new FleetWideDetector(settings);
        this.out = out;
    }

    /** One kill, seen at {@code seenAt}. */
    public void onKill(final Kill kill, final Instant seenAt) {
        final String host = kill.incidentKey();
        final IncidentTracker.Step step = tracker.onKill(hosts.get(host), kill, seenAt);
        put(hosts, host, step.state());
        step.emitted().forEach(this::emit);
        if (kill.isRepeat() || kill.withoutKill()) {
            // A report without a kill is in the host's incident, never a kill of a fleet-wide one.
            return;
        }
        for (final FleetGroup g : FleetGroup.of(kill)) {
            final FleetWideDetector.Step fs = detector.onKill(groups.get(g.key()), g, kill, seenAt);
            put(groups, g.key(), fs.state());
            fs.incidents().forEach(this::emit);
            fs.flags().forEach(f -> flag(f, seenAt));
        }
    }

    /** Advances every host and group to {@code now}. */
    public void advance(final Instant now) {
        for (final String h : new ArrayList<>(hosts.keySet())) {
            final IncidentTracker.Step step = tracker.advance(hosts.get(h), now);
            put(hosts, h, step.state());
            step.emitted().forEach(this::emit);
        }
        for (final String g : new ArrayList<>(groups.keySet())) {
            final FleetWideDetector.Step step = detector.advance(groups.get(g), now);
            put(groups, g, step.state());
            step.incidents().forEach(this::emit);
        }
    }

    /** The latest state of every incident emitted so far, in order of first emission. */
    public List<IncidentRecord> incidents() {
        return List.copyOf(latest.values());
    }

    /**
     * The latest state of every incident when the input ended at {@code end} ({@code analyze}): an incident still
     * open by its quiet gap stays open, but its verdict says the log ended instead of promising further kills.
     */
    public List<IncidentRecord> incidentsAtEndOfInput(final Instant end) {
        final List<IncidentRecord> out = new ArrayList<>();
        for (final IncidentRecord r : latest.values()) {
            out.add(r instanceof Incident i ? i.atEndOfInput(end) : ((FleetIncident) r).atEndOfInput(end));
        }
        return out;
    }

    private void flag(final FleetFlag f, final Instant seenAt) {
        final String host = f.incidentKey();
        final IncidentTracker.Step step = tracker.onFleetFlag(hosts.get(host), f, seenAt);
        put(hosts, host, step.state());
        step.emitted().forEach(this::emit);
    }

    private void emit(final IncidentRecord r) {
        latest.put(r.incidentId(), r);
        out.accept(r);
    }

    private static <V> void put(final Map<String, V> map, final String key, final V value) {
        if (value == null) {
            map.remove(key);
        } else {
            map.put(key, value);
        }
    }
}
