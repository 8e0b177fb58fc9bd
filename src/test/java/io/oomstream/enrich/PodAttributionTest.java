package io.oomstream.enrich;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.testing.Events;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code kubectl get pods -A -o json} read into pod metadata (src/test/resources/kubernetes), and kills
 * attributed through it to namespace, workload and container, also after a restart gave the container a new id.
 */
class PodAttributionTest {

    private static final Path LISTING =
            Path.of("src/test/resources/kubernetes/kubectl-get-pods-deployment-statefulset-static-job-bare.json");
    private static final Instant SEEN = Instant.parse("2026-12-01T10:05:00Z");
    private static final String CHECKOUT = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
    private static final String APP_NOW = "3b5c8e1f2a4d6b7c9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d";
    private static final String APP_BEFORE_RESTART = "9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0";
    private static final String SIDECAR = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";

    private static List<PodMetadata> pods() throws IOException {
        return KubectlPods.read(Files.readString(LISTING), SEEN, KubectlPods.DEFAULT_LABELS);
    }

    private static PodMetadata pod(final String name) throws IOException {
        return pods().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void shouldResolveEachOwnerToTheWorkloadOperatorsName() throws IOException {
        assertEquals(5, pods().size());
        final PodMetadata checkout = pod("checkout-7d9f8c6b5-x2x9q");
        assertEquals(List.of("Deployment", "checkout"), List.of(checkout.workloadKind(), checkout.workload()),
                "a ReplicaSet named after its pod-template-hash is its Deployment");
        assertEquals(List.of("StatefulSet", "pg"), List.of(pod("pg-0").workloadKind(), pod("pg-0").workload()));
        assertEquals(List.of("Job", "nightly-report-29412000"),
                List.of(pod("nightly-report-29412000-abcde").workloadKind(), pod("nightly-report-29412000-abcde").workload()));
        assertEquals(List.of("Pod", "debug-shell"), List.of(pod("debug-shell").workloadKind(), pod("debug-shell").workload()));
        final PodMetadata etcd = pod("etcd-node-1");
        assertEquals(List.of("StaticPod", "etcd"), List.of(etcd.workloadKind(), etcd.workload()));
        assertEquals("6e3c2a4c8f7b0e1d2c3b4a5968778695", etcd.uid(), "a static pod's cgroup uid is its config hash");
    }

    @Test
    void shouldKeepEveryContainerIdQosNodeAndTheChosenLabels() throws IOException {
        final PodMetadata checkout = pod("checkout-7d9f8c6b5-x2x9q");
        assertEquals(CHECKOUT, checkout.uid());
        assertEquals("shop", checkout.namespace());
        assertEquals("node-7", checkout.node());
        assertEquals("burstable", checkout.qosClass());
        assertEquals(List.of(APP_NOW, APP_BEFORE_RESTART), checkout.containers().stream()
                .filter(c -> c.name().equals("app")).findFirst().orElseThrow().ids(), "current id, then the previous run's");
        assertEquals(List.of("init/istio-init", "container/app", "container/istio-proxy"),
                checkout.containers().stream().map(c -> c.kind() + "/" + c.name()).toList());
        assertEquals(Map.of("app", "checkout", "app.kubernetes.io/name", "checkout"), checkout.labels(),
                "only the labels asked for");
        assertEquals("2026-11-30T08:00:00Z", checkout.firstSeen());
        assertEquals(SEEN.toString(), checkout.lastSeen());
        assertEquals(List.of(), pod("debug-shell").containers(), "a pending pod has no container yet");
    }

    @Test
    void shouldAttributeAKillToNamespaceWorkloadAndContainerAlsoAfterARestart() throws IOException {
        final PodIndex index = new PodIndex(pods());
        for (final String id : List.of(APP_NOW, APP_BEFORE_RESTART)) {
            final EnrichedEvent e = Events.kill("node-7", "2026-12-01T10:00:00Z", "java")
                    .taskMemcg("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod"
                            + CHECKOUT.replace('-', '_') + ".slice/cri-containerd-" + id + ".scope")
                    .enriched(null);
            final EnrichedEvent r = e.withPod(index.find(e.podLookupKey()));
            assertEquals(List.of("shop", "checkout-7d9f8c6b5-x2x9q", "Deployment", "checkout", "app"),
                    List.of(r.namespace(), r.pod(), r.workloadKind(), r.workload(), r.container()), id);
        }
        final EnrichedEvent sidecar = Events.kill("node-7", "2026-12-01T10:00:00Z", "envoy")
                .taskMemcg("/kubepods/burstable/pod" + CHECKOUT + "/" + SIDECAR).enriched(null);
        assertEquals("istio-proxy", sidecar.withPod(index.find(sidecar.podLookupKey())).container());
    }

    @Test
    void shouldResolveByContainerIdAloneAndByAPrefixOfAPathCutShort() throws IOException {
        final PodIndex index = new PodIndex(pods());
        final EnrichedEvent docker = Events.kill("node-3", "2026-12-01T10:00:00Z", "postgres")
                .taskMemcg("/docker/d00dfeedd00dfeedd00dfeedd00dfeedd00dfeedd00dfeedd00dfeedd00dfeed").enriched(null);
        final EnrichedEvent r = docker.withPod(index.find(docker.podLookupKey()));
        assertEquals(List.of("data", "pg", "postgres"), List.of(r.namespace(), r.workload(), r.container()));

        final EnrichedEvent cut = Events.kill("node-7", "2026-12-01T10:00:00Z", "java")
                .taskMemcg("/kubepods/burstable/pod" + CHECKOUT + "/" + APP_BEFORE_RESTART.substring(0, 20)).enriched(null);
        final EnrichedEvent c = cut.withPod(index.find(cut.podLookupKey()));
        assertEquals("app", c.container(), "the only container whose ids start with the prefix");
        assertNull(c.containerId(), "the path shows no whole id: none is invented");
    }

    @Test
    void shouldLeaveTheEventAloneWhenNothingResolves() throws IOException {
        final PodIndex index = new PodIndex(pods());
        final EnrichedEvent unknownPod = Events.kill("node-9", "2026-12-01T10:00:00Z", "java")
                .taskMemcg("/kubepods/burstable/pod99999999-aaaa-4bbb-8ccc-dddddddddddd/" + APP_NOW).enriched(null);
        assertSame(unknownPod, unknownPod.withPod(index.find(unknownPod.podLookupKey())));
        final EnrichedEvent wrongPod = unknownPod.withPod(pod("pg-0"));
        assertSame(unknownPod, wrongPod, "an entry of another pod is never borrowed");
        final EnrichedEvent host = Events.kill("web-1", "2026-12-01T10:00:00Z", "nginx")
                .taskMemcg("/system.slice/nginx.service").enriched(null);
        assertEquals("-", host.podLookupKey());
        assertNull(host.withPod(index.find(host.podLookupKey())).namespace());
    }

    @Test
    void shouldKeepIdsOfEarlierRunsWhenAPodIsListedAgain() throws IOException {
        final PodMetadata before = pod("checkout-7d9f8c6b5-x2x9q");
        final String third = "4444444444444444444444444444444444444444444444444444444444444444";
        final PodMetadata later = new PodMetadata(before.uid(), "shop", before.name(), "Deployment", "checkout", "node-7",
                "burstable", List.of(new PodContainer("app", "container", List.of(third, APP_NOW))), Map.of(),
                "2026-11-30T08:00:00Z", "2026-12-02T00:00:00Z");
        final PodMetadata merged = before.mergedWith(later);
        assertTrue(merged.containerIds().containsAll(Set.of(APP_NOW, APP_BEFORE_RESTART, third, SIDECAR)));
        assertEquals("2026-12-02T00:00:00Z", merged.lastSeen());
        assertEquals("2026-11-30T08:00:00Z", merged.firstSeen());
    }

    @Test
    void shouldRefuseWhatIsNotAPodListing() {
        final IllegalArgumentException notJson = assertThrows(IllegalArgumentException.class,
                () -> KubectlPods.read("NAME READY STATUS\nweb-1 1/1 Running", SEEN, Set.of()));
        assertTrue(notJson.getMessage().startsWith("not JSON"), notJson.getMessage());
        final IllegalArgumentException deployment = assertThrows(IllegalArgumentException.class,
                () -> KubectlPods.read("{\"kind\":\"Deployment\"}", SEEN, Set.of()));
        assertTrue(deployment.getMessage().contains("Deployment"), deployment.getMessage());
    }
}
