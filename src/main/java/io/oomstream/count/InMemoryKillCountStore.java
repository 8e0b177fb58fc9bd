package io.oomstream.count;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@link KillCountStore} on a tree map: offline analysis and tests. Not thread-safe. */
public final class InMemoryKillCountStore implements KillCountStore {

    private final TreeMap<String, Long> entries = new TreeMap<>();

    @Override
    public Long get(final String key) {
        return entries.get(key);
    }

    @Override
    public void put(final String key, final long value) {
        entries.put(key, value);
    }

    @Override
    public void delete(final String key) {
        entries.remove(key);
    }

    @Override
    public List<Map.Entry<String, Long>> range(final String from, final String to) {
        return new ArrayList<>(entries.subMap(from, true, to, false).entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue())).toList());
    }

    /** Number of entries: state size in tests. */
    public int size() {
        return entries.size();
    }
}
