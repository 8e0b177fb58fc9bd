package io.oomstream.enrich;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What Kubernetes knew about one pod, kept after the pod is gone: the value of the compacted pods topic
 * (keys: {@link #key} and one {@link #containerKey} per container id), schemas/pod-metadata.schema.json.
 * Written by {@code oomstream pods load} from {@code kubectl get pods -A -o json}.
 *
 * @param uid          the pod's uid as memory-cgroup paths spell it: the API uid, or for a static pod the
 *                     kubelet's config hash (the mirror pod's {@code kubernetes.io/config.mirror})
 * @param namespace    the namespace
 * @param name         the pod's name
 * @param workloadKind what owns it: {@code Deployment} (through its ReplicaSet), {@code StatefulSet},
 *                     {@code DaemonSet}, {@code Job}, {@code ReplicaSet}, {@code StaticPod}, or {@code Pod} when
 *                     nothing does
 * @param workload     the owner's name (the pod's own name for a bare pod)
 * @param node         the node it was scheduled on, or null
 * @param qosClass     {@code guaranteed}, {@code burstable} or {@code besteffort}, or null
 * @param containers   its containers with every id seen
 * @param labels       the labels kept ({@code pods load --keep-label})
 * @param firstSeen    when a load first saw it (ISO-8601; its creation time when the listing gives one)
 * @param lastSeen     when a load last saw it (ISO-8601): a pod gone from the listing keeps its entry until
 *                     {@code lastSeen} is older than the retention of {@code pods load}
 */
public record PodMetadata(String uid, String namespace, String name, String workloadKind, String workload,
                          String node, String qosClass, List<PodContainer> containers, Map<String, String> labels,
                          String firstSeen, String lastSeen) {

    /** The key prefix of the per-container entries. */
    public static final String CONTAINER_KEY_PREFIX = "container:";

    public PodMetadata {
        containers = containers == null ? List.of() : List.copyOf(containers);
        labels = labels == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(labels));
    }

    /** The topic key of the pod entry. */
    public String key() {
        return uid;
    }

    /** The topic key of the entry for one container id. */
    public static String containerKey(final String containerId) {
        return CONTAINER_KEY_PREFIX + containerId;
    }

    /** Every container id of the pod. */
    public Set<String> containerIds() {
        final Set<String> ids = new LinkedHashSet<>();
        containers.forEach(c -> ids.addAll(c.ids()));
        return ids;
    }

    /** The container that ran under {@code id}, or one whose id starts with {@code prefix} alone; else null. */
    public PodContainer container(final String id, final String prefix) {
        if (id != null) {
            for (final PodContainer c : containers) {
                if (c.ids().contains(id)) {
                    return c;
                }
            }
            return null;
        }
        if (prefix == null) {
            return null;
        }
        PodContainer found = null;
        for (final PodContainer c : containers) {
            if (c.ids().stream().anyMatch(i -> i.startsWith(prefix))) {
                if (found != null && found != c) {
                    return null; // two containers share the prefix: not enough to tell
                }
                found = c;
            }
        }
        return found;
    }

    /**
     * This entry updated by a newer listing of the same pod: the newer facts, the earliest first sighting,
     * and the container ids of both (ids of earlier restarts stay resolvable).
     */
    public PodMetadata mergedWith(final PodMetadata newer) {
        final Map<String, PodContainer> byName = new LinkedHashMap<>();
        for (final PodContainer c : containers) {
            byName.put(c.kind() + "/" + c.name(), c);
        }
        for (final PodContainer c : newer.containers()) {
            final PodContainer old = byName.get(c.kind() + "/" + c.name());
            final Set<String> ids = new LinkedHashSet<>(old == null ? List.of() : old.ids());
            ids.addAll(c.ids());
            byName.put(c.kind() + "/" + c.name(), new PodContainer(c.name(), c.kind(), new ArrayList<>(ids),
                    c.role() != null ? c.role() : old == null ? null : old.role()));
        }
        final String first = firstSeen == null || (newer.firstSeen() != null
                && java.time.Instant.parse(newer.firstSeen()).isBefore(java.time.Instant.parse(firstSeen)))
                ? newer.firstSeen() : firstSeen;
        return new PodMetadata(uid, newer.namespace(), newer.name(), newer.workloadKind(), newer.workload(),
                newer.node() != null ? newer.node() : node, newer.qosClass() != null ? newer.qosClass() : qosClass,
                new ArrayList<>(byName.values()), newer.labels(), first, newer.lastSeen());
    }
}
