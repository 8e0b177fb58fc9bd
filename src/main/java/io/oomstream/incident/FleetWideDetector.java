package io.oomstream.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Detects fleet-wide incidents, one {@link FleetGroup} at a time. A pure state machine like
 * {@link IncidentTracker}: the caller keeps the {@link GroupState}, feeds the group's kills with the time it
 * saw them and advances it with its clock.
 *
 * <p>The rule: when kills of the group on at least {@code fleetWideMinHosts} distinct hosts (default 3)
 * lie within {@code fleetWideSpan} (default 10 min) of log time, a fleet-wide incident opens with those kills;
 * every later kill of the group within the quiet gap of the incident's last kill joins it (one more host
 * or not: the deploy is still bad); it closes after the quiet gap like a host incident. Each kill that joins
 * yields a {@link FleetFlag} for its host's incident. Re-emitted kills replace, never add.
 */
public final class FleetWideDetector {

    /** Bounds the recent kills kept per group (a flood of kills of one service on one host). */
    static final int MAX_RECENT = 500;

    /** The new state (null: forget the group), the fleet incidents and the host flags to emit. */
    public record Step(GroupState state, List<FleetIncident> incidents, List<FleetFlag> flags) {
    }

    private final IncidentSettings settings;

    public FleetWideDetector(final IncidentSettings settings) {
        this.settings = settings;
    }

    /**
     * One kill of the group seen at {@code seenAt} on the caller's clock. A report without a kill is no kill: it
     * changes nothing here.
     */
    public Step onKill(final GroupState state, final FleetGroup group, final Kill kill, final Instant seenAt) {
        if (kill.withoutKill()) {
            return new Step(state, List.of(), List.of());
        }
        final KillSummary k = kill.summary();
        final Instant t = kill.time();
        final Instant before = state == null ? t : groupNow(state, seenAt);
        final List<FleetIncident> incidents = new ArrayList<>();
        final List<FleetFlag> flags = new ArrayList<>();
        FleetIncident open = state == null ? null : state.open();
        if (open != null && (open.lists(k.eventId()) || !t.isAfter(open.lastKill().plus(settings.quietGap())))) {
            final boolean isNew = !open.lists(k.eventId());
            open = open.with(k);
            incidents.add(open);
            if (isNew) {
                flags.add(new FleetFlag(k.host(), k.eventId(), open.incidentId(), k.podUid()));
            }
        } else if (open != null) {
            incidents.add(open.closed(open.lastKill().plus(settings.quietGap())));
            open = null;
        }
        final List<KillSummary> recent = recent(state, k, t);
        if (open == null && hosts(recent) >= settings.fleetWideMinHosts()) {
            open = FleetIncident.open(group.groupBy(), group.value(), recent);
            incidents.add(open);
            for (final KillSummary r : recent) {
                flags.add(new FleetFlag(r.host(), r.eventId(), open.incidentId(), r.podUid()));
            }
        }
        final Instant clock = Times.max(before, t);
        return new Step(new GroupState(group, recent, open, clock.toEpochMilli(), seenAt.toEpochMilli()), incidents,
                flags);
    }

    /**
     * Closes the open fleet-wide incident after the quiet gap; forgets a group with nothing recent. Returns the
     * very {@code state} instance when nothing changed.
     */
    public Step advance(final GroupState state, final Instant now) {
        if (state == null) {
            return new Step(null, List.of(), List.of());
        }
        final Instant groupNow = groupNow(state, now);
        final List<FleetIncident> incidents = new ArrayList<>();
        FleetIncident open = state.open();
        if (open != null && !groupNow.isBefore(open.lastKill().plus(settings.quietGap()))) {
            incidents.add(open.closed(open.lastKill().plus(settings.quietGap())));
            open = null;
        }
        final Instant newest = state.recent().isEmpty() ? Instant.ofEpochMilli(state.clockAt())
                : Times.parse(state.recent().get(state.recent().size() - 1).time());
        if (open == null && !groupNow.isBefore(newest.plus(settings.fleetWideSpan()).plus(settings.quietGap()))) {
            return new Step(null, incidents, List.of());
        }
        if (incidents.isEmpty()) {
            // The same instance: callers skip writing an unchanged state.
            return new Step(state, incidents, List.of());
        }
        return new Step(new GroupState(state.group(), state.recent(), open, state.clockAt(), state.clockSetAt()),
                incidents, List.of());
    }

    /** The group's kills within the span of the newest one, this one included (replacing a re-emission). */
    private List<KillSummary> recent(final GroupState state, final KillSummary k, final Instant t) {
        final List<KillSummary> all = new ArrayList<>(state == null ? List.of() : state.recent());
        all.removeIf(r -> r.eventId().equals(k.eventId()));
        all.add(k);
        all.sort(java.util.Comparator.comparing(r -> Times.parse(r.time())));
        final Instant newest = Times.parse(all.get(all.size() - 1).time());
        final Duration span = settings.fleetWideSpan();
        all.removeIf(r -> Times.parse(r.time()).isBefore(newest.minus(span)));
        while (all.size() > MAX_RECENT) {
            all.remove(0);
        }
        return all;
    }

    private static long hosts(final List<KillSummary> kills) {
        return kills.stream().map(k -> io.oomstream.enrich.HostNames.key(k.host())).distinct().count();
    }

    private static Instant groupNow(final GroupState s, final Instant now) {
        return Instant.ofEpochMilli(s.clockAt()).plusMillis(Math.max(0, now.toEpochMilli() - s.clockSetAt()));
    }
}
