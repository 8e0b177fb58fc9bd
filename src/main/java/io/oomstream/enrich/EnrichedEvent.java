package io.oomstream.enrich;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.oomstream.event.OomEvent;

/**
 * An OOM event with what the fleet knows: the value of the enriched-events topic (key: event_id),
 * schemas/enriched-event.schema.json. The event itself is nested unchanged, so a reader of
 * {@code oom.events} reads {@code event} the same way.
 *
 * @param event       the OOM event as the stitcher emitted it
 * @param fleetStatus {@code known}, or {@code unknown} when no fleet metadata matched the host (the event
 *                    still flows; metadata published later applies to later events)
 * @param fleet       the host's fleet metadata, null when unknown
 * @param service     the service the kill hit ({@link ServiceAttribution}); null for allocation failures
 *                    and kills naming nothing
 * @param serviceRule the rule that decided {@code service}
 * @param podUid      Kubernetes pod uid from the memcg path
 * @param containerId container id from the memcg path
 * @param namespace   the pod's namespace, from the pod metadata, when the pod uid or container id resolves
 * @param pod         the pod's name, likewise
 * @param workloadKind what owns the pod ({@link PodMetadata#workloadKind}), likewise
 * @param workload    the owner's name, likewise
 * @param container   the name of the container that ran under the memcg path's container id, likewise
 * @param containerRole {@code app} or {@code sidecar} when the pod spec shows that container's role
 *                    ({@code PodContainer#role}); absent otherwise
 */
public record EnrichedEvent(OomEvent event, FleetStatus fleetStatus, FleetHost fleet, String service,
                            ServiceRule serviceRule, String podUid, String containerId, String namespace, String pod,
                            String workloadKind, String workload, String container,
                            @JsonInclude(JsonInclude.Include.NON_NULL) String containerRole) {

    /** Enriches {@code event} with {@code fleet} (null when the host is unknown). */
    public static EnrichedEvent of(final OomEvent event, final FleetHost fleet) {
        final Attribution a = ServiceAttribution.attribute(event, fleet);
        return new EnrichedEvent(event, fleet == null ? FleetStatus.UNKNOWN : FleetStatus.KNOWN, fleet, a.service(),
                a.rule(), a.podUid(), a.containerId(), null, null, null, null, null, null);
    }

    /** Enriches {@code event} with {@code fleet} and the pods it may have run in ({@code pods} may be null). */
    public static EnrichedEvent withPods(final OomEvent event, final FleetIndex fleet, final PodIndex pods) {
        final EnrichedEvent e = of(event, fleet);
        return pods == null ? e : e.withPod(pods.find(e.podLookupKey()));
    }

    /**
     * The pods-topic key this event's pod is found under: the pod uid of its memcg path, else its container id,
     * else a key no pod has (a Kafka Streams join needs a key).
     */
    public String podLookupKey() {
        if (podUid != null) {
            return podUid;
        }
        return containerId != null ? PodMetadata.containerKey(containerId) : "-";
    }

    /**
     * This event with what {@code pod} says (the entry found under {@link #podLookupKey}); unchanged when it is
     * null or not the pod of this event's memcg path. The container is named only when the path's container
     * id (or, for a path cut short, a prefix that only one container's ids start with) is the pod's.
     */
    public EnrichedEvent withPod(final PodMetadata pod) {
        if (pod == null || (podUid != null && !podUid.equals(pod.uid()))
                || (podUid == null && (containerId == null || !pod.containerIds().contains(containerId)))) {
            return this;
        }
        final CgroupPath path = ServiceAttribution.memcgPath(event);
        final PodContainer c = pod.container(containerId, path.containerIdPrefix());
        return new EnrichedEvent(event, fleetStatus, fleet, service, serviceRule, podUid, containerId,
                pod.namespace(), pod.name(), pod.workloadKind(), pod.workload(), c == null ? null : c.name(),
                c == null ? null : c.role());
    }

    /** Enriches from an index (offline). */
    public static EnrichedEvent of(final OomEvent event, final FleetIndex fleet) {
        return of(event, fleet == null ? null : fleet.find(event.host()).orElse(null));
    }

    /** Whether the event is a kill (allocation failures are not). */
    @JsonIgnore
    public boolean isKill() {
        return ServiceAttribution.isKill(event);
    }
}
