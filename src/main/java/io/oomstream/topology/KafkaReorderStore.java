package io.oomstream.topology;

import io.oomstream.reorder.HeldLine;
import io.oomstream.reorder.HostMark;
import io.oomstream.reorder.OrderKey;
import io.oomstream.reorder.ReorderStore;
import io.oomstream.reorder.SeenLine;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The reorder stage's state in three Kafka Streams key-value stores (persistent, changelogged, so held lines survive
 * a restart under exactly-once): held lines ({@code host NUL place}, one entry each, so holding a line writes only
 * that line), fingerprints of recent lines ({@code host NUL fingerprint}) and per-host marks. The buffer reads them
 * once, when its task starts, and writes through; with the stores' cache a line held and passed on within one commit
 * interval never reaches the changelog.
 */
final class KafkaReorderStore implements ReorderStore {

    private final KeyValueStore<String, HeldLine> held;
    private final KeyValueStore<String, SeenLine> seen;
    private final KeyValueStore<String, HostMark> marks;

    KafkaReorderStore(final KeyValueStore<String, HeldLine> held, final KeyValueStore<String, SeenLine> seen,
                      final KeyValueStore<String, HostMark> marks) {
        this.held = held;
        this.seen = seen;
        this.marks = marks;
    }

    static String heldKey(final String hostKey, final OrderKey key) {
        return hostKey + '\u0000' + key.sortable();
    }

    static String seenKey(final String hostKey, final long fingerprint) {
        return hostKey + '\u0000' + Long.toHexString(fingerprint);
    }

    @Override
    public void putHeld(final String hostKey, final HeldLine line) {
        held.put(heldKey(hostKey, line.key()), line);
    }

    @Override
    public void removeHeld(final String hostKey, final OrderKey key) {
        held.delete(heldKey(hostKey, key));
    }

    @Override
    public void putSeen(final String hostKey, final long fingerprint, final SeenLine line) {
        seen.put(seenKey(hostKey, fingerprint), line);
    }

    @Override
    public void removeSeen(final String hostKey, final long fingerprint) {
        seen.delete(seenKey(hostKey, fingerprint));
    }

    @Override
    public void putMark(final String hostKey, final HostMark mark) {
        marks.put(hostKey, mark);
    }

    @Override
    public void removeMark(final String hostKey) {
        marks.delete(hostKey);
    }

    @Override
    public void load(final Loader loader) {
        try (KeyValueIterator<String, HeldLine> it = held.all()) {
            while (it.hasNext()) {
                final KeyValue<String, HeldLine> kv = it.next();
                if (kv.value != null) {
                    loader.held(host(kv.key), kv.value);
                }
            }
        }
        try (KeyValueIterator<String, SeenLine> it = seen.all()) {
            while (it.hasNext()) {
                final KeyValue<String, SeenLine> kv = it.next();
                final int nul = kv.key.lastIndexOf('\u0000');
                if (kv.value != null && nul >= 0) {
                    loader.seen(kv.key.substring(0, nul), Long.parseUnsignedLong(kv.key.substring(nul + 1), 16),
                            kv.value);
                }
            }
        }
        try (KeyValueIterator<String, HostMark> it = marks.all()) {
            while (it.hasNext()) {
                final KeyValue<String, HostMark> kv = it.next();
                if (kv.value != null) {
                    loader.mark(kv.key, kv.value);
                }
            }
        }
    }

    private static String host(final String storeKey) {
        final int nul = storeKey.lastIndexOf('\u0000');
        return nul < 0 ? storeKey : storeKey.substring(0, nul);
    }
}
