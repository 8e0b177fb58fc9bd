package io.oomstream.count;

import io.oomstream.incident.Kill;

/**
 * What kill counts are grouped by: one count per distinct combination (null where unknown: no fleet
 * metadata, or a kill no rule could attribute).
 */
public record KillDimensions(String service, String environment, String datacenter, String team) {

    public static KillDimensions of(final Kill kill) {
        final var f = kill.fleet();
        return new KillDimensions(kill.summary().service(), f == null ? null : f.environment(),
                f == null ? null : f.datacenter(), f == null ? null : f.team());
    }
}
