package io.oomstream.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.enrich.KubectlPods;
import io.oomstream.enrich.PodIndex;
import io.oomstream.event.OomEvent;
import io.oomstream.offline.OfflineIncidents;
import io.oomstream.testing.Fixtures;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Point 3 of issue 17, end to end over logs: one OOM invocation that killed N processes is N events sharing an
 * invocation id and one incident with N victims (no cascade); kills of one pod are one incident, another pod's kill
 * on the same node is another; the pod spec's container roles say whether the app or a sidecar was killed; the
 * verdict stays within three sentences and an analyzed log that ended is not 'still open'.
 */
class GroupAndPodIncidentsTest {

    private static final String GROUP = "kernel-logs/e5-5.x/5.15-memory-oom-group.log";
    private static final String GROUP_PRINTED_TWICE =
            "kernel-logs/e5-5.x/5.15-global-oom-group-victim-printed-twice-member-exiting.log";
    private static final String SHARING = "kernel-logs/e3-rhel6/rhel6-2.6.32-kill-process-sharing-same-memory.log";
    private static final String SINGLE_KILL = "kernel-logs/e4-rhel7/rhel7-3.10.0-1062-global-reaper.log";
    private static final String TWO_PODS = "incidents/k8s-node-two-pods-app-and-sidecar-kills.log";
    private static final String PODS_JSON = "incidents/kubectl-get-pods-checkout-default-container-search-native-sidecar.json";
    /** A sentence ends at a full stop followed by a space or the end (not inside {@code 18.8 MB}). */
    private static final Pattern SENTENCE_END = Pattern.compile("[.!?](\\s|$)");

    @Test
    void memoryOomGroupKillsShareOneInvocationIdRankedInKillOrder() {
        final List<OomEvent> events = Fixtures.analyzeResource(GROUP);
        assertEquals(4, events.size());
        final String invocation = events.get(0).eventId();
        for (int i = 0; i < events.size(); i++) {
            assertEquals(invocation, events.get(i).invocationId(), "the first kill's event id, shared by all");
            assertEquals(i + 1, events.get(i).invocationRank());
        }
        assertEquals(List.of("worker", "pool-supervisor", "worker", "worker"),
                events.stream().map(e -> e.victim().name()).toList());
    }

    @Test
    void aVictimPrintedTwiceByTheGroupWalkKeepsItsRank() {
        final List<OomEvent> events = Fixtures.analyzeResource(GROUP_PRINTED_TWICE);
        assertTrue(events.size() >= 2, "a group kill of several members");
        assertEquals(1, events.get(0).invocationRank());
        assertEquals(events.stream().map(OomEvent::invocationRank).distinct().count(), events.size(),
                "one rank per kill: the first victim's second kill line is no further kill");
    }

    @Test
    void processesKilledForSharingTheVictimsMemoryAreKillsOfTheSameInvocation() {
        final List<OomEvent> events = Fixtures.analyzeResource(SHARING);
        assertEquals(List.of(18734, 18790, 18791), events.stream().map(e -> e.victim().pid()).toList());
        assertEquals(List.of(1, 2, 3), events.stream().map(OomEvent::invocationRank).toList());
        assertEquals(1, events.stream().map(OomEvent::invocationId).distinct().count());
        assertNull(events.get(1).victim().selectedPid(), "killed for sharing the mm, not a sacrificed child");
        final Incident i = (Incident) incidents(SHARING, null).get(0);
        assertEquals(3, i.killCount());
        assertEquals(1, i.invocations());
        assertTrue(i.verdict().startsWith("app-prod-14: one OOM-killer invocation killed 3 processes (java, jsvc) at "
                + "once"), i.verdict());
    }

    @Test
    void aKillAloneInItsInvocationCarriesNoInvocation() {
        final OomEvent e = Fixtures.analyzeResource(SINGLE_KILL).get(0);
        assertNull(e.invocationId());
        assertNull(e.invocationRank());
    }

