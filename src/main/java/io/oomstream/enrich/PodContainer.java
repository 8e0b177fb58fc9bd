package io.oomstream.enrich;

import java.util.List;

/**
 * One container of a pod and every id it has run under: the current one and, kept across restarts, the
 * earlier ones (a restarted container gets a new id; a kill of the old one must still resolve).
 *
 * @param name the container's name in the pod spec
 * @param kind {@code container}, {@code init} or {@code ephemeral}
 * @param ids  container ids, 64 lower-case hex digits, runtime prefix ({@code containerd://}) removed
 */
public record PodContainer(String name, String kind, List<String> ids) {

    public PodContainer {
        ids = ids == null ? List.of() : List.copyOf(ids);
    }
}
