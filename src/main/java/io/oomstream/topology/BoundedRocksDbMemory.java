package io.oomstream.topology;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the off-heap memory of every RocksDB state store in the process by one number, so that an OOM storm
 * (many tasks, many open reports, a burst of writes) cannot grow the JVM's native memory past the container limit.
 *
 * <p>Without it each store of each task takes its own block cache (50 MB in Kafka Streams) and up to three 16 MB
 * memtables: native memory grows with the number of stores times partitions, which no heap limit sees. Here all
 * stores share one LRU block cache of {@link #BYTES_CONFIG} bytes, and a write-buffer manager charges every
 * memtable to that same cache (half of it at most for memtables), so data blocks, index and filter blocks and
 * memtables together stay within the one budget. Index and filter blocks live in the cache (high priority, top
 * level pinned) rather than beside it, where they would be unbounded.
 *
 * <p>The cache and the manager are created once per JVM, with the size the first store asks for, and never closed
 * by a store (other stores still use them); a process runs one application with one setting. RocksDB can overshoot
 * by the blocks pinned by open iterators (the cache is not strict: a strict one fails reads instead).
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {

    /** Streams config key carrying {@code oomstream.rocksdb.memory.bytes} to the stores. */
    public static final String BYTES_CONFIG = "oomstream.rocksdb.memory.bytes";
    /** Share of the cache kept for index and filter blocks (high priority). */
    private static final double INDEX_AND_FILTER_SHARE = 0.1;
    /** Memtables may hold at most this share of the budget before the manager flushes them. */
    private static final double MEMTABLE_SHARE = 0.5;
    /** One memtable of a store, at most: small, since the manager flushes on the total anyway. */
    private static final long WRITE_BUFFER_BYTES = 8L << 20;

    private static final Logger LOG = LoggerFactory.getLogger(BoundedRocksDbMemory.class);

    private static Cache cache;
    private static WriteBufferManager writeBuffers;
    private static long capacity;

    @Override
    public void setConfig(final String storeName, final Options options, final Map<String, Object> configs) {
        final long bytes = Long.parseLong(String.valueOf(configs.get(BYTES_CONFIG)));
        // Kafka Streams hands over options with its own block-based table config; other callers may have none.
        final BlockBasedTableConfig table = options.tableFormatConfig() instanceof BlockBasedTableConfig t ? t
                : new BlockBasedTableConfig();
        table.setBlockCache(shared(bytes));
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(writeBuffers);
        options.setWriteBufferSize(Math.min(WRITE_BUFFER_BYTES, Math.max(1L << 20, bytes / 16)));
        options.setMaxWriteBufferNumber(2);
    }

    @Override
    public void close(final String storeName, final Options options) {
        // The cache and the write-buffer manager are shared by every store of the process: never closed here.
    }

    /** The budget in force (bytes), or 0 before the first store opened. */
    public static synchronized long capacity() {
        return capacity;
    }

    private static synchronized Cache shared(final long bytes) {
        if (cache == null) {
            cache = new LRUCache(bytes, -1, false, INDEX_AND_FILTER_SHARE);
            writeBuffers = new WriteBufferManager((long) (bytes * MEMTABLE_SHARE), cache);
            capacity = bytes;
            LOG.info("RocksDB state stores share one block cache of {} MiB, memtables charged to it",
                    bytes >> 20);
        } else if (bytes != capacity) {
            LOG.warn("RocksDB memory budget {} asked for, {} already in force in this process: keeping {}", bytes,
                    capacity, capacity);
        }
        return cache;
    }
}
