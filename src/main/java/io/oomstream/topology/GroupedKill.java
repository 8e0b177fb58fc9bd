package io.oomstream.topology;

import io.oomstream.incident.FleetGroup;
import io.oomstream.incident.Kill;

/** A kill on its way to the fleet-wide detector of one group (keyed by {@link FleetGroup#key()}). */
record GroupedKill(FleetGroup group, Kill kill) {
}
