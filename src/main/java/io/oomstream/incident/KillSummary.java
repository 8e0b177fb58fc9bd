package io.oomstream.incident;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.oomstream.enrich.CgroupPath;
import io.oomstream.enrich.ServiceRule;
import io.oomstream.event.Consumer;
import io.oomstream.event.EventKind;
import io.oomstream.event.OomScope;
import java.util.List;

/**
 * One kill as incidents list it: enough to read the incident without fetching the events.
 *
 * @param eventId           the event's id (a re-emitted event replaces its summary, it never adds a kill)
 * @param host              the host as the log named it
 * @param time              the kill's log time (ISO-8601); when the log showed none, when oomstream saw it
 * @param criticalService   the fleet metadata marks {@code service} critical on this host
 * @param anonRssKb         the victim's anonymous RSS, kB
 * @param swapExhausted     the report showed swap configured and none free
 * @param thrashing         the report took so long to reach the log that the host was thrashing
 * @param reportSpanSeconds seconds from the report's first line to its last
 * @param topConsumers      the report's largest memory holders by name (at most 3)
 * @param namespace         the pod's namespace when the pod metadata resolved the kill's memcg path, else absent
 * @param workload          {@code Kind/name} of the pod's owner (e.g. {@code Deployment/checkout}), likewise
 * @param container         the name of the container killed in, likewise (when the path's container id resolved)
 * @param invocationId      the OOM-killer invocation this kill was part of when it killed several processes
 *                          (memory.oom.group): the event_id of its first kill; absent for a kill alone in its invocation
 * @param invocationRank    the kill's place in that invocation (1: the process the kernel chose), likewise
 * @param podUid            the Kubernetes pod uid of the victim's memcg path, else absent: kills of one pod form one
 *                          incident apart from the rest of the host's
 * @param pod               the pod's name when the pod metadata resolved it, else absent
 * @param containerRole     {@code app} or {@code sidecar} when the pod spec shows the killed container's role
 * @param memcgLimit        the memory cgroup whose limit ran out (a cgroup OOM: {@code oom_memcg}, else the victim's
 *                          {@code task_memcg}, else {@code ?}); absent when the host ran out, or for userspace killers
 * @param composition       the report's dominant memory-composition sentence ({@link EventComposition}), else absent
 * @param timeNotInLog      true when the log showed no time for this kill, so {@code time} is not a log time (the
 *                          stream: the record's time; {@code analyze}: the newest log time before it, or the epoch
 *                          when the log shows none at all); absent when {@code time} is the log's
 */
public record KillSummary(String eventId, String host, String time, EventKind kind, Integer victimPid,
                          String victimName, String service, ServiceRule serviceRule, boolean criticalService,
                          Long anonRssKb, Boolean swapExhausted, Boolean thrashing, Long reportSpanSeconds,
                          List<Consumer> topConsumers,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String namespace,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String workload,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String container,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String invocationId,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Integer invocationRank,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String podUid,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String pod,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String containerRole,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String memcgLimit,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String composition,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Boolean timeNotInLog,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String oomScope) {

    /** Null lists become empty. */
    public KillSummary {
        topConsumers = topConsumers == null ? List.of() : List.copyOf(topConsumers);
    }

    /** Whether this kill was not the first of its invocation: it adds a victim, not an OOM. */
    @JsonIgnore
    boolean followsInOwnInvocation() {
        return invocationRank != null && invocationRank > 1;
    }

    /**
     * The cgroup whose limit ran out as people name it: {@code container app} (or the container id's first 12 hex
     * digits) for a container's limit, {@code pod <name>} for a pod's, else the path; null when no limit ran out.
     */
    @JsonIgnore
    String limitLabel() {
        if (memcgLimit == null) {
            return null;
        }
        if ("?".equals(memcgLimit)) {
            // The schema's stand-in when the report names no cgroup (its oom-kill line is missing): not a name to print.
            return "a cgroup the log does not name";
        }
        final CgroupPath path = CgroupPath.parse(memcgLimit);
        if (path.containerId() != null) {
            return "container " + (container != null ? container : path.containerId().substring(0, Math.min(12, path.containerId().length())));
        }
        if (path.podUid() != null && path.podUid().equals(podUid)) {
            return "pod " + (pod != null ? pod : podUid);
        }
        return "cgroup " + memcgLimit;
    }

    /**
     * Whether the report shows the host as a whole ran out ({@link OomScope#HOST}). A kernel kill that is not a memory
     * cgroup's is not taken for the host's when its report does not say (a kill line alone), nor a summary kept from
     * before the event carried its scope.
     */
    @JsonIgnore
    boolean hostWide() {
        return memcgLimit == null && kind == EventKind.OOM_KILL && OomScope.HOST.equals(oomScope);
    }
}
