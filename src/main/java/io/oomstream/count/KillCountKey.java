package io.oomstream.count;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The key of the kill-counts topic: the dimensions plus the window start, so a replay overwrites the same
 * key instead of adding (schemas/kill-count-key.schema.json).
 *
 * @param namespace   the pod's namespace, only for kills in a resolved pod ({@link KillDimensions})
 * @param workload    {@code Kind/name} of the pod's owner, likewise
 * @param windowStart ISO-8601 start of the window (inclusive)
 */
public record KillCountKey(String service, String environment, String datacenter, String team,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String namespace,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String workload, String windowStart) {

    /** The key of a window of kills outside any resolved pod. */
    public KillCountKey(final String service, final String environment, final String datacenter, final String team,
                        final String windowStart) {
        this(service, environment, datacenter, team, null, null, windowStart);
    }
}
