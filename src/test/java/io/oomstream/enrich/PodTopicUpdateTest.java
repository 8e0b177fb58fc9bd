package io.oomstream.enrich;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code pods load} publishes: merged entries, deleted pods kept within the retention, then tombstoned. */
class PodTopicUpdateTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration WEEK = Duration.ofDays(7);
    private static final String A1 = "a".repeat(64);
    private static final String A2 = "b".repeat(64);
    private static final String UID = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";

    private static PodMetadata pod(final String id, final Instant seen) {
        return new PodMetadata(UID, "shop", "checkout-1", "Deployment", "checkout", "node-7", "burstable",
                List.of(new PodContainer("app", "container", List.of(id))), Map.of(), "2026-11-30T08:00:00Z",
                seen.toString());
    }

    /** The topic after applying {@code update} to {@code topic}, as compaction leaves it. */
    private static Map<String, PodMetadata> apply(final Map<String, PodMetadata> topic, final PodTopicUpdate update) {
        final Map<String, PodMetadata> after = new HashMap<>(topic);
        for (final PodTopicUpdate.Publish p : update.records()) {
            if (p.value() == null) {
                after.remove(p.key());
            } else {
                after.put(p.key(), p.value());
            }
        }
        return after;
    }

    private static Map<String, PodMetadata> pods(final Map<String, PodMetadata> topic) {
        final Map<String, PodMetadata> held = new HashMap<>();
        topic.forEach((k, v) -> {
            if (!k.startsWith(PodMetadata.CONTAINER_KEY_PREFIX)) {
                held.put(k, v);
            }
        });
        return held;
    }

    @Test
    void shouldKeepADeletedPodResolvableUntilTheRetentionThenTombstoneEveryKey() {
        Map<String, PodMetadata> topic = apply(Map.of(), new PodTopicUpdate(Map.of(), List.of(pod(A1, T0)), T0, WEEK));
        assertEquals(2, topic.size(), "the uid and the container id");
        // The container restarts with a new id: both ids resolve.
        final PodTopicUpdate restart = new PodTopicUpdate(pods(topic), List.of(pod(A2, T0.plusSeconds(60))),
                T0.plusSeconds(60), WEEK);
        topic = apply(topic, restart);
        assertEquals(List.of(A1, A2), topic.get(UID).containers().get(0).ids());
        assertEquals(UID, topic.get(PodMetadata.containerKey(A1)).uid());
        assertEquals(UID, topic.get(PodMetadata.containerKey(A2)).uid());

        // Deleted: the next listing does not show it; kept within the week.
        final PodTopicUpdate gone = new PodTopicUpdate(pods(topic), List.of(), T0.plus(Duration.ofDays(3)), WEEK);
        assertEquals(List.of(), gone.records(), "nothing published for a pod kept");
        assertEquals(1, gone.keptGone());
        // A week after it was last seen: every key tombstoned.
        final PodTopicUpdate late = new PodTopicUpdate(pods(topic), List.of(), T0.plus(Duration.ofDays(8)), WEEK);
        assertEquals(1, late.forgotten());
        assertEquals(3, late.records().size());
        assertTrue(late.records().stream().allMatch(p -> p.value() == null));
        assertEquals(Map.of(), apply(topic, late));
    }

    @Test
    void shouldPublishNothingForAPodThatDidNotChange() {
        final Map<String, PodMetadata> topic = apply(Map.of(), new PodTopicUpdate(Map.of(), List.of(pod(A1, T0)), T0, WEEK));
        final PodTopicUpdate same = new PodTopicUpdate(pods(topic), List.of(pod(A1, T0)), T0, WEEK);
        assertEquals(List.of(), same.records());
        assertEquals(1, same.listed());
        assertNull(new PodTopicUpdate(Map.of(), List.of(), T0, WEEK).records().stream().findAny().orElse(null));
    }
}