    @Test
    void oneInvocationWithFourVictimsIsOneIncidentAndNoCascade() {
        final List<IncidentRecord> incidents = incidents(GROUP, null);
        assertEquals(1, incidents.size());
        final Incident i = (Incident) incidents.get(0);
        assertEquals(4, i.killCount());
        assertEquals(1, i.invocations());
        assertFalse(i.severityReasons().contains("cascade"), i.severityReasons().toString());
        assertEquals(Severity.LOW, i.severity());
        assertTrue(i.verdict().startsWith("batch-03: one OOM-killer invocation killed 4 processes (worker, "
                + "pool-supervisor) at once"), i.verdict());
        assertTrue(i.verdict().contains("memory limit of cgroup /system.slice/worker-pool.service that ran out, "
                + "not the host's memory"), i.verdict());
        assertTrue(i.kills().stream().allMatch(k -> k.invocationId() != null));
        assertAtMostThreeSentences(i.verdict());
    }

    @Test
    void anAnalyzedLogThatEndedIsNotStillOpen() {
        final Incident i = (Incident) incidents(GROUP, null).get(0);
        assertEquals(IncidentStatus.OPEN, i.status(), "the quiet gap has not passed by the log's end");
        assertFalse(i.verdict().contains("Still open"), i.verdict());
        assertTrue(i.verdict().endsWith("The log ends with its last kill, so whether more followed is unknown."),
                i.verdict());
    }

    @Test
    void killsOfOnePodAreOneIncidentAndAnotherPodsKillIsAnother() {
        final List<IncidentRecord> incidents = incidents(TWO_PODS, PODS_JSON);
        assertEquals(2, incidents.size(), "one incident per pod");
        final Incident checkout = (Incident) incidents.get(0);
        final Incident search = (Incident) incidents.get(1);
        assertEquals("5b0c8f2e-7a41-4c6e-9d3b-2f1e0a9c8b7d", checkout.podUid());
        assertEquals("checkout-7d9f8c6b5-k2x4p", checkout.pod());
        assertEquals("shop", checkout.namespace());
        assertEquals(2, checkout.killCount());
        assertEquals(2, checkout.invocations(), "two OOMs, one per container limit");
        assertTrue(checkout.severityReasons().contains("cascade"));
        assertEquals("c2d4e6f8-1a3b-4c5d-8e9f-0a1b2c3d4e5f", search.podUid());
        assertEquals(1, search.killCount(), "the other pod's kill, 20 s later on the same node, stays apart");
        assertTrue(search.incidentId().startsWith("k8s-web-7:"), search.incidentId());
    }

    @Test
    void theVerdictSaysWhetherTheAppOrOnlyASidecarWasKilled() {
        final List<IncidentRecord> incidents = incidents(TWO_PODS, PODS_JSON);
        final String checkout = ((Incident) incidents.get(0)).verdict();
        final String search = ((Incident) incidents.get(1)).verdict();
        assertTrue(checkout.startsWith("k8s-web-7 pod shop/checkout-7d9f8c6b5-k2x4p: the OOM killer killed 2 "
                + "processes (java, envoy) in 40 s; the app container app was killed, and sidecar envoy."), checkout);
        assertTrue(checkout.contains("the memory limits of containers app and envoy that ran out"), checkout);
        assertTrue(search.contains("only sidecar istio-proxy was killed, not the app container"), search);
        assertAtMostThreeSentences(checkout);
        assertAtMostThreeSentences(search);
    }

    @Test
    void withoutPodMetadataThePodsStillGroupApartButNoRoleIsClaimed() {
        final List<IncidentRecord> incidents = incidents(TWO_PODS, null);
        assertEquals(2, incidents.size());
        final String v = ((Incident) incidents.get(0)).verdict();
        assertFalse(v.contains("app container") || v.contains("sidecar"), v);
        assertTrue(v.startsWith("k8s-web-7 pod 5b0c8f2e-7a41-4c6e-9d3b-2f1e0a9c8b7d: "), v);
    }

    static void assertAtMostThreeSentences(final String verdict) {
        final long sentences = SENTENCE_END.matcher(verdict).results().count();
        assertTrue(sentences >= 1 && sentences <= 3, sentences + " sentences: " + verdict);
    }

    private static List<IncidentRecord> incidents(final String log, final String podsJson) {
        final OfflineIncidents extras = new OfflineIncidents(null, IncidentSettings.defaults());
        if (podsJson != null) {
            extras.withPods(new PodIndex(KubectlPods.read(Fixtures.read(podsJson), Instant.parse("2026-11-14T10:00:00Z"),
                    KubectlPods.DEFAULT_LABELS)));
        }
        Fixtures.analyzeResource(log).forEach(extras::accept);
        return extras.incidents();
    }
}
