package io.oomstream.count;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.oomstream.incident.Kill;

/**
 * What kill counts are grouped by: one count per distinct combination (null where unknown: no fleet
 * metadata, or a kill no rule could attribute). {@code namespace} and {@code workload} ({@code Kind/name}) are
 * set only for a kill whose pod the pod metadata resolved, and left out of the JSON otherwise, so the keys of
 * every other kill are the bytes they were before the workload dimension existed (stores and changelogs of a
 * running deployment stay readable).
 */
public record KillDimensions(String service, String environment, String datacenter, String team,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String namespace,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String workload) {

    /** Dimensions of a kill outside any resolved pod. */
    public KillDimensions(final String service, final String environment, final String datacenter, final String team) {
        this(service, environment, datacenter, team, null, null);
    }

    public static KillDimensions of(final Kill kill) {
        final var f = kill.fleet();
        final var s = kill.summary();
        return new KillDimensions(s.service(), f == null ? null : f.environment(),
                f == null ? null : f.datacenter(), f == null ? null : f.team(), s.namespace(), s.workload());
    }
}
