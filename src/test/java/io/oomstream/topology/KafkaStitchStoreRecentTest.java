package io.oomstream.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.oomstream.event.EventKind;
import io.oomstream.event.OomEvent;
import io.oomstream.stitch.HostState;
import io.oomstream.stitch.ReportLine;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * The hosts' recent events kept in memory by {@link KafkaStitchStore}, written through to the store: every publish
 * reads them and writes them back, and a report publishes two or three times within seconds. The store stays the
 * truth: what the cache returns is what the store holds.
 */
class KafkaStitchStoreRecentTest {

    private static final String HOST = "web-01";

    /** A key-value store over a map that counts its reads; {@code failWrites} makes every put throw. */
    private static final class MapStore {
        final Map<String, Object> values = new HashMap<>();
        int gets;
        boolean failWrites;

        @SuppressWarnings("unchecked")
        <V> KeyValueStore<String, V> store() {
            return (KeyValueStore<String, V>) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {KeyValueStore.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "get" -> {
                            gets++;
                            yield values.get((String) args[0]);
                        }
                        case "put" -> {
                            if (failWrites) {
                                throw new IllegalStateException("the write failed");
                            }
                            values.put((String) args[0], args[1]);
                            yield null;
                        }
                        case "delete" -> values.remove((String) args[0]);
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }

    private final MapStore recentStore = new MapStore();
    private final KeyValueStore<String, HostState> open = new MapStore().store();
    private final KeyValueStore<String, ReportLine> lines = new MapStore().store();
    private final KafkaStitchStore store = new KafkaStitchStore(open, lines, recentStore.store());

    private static OomEvent event(final String id) {
        return OomEvent.builder().eventId(id).kind(EventKind.OOM_KILL).host(HOST).build();
    }

    @Test
    void shouldReadBackWhatWasWrittenWithoutReadingTheStore() {
        final List<OomEvent> written = List.of(event("a"), event("b"));
        store.putRecent(HOST, written);

        assertEquals(written, ((RecentEvents) recentStore.values.get(HOST)).events(), "written through");
        assertEquals(written, store.recent(HOST));
        assertSame(written.get(1), store.recent(HOST).get(1), "the same objects: their JSON is kept by identity");
        assertEquals(0, recentStore.gets);
    }

    @Test
    void shouldReadTheStoreOncePerHost() {
        recentStore.values.put(HOST, new RecentEvents(List.of(event("stored"))));

        assertEquals(List.of(event("stored")), store.recent(HOST));
        assertEquals(List.of(event("stored")), store.recent(HOST));
        assertEquals(List.of(), store.recent("db-01"));
        assertEquals(List.of(), store.recent("db-01"));
        assertEquals(2, recentStore.gets, "one read per host");
    }

    @Test
    void shouldReadTheStoreAgainAfterAFailedStep() {
        store.putRecent(HOST, List.of(event("a")));
        recentStore.values.put(HOST, new RecentEvents(List.of(event("restored")))); // the store is the truth

        store.forgetCached();

        assertEquals(List.of(event("restored")), store.recent(HOST));
        assertEquals(1, recentStore.gets);
    }

    @Test
    void shouldKeepTheStoresEventsWhenAWriteFails() {
        store.putRecent(HOST, List.of(event("a")));
        recentStore.failWrites = true;

        assertThrows(IllegalStateException.class, () -> store.putRecent(HOST, List.of(event("a"), event("b"))));

        assertEquals(List.of(event("a")), store.recent(HOST), "as the store holds them");
    }
}
