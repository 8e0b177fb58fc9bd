package io.oomstream.enrich;

import com.fasterxml.jackson.annotation.JsonIgnore;
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
 */
public record EnrichedEvent(OomEvent event, FleetStatus fleetStatus, FleetHost fleet, String service,
                            ServiceRule serviceRule, String podUid, String containerId) {

    /** Enriches {@code event} with {@code fleet} (null when the host is unknown). */
    public static EnrichedEvent of(final OomEvent event, final FleetHost fleet) {
        final Attribution a = ServiceAttribution.attribute(event, fleet);
        return new EnrichedEvent(event, fleet == null ? FleetStatus.UNKNOWN : FleetStatus.KNOWN, fleet, a.service(),
                a.rule(), a.podUid(), a.containerId());
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
