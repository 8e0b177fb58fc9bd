package io.oomstream.enrich;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.oomstream.testing.Fixtures;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Container roles from the pod spec: the {@code kubectl.kubernetes.io/default-container} annotation names the app
 * (the other regular containers are sidecars), an init container with {@code restartPolicy: Always} is a native
 * sidecar, a lone regular container is the app; nothing is guessed beyond that.
 */
class ContainerRolesTest {

    private static final Instant SEEN = Instant.parse("2026-11-14T10:00:00Z");

    @Test
    void theDefaultContainerAnnotationNamesTheAppAndTheRestAreSidecars() {
        assertEquals(Map.of("app", "app", "envoy", "sidecar"), roles("checkout-7d9f8c6b5-k2x4p"));
    }

    @Test
    void aNativeSidecarIsASidecarAndTheLoneRegularContainerTheApp() {
        assertEquals(Map.of("istio-proxy", "sidecar", "search", "app"), roles("search-7d9f8c6b5-q8r2t"));
    }

    @Test
    void twoRegularContainersWithoutTheAnnotationHaveNoRole() {
        final List<PodMetadata> pods = KubectlPods.read(Fixtures.read(
                "kubernetes/kubectl-get-pods-after-the-5.10-oom-group-kill-restarted-worker.json"), SEEN, KubectlPods.DEFAULT_LABELS);
        pods.get(0).containers().forEach(c -> assertNull(c.role(), c.name()));
    }

    @Test
    void aNewerListingKeepsTheRoleItStillShows() {
        final PodMetadata pod = KubectlPods.read(Fixtures.read(
                "incidents/kubectl-get-pods-checkout-default-container-search-native-sidecar.json"), SEEN,
                KubectlPods.DEFAULT_LABELS).get(0);
        final PodMetadata merged = pod.mergedWith(pod);
        assertEquals("app", merged.containers().stream().filter(c -> c.name().equals("app")).findFirst()
                .orElseThrow().role());
    }

    private static Map<String, String> roles(final String podName) {
        return KubectlPods.read(Fixtures.read(
                        "incidents/kubectl-get-pods-checkout-default-container-search-native-sidecar.json"), SEEN,
                        KubectlPods.DEFAULT_LABELS).stream()
                .filter(p -> p.name().equals(podName)).findFirst().orElseThrow()
                .containers().stream().collect(Collectors.toMap(PodContainer::name, PodContainer::role));
    }
}
