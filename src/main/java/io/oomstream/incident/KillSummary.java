package io.oomstream.incident;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.oomstream.enrich.ServiceRule;
import io.oomstream.event.Consumer;
import io.oomstream.event.EventKind;
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
 */
public record KillSummary(String eventId, String host, String time, EventKind kind, Integer victimPid,
                          String victimName, String service, ServiceRule serviceRule, boolean criticalService,
                          Long anonRssKb, Boolean swapExhausted, Boolean thrashing, Long reportSpanSeconds,
                          List<Consumer> topConsumers,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String namespace,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String workload,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String container) {

    /** Null lists become empty. */
    public KillSummary {
        topConsumers = topConsumers == null ? List.of() : List.copyOf(topConsumers);
    }
}
