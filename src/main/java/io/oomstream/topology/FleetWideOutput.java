package io.oomstream.topology;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.oomstream.incident.FleetFlag;
import io.oomstream.incident.FleetIncident;

/** What the fleet-wide detector emits: an incident (keyed by its id) or a flag for a host (keyed by host key). */
record FleetWideOutput(FleetIncident incident, FleetFlag flag) {

    @JsonIgnore
    boolean isIncident() {
        return incident != null;
    }
}
