package io.oomstream.incident;

import java.util.List;

/**
 * The incident state of one host (the value of the host-incidents store).
 *
 * @param open         the open incident, or null
 * @param lastClosed   the latest closed incident, kept a while for re-emitted and late kills; or null
 * @param clockAt      the host's clock (log time, epoch ms) when it was last set ...
 * @param clockSetAt   ... and the caller's clock (epoch ms) at that moment; see {@link IncidentTracker}
 * @param pendingFlags fleet-wide flags for kills not seen yet (a flag can overtake its kill)
 */
public record HostIncidents(Incident open, Incident lastClosed, long clockAt, long clockSetAt,
                            List<FleetFlag> pendingFlags) {

    /** A null list becomes empty. */
    public HostIncidents {
        pendingFlags = pendingFlags == null ? List.of() : List.copyOf(pendingFlags);
    }
}
