package io.oomstream.incident;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.oomstream.enrich.HostNames;

/**
 * Tells a host's incidents that one of its kills belongs to a fleet-wide incident.
 *
 * @param host            the host as its logs name it
 * @param eventId         the kill
 * @param fleetIncidentId the fleet-wide incident
 * @param podUid          the kill's pod uid, when it was in a pod: its incident is the pod's ({@link IncidentKeys})
 */
public record FleetFlag(String host, String eventId, String fleetIncidentId,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String podUid) {

    /** A flag on a kill outside any pod. */
    public FleetFlag(final String host, final String eventId, final String fleetIncidentId) {
        this(host, eventId, fleetIncidentId, null);
    }

    /** The key of the incidents the flagged kill is in. */
    @JsonIgnore
    public String incidentKey() {
        return IncidentKeys.of(HostNames.key(host), podUid);
    }
}
