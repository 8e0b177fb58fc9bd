package io.oomstream.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.config.AppConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * Every RocksDB store of the process draws on one block cache of {@code oomstream.rocksdb.memory.bytes}, and its
 * memtables are charged to that same cache: two stores opened with the setter's options report one capacity, and
 * writes into one show in the usage the other reports.
 */
class BoundedRocksDbMemoryTest {

    @TempDir
    Path dir;

    @Test
    void shouldShareOneBoundedCacheWithMemtablesChargedToItAcrossStores() throws RocksDBException {
        final AppConfig config = AppConfig.load(null, Map.of(), Map.of());
        final Properties streams = config.streamsProperties();
        assertEquals(BoundedRocksDbMemory.class.getName(), streams.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG));
        final long budget = config.rocksdbMemoryBytes();
        assertEquals(64L << 20, budget, "the documented default");
        @SuppressWarnings("unchecked")
        final Map<String, Object> configs = (Map<String, Object>) (Map<?, ?>) streams;

        RocksDB.loadLibrary();
        try (Options first = new Options().setCreateIfMissing(true);
             Options second = new Options().setCreateIfMissing(true)) {
            final BoundedRocksDbMemory setter = new BoundedRocksDbMemory();
            setter.setConfig("oom-stitch-open", first, configs);
            setter.setConfig("oom-stitch-lines", second, configs);
            try (RocksDB a = RocksDB.open(first, dir.resolve("a").toString());
                 RocksDB b = RocksDB.open(second, dir.resolve("b").toString())) {
                assertEquals(budget, Long.parseLong(a.getProperty("rocksdb.block-cache-capacity")));
                assertEquals(budget, Long.parseLong(b.getProperty("rocksdb.block-cache-capacity")));
                final long before = Long.parseLong(b.getProperty("rocksdb.block-cache-usage"));
                final byte[] value = new byte[1024];
                for (int i = 0; i < 4_000; i++) {
                    a.put(("line-" + i).getBytes(), value);
                }
                final long after = Long.parseLong(b.getProperty("rocksdb.block-cache-usage"));
                assertTrue(after >= before + (2L << 20), "store a's memtable is charged to the cache store b sees: "
                        + before + " -> " + after);
                assertTrue(after <= budget, "usage " + after + " within the budget " + budget);
            }
            setter.close("oom-stitch-open", first);
            setter.close("oom-stitch-lines", second);
        }
        assertEquals(budget, BoundedRocksDbMemory.capacity());
    }

    @Test
    void shouldRefuseABudgetBelowEightMebibytes() {
        final AppConfig.InvalidConfigException e = org.junit.jupiter.api.Assertions.assertThrows(
                AppConfig.InvalidConfigException.class,
                () -> AppConfig.load(null, Map.of(), Map.of(AppConfig.ROCKSDB_MEMORY_BYTES, "1048576")));
        assertTrue(e.getMessage().contains(AppConfig.ROCKSDB_MEMORY_BYTES), e.getMessage());
    }
}
