package io.oomstream.reorder;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** A {@link ReorderStore} in maps: for tests (a second buffer on the same store is a restart) and offline runs. */
public final class InMemoryReorderStore implements ReorderStore {

    private final Map<String, TreeMap<OrderKey, HeldLine>> held = new HashMap<>();
    private final Map<String, Map<Long, SeenLine>> seen = new HashMap<>();
    private final Map<String, HostMark> marks = new HashMap<>();

    @Override
    public void putHeld(final String hostKey, final HeldLine line) {
        held.computeIfAbsent(hostKey, k -> new TreeMap<>()).put(line.key(), line);
    }

    @Override
    public void removeHeld(final String hostKey, final OrderKey key) {
        final TreeMap<OrderKey, HeldLine> lines = held.get(hostKey);
        if (lines != null && lines.remove(key) != null && lines.isEmpty()) {
            held.remove(hostKey);
        }
    }

    @Override
    public void putSeen(final String hostKey, final long fingerprint, final SeenLine line) {
        seen.computeIfAbsent(hostKey, k -> new HashMap<>()).put(fingerprint, line);
    }

    @Override
    public void removeSeen(final String hostKey, final long fingerprint) {
        final Map<Long, SeenLine> s = seen.get(hostKey);
        if (s != null && s.remove(fingerprint) != null && s.isEmpty()) {
            seen.remove(hostKey);
        }
    }

    @Override
    public void putMark(final String hostKey, final HostMark mark) {
        marks.put(hostKey, mark);
    }

    @Override
    public void removeMark(final String hostKey) {
        marks.remove(hostKey);
    }

    @Override
    public void load(final Loader loader) {
        held.forEach((host, lines) -> lines.values().forEach(l -> loader.held(host, l)));
        seen.forEach((host, s) -> s.forEach((fp, t) -> loader.seen(host, fp, t)));
        marks.forEach(loader::mark);
    }

    /** Lines held, all hosts together. */
    public int heldLines() {
        return held.values().stream().mapToInt(Map::size).sum();
    }

    /** Fingerprints remembered, all hosts together. */
    public int seenLines() {
        return seen.values().stream().mapToInt(Map::size).sum();
    }
}
