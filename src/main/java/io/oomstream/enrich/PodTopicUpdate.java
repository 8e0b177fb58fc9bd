package io.oomstream.enrich;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code pods load} publishes to the compacted pods topic, given what the topic holds and a fresh listing:
 * <ul>
 *   <li>a listed pod: its entry merged with the one the topic holds ({@link PodMetadata#mergedWith}: ids of
 *       earlier container runs stay), under its uid and under every container id;</li>
 *   <li>a pod the listing no longer shows: kept as it is (the kill of a deleted pod often arrives after the
 *       pod is gone), until its {@code last_seen} is older than the retention; then tombstones for its uid
 *       and container keys.</li>
 * </ul>
 * Nothing is published for a pod whose entry would not change. Kafka-free, so it is tested on its own.
 */
public final class PodTopicUpdate {

    /** One record to publish: {@code value} null is a tombstone. */
    public record Publish(String key, PodMetadata value) {
    }

    private final List<Publish> records = new ArrayList<>();
    private int listed;
    private int kept;
    private int forgotten;

    /**
     * @param held      the pod entries the topic holds now, by uid (container-keyed entries are not needed)
     * @param listing   the pods {@code kubectl} lists now
     * @param now       the load's time
     * @param retention how long a pod no longer listed stays resolvable
     */
    public PodTopicUpdate(final Map<String, PodMetadata> held, final Collection<PodMetadata> listing,
                          final Instant now, final Duration retention) {
        final Map<String, PodMetadata> fresh = new LinkedHashMap<>();
        for (final PodMetadata p : listing) {
            fresh.merge(p.uid(), p, PodMetadata::mergedWith);
        }
        for (final PodMetadata p : fresh.values()) {
            listed++;
            final PodMetadata old = held.get(p.uid());
            final PodMetadata merged = old == null ? p : old.mergedWith(p);
            if (!merged.equals(old)) {
                publish(merged);
            }
        }
        final Instant horizon = now.minus(retention);
        for (final PodMetadata old : held.values()) {
            if (fresh.containsKey(old.uid())) {
                continue;
            }
            if (old.lastSeen() != null && Instant.parse(old.lastSeen()).isBefore(horizon)) {
                forgotten++;
                final Set<String> keys = new LinkedHashSet<>();
                keys.add(old.key());
                old.containerIds().forEach(id -> keys.add(PodMetadata.containerKey(id)));
                keys.forEach(k -> records.add(new Publish(k, null)));
            } else {
                kept++;
            }
        }
    }

    private void publish(final PodMetadata p) {
        records.add(new Publish(p.key(), p));
        p.containerIds().forEach(id -> records.add(new Publish(PodMetadata.containerKey(id), p)));
    }

    /** The records, in order (a pod's uid entry before its container entries). */
    public List<Publish> records() {
        return List.copyOf(records);
    }

    /** Pods in the listing. */
    public int listed() {
        return listed;
    }

    /** Pods gone from the listing, kept within the retention. */
    public int keptGone() {
        return kept;
    }

    /** Pods gone for longer than the retention, tombstoned. */
    public int forgotten() {
        return forgotten;
    }
}
