package io.oomstream.incident;

import java.util.List;

/**
 * The fleet-wide detection state of one {@link FleetGroup} (the value of the fleet-wide store).
 *
 * @param group      the group
 * @param recent     the group's kills within the detection span of the newest, oldest first
 * @param open       the open fleet-wide incident, or null
 * @param clockAt    the group's clock (log time, epoch ms) when last set ...
 * @param clockSetAt ... and the caller's clock then (as {@link IncidentTracker} does for hosts)
 */
public record GroupState(FleetGroup group, List<KillSummary> recent, FleetIncident open, long clockAt,
                         long clockSetAt) {

    /** A null list becomes empty. */
    public GroupState {
        recent = recent == null ? List.of() : List.copyOf(recent);
    }
}
