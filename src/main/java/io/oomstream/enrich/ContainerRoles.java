package io.oomstream.enrich;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which container of a pod is the application and which are sidecars, from what the pod spec itself says
 * ({@code kubectl get pods -o json}), so an incident can say whether the app or a helper beside it was killed:
 * <ul>
 *   <li>an init container with {@code restartPolicy: Always} is a native sidecar (Kubernetes 1.28+): it runs
 *       beside the app for the pod's whole life;</li>
 *   <li>the {@code kubectl.kubernetes.io/default-container} annotation names the app (what {@code kubectl logs}
 *       and {@code exec} pick); every other regular container is then a sidecar;</li>
 *   <li>without it, a pod with one regular container runs that one as its app.</li>
 * </ul>
 * Any other container (several regular containers and no annotation, plain init containers) has no role: guessing
 * would name the wrong one.
 */
final class ContainerRoles {

    static final String APP = "app";
    static final String SIDECAR = "sidecar";
    static final String DEFAULT_CONTAINER = "kubectl.kubernetes.io/default-container";

    private ContainerRoles() {
    }

    /** Container name to role, for the containers whose role the pod shows. */
    static Map<String, String> of(final JsonNode pod) {
        final Map<String, String> roles = new LinkedHashMap<>();
        final JsonNode spec = pod.path("spec");
        for (final JsonNode c : spec.path("initContainers")) {
            if ("Always".equals(c.path("restartPolicy").asText(""))) {
                roles.put(c.path("name").asText(), SIDECAR);
            }
        }
        final String named = pod.path("metadata").path("annotations").path(DEFAULT_CONTAINER).asText("");
        final JsonNode regular = spec.path("containers");
        for (final JsonNode c : regular) {
            final String name = c.path("name").asText();
            if (!named.isEmpty()) {
                roles.put(name, name.equals(named) ? APP : SIDECAR);
            } else if (regular.size() == 1) {
                roles.put(name, APP);
            }
        }
        return roles;
    }
}
