package io.oomstream.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Groups one host's kills into incidents. A pure state machine: the caller keeps the {@link HostIncidents}
 * (a store in the topology, a map offline), feeds kills in order with the time it saw them, and calls
 * {@link #advance} with its clock; every method returns the new state and the records to emit.
 *
 * <p>Membership is decided by the kills' own log times: a kill joins the incident when it lies within the
 * quiet gap of the incident's kills, otherwise the incident is closed ({@code closed_at = last kill + gap})
 * and the kill opens a new one. So a replay gives the same incidents however fast it runs.
 *
 * <p>Closing without a further kill needs a clock. The host's clock is set to a kill's log time when the kill
 * is seen and then runs with the caller's clock (it never goes back): a quiet host's incident closes one gap
 * after its last kill was seen, and a host whose clock is off by hours is judged against its own clock.
 * Offline the caller's clock is log time, which makes the two the same.
 *
 * <p>Re-emitted events (same event id) replace their kill, never add one. A late kill within the gap of the
 * last closed incident joins it (reopening it only if the gap has not passed on the host's clock); a kill
 * already older than one gap on the host's clock forms an incident of its own, emitted closed. State is
 * dropped two gaps after the last kill, when no re-emission can come any more.
 */
public final class IncidentTracker {

    /** The new state (null: forget the host) and the records to emit, in order. */
    public record Step(HostIncidents state, List<Incident> emitted) {
    }

    private final Duration gap;

    public IncidentTracker(final IncidentSettings settings) {
        this.gap = settings.quietGap();
    }

    /** One kill of the host, seen at {@code seenAt} on the caller's clock. */
    public Step onKill(final HostIncidents state, final Kill kill, final Instant seenAt) {
        final Instant t = kill.time();
        final String id = kill.summary().eventId();
        // A state holding only early fleet flags has no log time yet: its clock is not the host's.
        final boolean noKills = state == null || state.open() == null && state.lastClosed() == null;
        final Instant before = noKills ? t : hostNow(state, seenAt);
        final List<Incident> out = new ArrayList<>();
        Incident open = state == null ? null : state.open();
        Incident closed = state == null ? null : state.lastClosed();
        if (kill.isRepeat() && !(open != null && open.lists(id)) && !(closed != null && closed.lists(id))) {
            // Already in an incident: no longer listed (past the list's limit) or an older closed one.
            return new Step(state, List.of());
        }
        if (open != null && (open.lists(id) || within(open, t))) {
            open = open.with(kill);
            out.add(open);
        } else if (closed != null && (closed.lists(id) || within(closed, t))) {
            closed = closed.with(kill);
            if (open == null && before.isBefore(closed.lastReport().plus(gap))) {
                open = closed.closed(null);
                closed = null;
                out.add(open);
            } else {
                closed = closed.closed(closed.lastReport().plus(gap));
                out.add(closed);
            }
        } else if (!before.isBefore(t.plus(gap))) {
            out.add(Incident.open(kill).closed(t.plus(gap)));
        } else {
            if (open != null) {
                closed = open.closed(open.lastReport().plus(gap));
                out.add(closed);
            }
            open = Incident.open(kill);
            out.add(open);
        }
        final Instant clock = Times.max(before, t);
        return applyPending(new HostIncidents(open, closed, clock.toEpochMilli(), seenAt.toEpochMilli(),
                state == null ? null : state.pendingFlags()), out);
    }

    /** A fleet-wide incident claims one of the host's kills (which may not have arrived yet). */
    public Step onFleetFlag(final HostIncidents state, final FleetFlag flag, final Instant seenAt) {
        final HostIncidents s = state != null ? state
                : new HostIncidents(null, null, seenAt.toEpochMilli(), seenAt.toEpochMilli(), null);
        final List<FleetFlag> pending = new ArrayList<>(s.pendingFlags());
        if (!pending.contains(flag)) {
            pending.add(flag);
        }
        return applyPending(new HostIncidents(s.open(), s.lastClosed(), s.clockAt(), s.clockSetAt(), pending),
                new ArrayList<>());
    }

    /**
     * Closes the open incident once the host's clock passes its last kill plus the gap; forgets stale state.
     * Returns the very {@code state} instance when nothing changed.
     */
    public Step advance(final HostIncidents state, final Instant now) {
        if (state == null) {
            return new Step(null, List.of());
        }
        final Instant hostNow = hostNow(state, now);
        Incident open = state.open();
        Incident closed = state.lastClosed();
        final List<Incident> out = new ArrayList<>();
        if (open != null && !hostNow.isBefore(open.lastReport().plus(gap))) {
            closed = open.closed(open.lastReport().plus(gap));
            open = null;
            out.add(closed);
        }
        final Instant forgetAt = closed != null ? closed.lastReport().plus(gap.multipliedBy(2))
                : Instant.ofEpochMilli(state.clockAt()).plus(gap.multipliedBy(2));
        if (open == null && !hostNow.isBefore(forgetAt)) {
            // Nothing can join any more and re-emissions are long over; flags still pending lost their kill.
            return new Step(null, out);
        }
        if (out.isEmpty()) {
            // The same instance: callers skip writing an unchanged state.
            return new Step(state, out);
        }
        return new Step(new HostIncidents(open, closed, state.clockAt(), state.clockSetAt(), state.pendingFlags()),
                out);
    }

    /** The host's clock at {@code now} on the caller's clock. */
    private static Instant hostNow(final HostIncidents s, final Instant now) {
        return Instant.ofEpochMilli(s.clockAt()).plusMillis(Math.max(0, now.toEpochMilli() - s.clockSetAt()));
    }

    private boolean within(final Incident incident, final Instant t) {
        return !t.isAfter(incident.lastReport().plus(gap)) && !t.isBefore(incident.firstReport().minus(gap));
    }

    /** Applies the flags whose kill is now known; an incident that changed is emitted once, in its last state. */
    private static Step applyPending(final HostIncidents s, final List<Incident> out) {
        Incident open = s.open();
        Incident closed = s.lastClosed();
        final List<FleetFlag> still = new ArrayList<>();
        for (final FleetFlag f : s.pendingFlags()) {
            if (open != null && open.lists(f.eventId())) {
                open = open.withFleetIncident(f.fleetIncidentId());
            } else if (closed != null && closed.lists(f.eventId())) {
                closed = closed.withFleetIncident(f.fleetIncidentId());
            } else {
                still.add(f);
            }
        }
        if (open != s.open()) {
            replace(out, open);
        }
        if (closed != s.lastClosed()) {
            replace(out, closed);
        }
        return new Step(new HostIncidents(open, closed, s.clockAt(), s.clockSetAt(), still), out);
    }

    private static void replace(final List<Incident> out, final Incident changed) {
        out.removeIf(i -> i.incidentId().equals(changed.incidentId()));
        out.add(changed);
    }
}
