package io.oomstream.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.oomstream.stitch.HostState;
import io.oomstream.stitch.ReportLine;
import java.lang.reflect.Proxy;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * Open reports' lines kept in memory by {@link KafkaStitchStore} as they are appended, so a report's end does not read
 * them back from RocksDB. The store stays the truth: whatever was appended, cut or removed, what {@code lines} returns
 * is what a store made afresh over the same stores (a new processor) reads from them.
 */
class KafkaStitchStoreLinesTest {

    private static final String HOST = "web-01";

    /** A sorted key-value store over a map that counts its range reads; {@code failWrites} makes every put throw. */
    private static final class SortedMapStore {
        final NavigableMap<String, Object> values = new TreeMap<>();
        int ranges;
        boolean failWrites;

        @SuppressWarnings("unchecked")
        <V> KeyValueStore<String, V> store() {
            return (KeyValueStore<String, V>) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {KeyValueStore.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "get" -> values.get((String) args[0]);
                        case "put" -> {
                            if (failWrites) {
                                throw new IllegalStateException("the write failed");
                            }
                            if (args[1] == null) {
                                values.remove((String) args[0]);
                            } else {
                                values.put((String) args[0], args[1]);
                            }
                            yield null;
                        }
                        case "delete" -> values.remove((String) args[0]);
                        case "range" -> {
                            ranges++;
                            yield iterator(values.subMap((String) args[0], true, (String) args[1], true));
                        }
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }

        private static KeyValueIterator<String, Object> iterator(final Map<String, Object> range) {
            final Iterator<Map.Entry<String, Object>> it = List.copyOf(range.entrySet()).iterator();
            return new KeyValueIterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public KeyValue<String, Object> next() {
                    final Map.Entry<String, Object> e = it.next();
                    return KeyValue.pair(e.getKey(), e.getValue());
                }

                @Override
                public void close() {
                }

                @Override
                public String peekNextKey() {
                    throw new UnsupportedOperationException();
                }
            };
        }
    }

    private final SortedMapStore lineStore = new SortedMapStore();
    private final KafkaStitchStore store = storeOver(lineStore);

    private KafkaStitchStore storeOver(final SortedMapStore lines) {
        final KeyValueStore<String, HostState> states = new SortedMapStore().store();
        return new KafkaStitchStore(states, lines.store(), new SortedMapStore().store());
    }

    private static ReportLine line(final int i) {
        return new ReportLine("kernel", "line " + i, 1_700_000_000_000L + i, null);
    }

    private List<ReportLine> asTheStoreHoldsThem(final String host, final int count) {
        return storeOver(lineStore).lines(host, count);
    }

    @Test
    void shouldGiveAReportsLinesAsTheStoreHoldsThemWithoutReadingThemBack() {
        for (int i = 0; i < 5; i++) {
            store.appendLine(HOST, i, line(i));
        }
        store.truncateLines(HOST, 2, 5); // a kill line's report cut back to its kill line, then going on
        store.appendLine(HOST, 2, line(20));
        store.appendLine(HOST, 3, line(30));
        final int before = lineStore.ranges;

        assertEquals(List.of(line(0), line(1), line(20), line(30)), store.lines(HOST, 4));
        assertEquals(before, lineStore.ranges, "kept, not read back");
        assertEquals(asTheStoreHoldsThem(HOST, 4), store.lines(HOST, 4));
        assertEquals(asTheStoreHoldsThem(HOST, 2), store.lines(HOST, 2));
        store.removeLines(HOST, 4);
        assertEquals(List.of(), asTheStoreHoldsThem(HOST, 4));
        assertEquals(List.of(), store.lines(HOST, 4));
    }

    @Test
    void shouldReadTheStoreForAReportBegunBeforeIt() {
        for (int i = 0; i < 3; i++) {
            store.appendLine(HOST, i, line(i));
        }
        final KafkaStitchStore revived = storeOver(lineStore); // a new processor: the task revived or moved here
        revived.appendLine(HOST, 3, line(3));

        assertEquals(List.of(line(0), line(1), line(2), line(3)), revived.lines(HOST, 4));
    }

    @Test
    void shouldLetGoOfTheLeastRecentlyTouchedHostsLinesBeyondItsBoundAndReadThemFromTheStore() {
        store.appendLine("db-01", 0, line(-1));
        for (int i = 0; i < KafkaStitchStore.MAX_KEPT_LINES; i++) {
            store.appendLine(HOST, i, line(i));
        }
        final int before = lineStore.ranges;

        assertEquals(List.of(line(-1)), store.lines("db-01", 1));
        assertEquals(before + 1, lineStore.ranges, "let go, read from the store");
        assertEquals(asTheStoreHoldsThem(HOST, KafkaStitchStore.MAX_KEPT_LINES),
                store.lines(HOST, KafkaStitchStore.MAX_KEPT_LINES));
    }

    @Test
    void shouldKeepNoLineTheStoreRefused() {
        store.appendLine(HOST, 0, line(0));
        lineStore.failWrites = true;
        assertThrows(IllegalStateException.class, () -> store.appendLine(HOST, 1, line(1)));
        lineStore.failWrites = false;

        assertEquals(asTheStoreHoldsThem(HOST, 2), store.lines(HOST, 2));
        assertEquals(List.of(line(0)), store.lines(HOST, 2));
    }
}
