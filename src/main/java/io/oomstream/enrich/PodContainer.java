package io.oomstream.enrich;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One container of a pod and every id it has run under: the current one and, kept across restarts, the
 * earlier ones (a restarted container gets a new id; a kill of the old one must still resolve).
 *
 * @param name the container's name in the pod spec
 * @param kind {@code container}, {@code init} or {@code ephemeral}
 * @param ids  container ids, 64 lower-case hex digits, runtime prefix ({@code containerd://}) removed
 * @param role {@code app} or {@code sidecar} when the pod spec shows it ({@link ContainerRoles}), else null
 */
public record PodContainer(String name, String kind, List<String> ids,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String role) {

    public PodContainer {
        ids = ids == null ? List.of() : List.copyOf(ids);
    }

    /** A container whose role the pod does not show. */
    public PodContainer(final String name, final String kind, final List<String> ids) {
        this(name, kind, ids, null);
    }
}
