package io.oomstream.incident;

/**
 * What incidents group kills by: the host, and within a Kubernetes node the pod. Kills of the containers of one
 * pod (one pod uid in their memcg paths) are one incident, whatever else the node kills meanwhile; kills outside
 * any pod are the host's. The key of the host-incidents state, never part of an incident id.
 */
public final class IncidentKeys {

    private static final String POD = "|pod:";

    private IncidentKeys() {
    }

    /** {@code hostKey}, or {@code hostKey|pod:<uid>} for a kill in a pod. */
    public static String of(final String hostKey, final String podUid) {
        return podUid == null ? hostKey : hostKey + POD + podUid;
    }
}
