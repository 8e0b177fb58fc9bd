package io.oomstream.topology;

import io.oomstream.incident.FleetFlag;
import io.oomstream.incident.Kill;

/** What the incident processor consumes, keyed by host: a kill, or a fleet-wide flag on one (exactly one is set). */
record HostSignal(Kill kill, FleetFlag flag) {

    static HostSignal of(final Kill kill) {
        return new HostSignal(kill, null);
    }

    static HostSignal of(final FleetFlag flag) {
        return new HostSignal(null, flag);
    }
}
