package io.oomstream.topology;

import io.oomstream.count.CountedKill;
import io.oomstream.count.KillCountStore;
import io.oomstream.count.LedgerStore;
import io.oomstream.count.TickClock;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The kill ledger's state in three persistent, changelogged key-value stores, under the names and in the formats
 * the ledger's stages have always written (so a deployment upgrades with its state): event ids
 * ({@link Names#KILL_IDS_STORE}: {@code k|id}, {@code t|time|id} and {@code m|} keys to longs), what each kill was
 * counted as ({@link Names#KILLS_COUNTED_STORE}: event id to {@link CountedKill} JSON) and the tick clock
 * ({@link Names#KILL_FEED_CLOCK_STORE}: {@code m|clock-at} and {@code m|clock-set-at} to longs).
 */
final class KafkaLedgerStore implements LedgerStore {

    /** The stores, connected to both ledger stages by name. */
    static final String[] STORES = {Names.KILL_IDS_STORE, Names.KILLS_COUNTED_STORE, Names.KILL_FEED_CLOCK_STORE};

    private static final String CLOCK_AT = "m|clock-at";
    private static final String CLOCK_SET_AT = "m|clock-set-at";

    private final KillCountStore ids;
    private final KeyValueStore<String, CountedKill> counted;
    private final KeyValueStore<String, Long> clock;

    KafkaLedgerStore(final ProcessingContext context) {
        this.ids = new KafkaKillCountStore(context.getStateStore(Names.KILL_IDS_STORE));
        this.counted = context.getStateStore(Names.KILLS_COUNTED_STORE);
        this.clock = context.getStateStore(Names.KILL_FEED_CLOCK_STORE);
    }

    /** Adds the stores to {@code builder} (no cache: every write goes to the changelog in its transaction). */
    static void addTo(final StreamsBuilder builder) {
        builder.addStateStore(KafkaKillCountStore.builder(Names.KILL_IDS_STORE));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Names.KILLS_COUNTED_STORE),
                Serdes.String(), new JsonSerde<>(CountedKill.class)));
        builder.addStateStore(KafkaKillCountStore.builder(Names.KILL_FEED_CLOCK_STORE));
    }

    @Override
    public KillCountStore ids() {
        return ids;
    }

    @Override
    public CountedKill counted(final String eventId) {
        return counted.get(eventId);
    }

    @Override
    public void putCounted(final String eventId, final CountedKill kill) {
        counted.put(eventId, kill);
    }

    /** A scan of every kill kept; the old ones are deleted after it, not under an open iterator. */
    @Override
    public void forgetCountedBefore(final long horizon) {
        final List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, CountedKill> it = counted.all()) {
            it.forEachRemaining(kv -> {
                if (kv.value.logTime() < horizon) {
                    old.add(kv.key);
                }
            });
        }
        old.forEach(counted::delete);
    }

    @Override
    public TickClock clock() {
        final Long at = clock.get(CLOCK_AT);
        return at == null ? null : new TickClock(at, clock.get(CLOCK_SET_AT));
    }

    @Override
    public void putClock(final TickClock c) {
        clock.put(CLOCK_AT, c.at());
        clock.put(CLOCK_SET_AT, c.setAt());
    }
}
