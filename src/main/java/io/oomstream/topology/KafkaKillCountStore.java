package io.oomstream.topology;

import io.oomstream.count.KillCountStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * {@link KillCountStore} on a persistent, changelogged key-value store. String keys serialize to UTF-8, whose
 * byte order (RocksDB's) is the keys' string order for the ASCII prefixes and digits the range scans bound.
 */
final class KafkaKillCountStore implements KillCountStore {

    private final KeyValueStore<String, Long> store;

    KafkaKillCountStore(final KeyValueStore<String, Long> store) {
        this.store = store;
    }

    /** A persistent store under {@code name} (no cache: every write goes to the changelog in its transaction). */
    static StoreBuilder<KeyValueStore<String, Long>> builder(final String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.Long());
    }

    @Override
    public Long get(final String key) {
        return store.get(key);
    }

    @Override
    public void put(final String key, final long value) {
        store.put(key, value);
    }

    @Override
    public void delete(final String key) {
        store.delete(key);
    }

    @Override
    public List<Map.Entry<String, Long>> range(final String from, final String to) {
        final List<Map.Entry<String, Long>> out = new ArrayList<>();
        // The store's range is inclusive at both ends; this one excludes `to`.
        try (KeyValueIterator<String, Long> it = store.range(from, to)) {
            while (it.hasNext()) {
                final KeyValue<String, Long> kv = it.next();
                if (!kv.key.equals(to)) {
                    out.add(Map.entry(kv.key, kv.value));
                }
            }
        }
        return out;
    }
}
