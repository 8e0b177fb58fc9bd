package io.oomstream.count;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * Kills in one tumbling window for one combination of dimensions: the value of the kill-counts topic
 * (schemas/kill-count.schema.json), emitted when the window has closed (end plus grace), and again, corrected,
 * when a late kill arrives or a kill moves to other dimensions.
 *
 * @param windowStart ISO-8601, inclusive
 * @param windowEnd   ISO-8601, exclusive
 * @param count       distinct kills (by event id) whose log time lies in the window; 0 once every kill counted
 *                    here was re-attributed to other dimensions
 */
public record KillCount(String service, String environment, String datacenter, String team,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String namespace,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String workload, String windowStart,
                        String windowEnd, long count) {

    /** A window of kills outside any resolved pod. */
    public KillCount(final String service, final String environment, final String datacenter, final String team,
                     final String windowStart, final String windowEnd, final long count) {
        this(service, environment, datacenter, team, null, null, windowStart, windowEnd, count);
    }

    public static KillCount of(final KillDimensions d, final Instant start, final Instant end, final long count) {
        return new KillCount(d.service(), d.environment(), d.datacenter(), d.team(), d.namespace(), d.workload(),
                start.toString(), end.toString(), count);
    }

    /** Its key on the topic. */
    public KillCountKey key() {
        return new KillCountKey(service, environment, datacenter, team, namespace, workload, windowStart);
    }
}
