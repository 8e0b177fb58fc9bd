package io.oomstream.count;

import java.util.List;
import java.util.Map;

/**
 * The sorted string-to-number map that kill counting keeps its state in: in memory offline, a persistent
 * changelogged key-value store in the topology. Keys sort as strings, which is what lets the counter find
 * every window older than a time with one range scan.
 */
public interface KillCountStore {

    /** The value under {@code key}, or null. */
    Long get(String key);

    void put(String key, long value);

    void delete(String key);

    /** Every entry with {@code from <= key < to}, in key order (a copy: the store may change while it is used). */
    List<Map.Entry<String, Long>> range(String from, String to);
}
