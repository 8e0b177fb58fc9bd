package io.oomstream.enrich;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pod metadata by the keys of the pods topic (pod uid, and {@code container:<id>} per container id), for
 * {@code analyze --pods} the way the topology's GlobalKTable holds it.
 */
public final class PodIndex {

    private final Map<String, PodMetadata> byKey = new HashMap<>();

    public PodIndex(final List<PodMetadata> pods) {
        for (final PodMetadata p : pods) {
            byKey.merge(p.key(), p, PodMetadata::mergedWith);
        }
        for (final PodMetadata p : List.copyOf(byKey.values())) {
            p.containerIds().forEach(id -> byKey.put(PodMetadata.containerKey(id), p));
        }
    }

    /** The entry under {@code key}, or null. */
    public PodMetadata find(final String key) {
        return key == null ? null : byKey.get(key);
    }
}
