package io.oomstream.topology;

import io.oomstream.incident.IncidentSettings;
import io.oomstream.incident.Kill;
import io.oomstream.incident.KillCounter;
import io.oomstream.incident.KillDeduplicator;
import io.oomstream.metrics.Metrics;
import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Marks each kill with whether its event id was seen before ({@link Kill#seen}): the stitcher re-emits an event
 * when it learns more, and a replayed log emits the same ids again. Incidents then replace a listed kill
 * instead of adding one, and kill counts count each kill once. Ids are forgotten the retention
 * ({@code oomstream.kill.counts.retention.ms}) after the newest kill seen, checked hourly.
 *
 * <p>Runs on the by-host stream: event ids derive from the host, so one id always reaches the same task.
 */
final class KillRepeatProcessor extends ContextualFixedKeyProcessor<String, Kill, Kill> {

    static final String DUPLICATES = "oomstream_kill_duplicates_total";
    /** How often ids older than the retention are forgotten (a scan of every id kept). */
    static final Duration FORGET_EVERY = Duration.ofHours(1);
    private static final String NEWEST = "m|newest-kill";

    private final IncidentSettings settings;
    private final Metrics metrics;
    private KafkaKillCountStore store;
    private KillDeduplicator dedup;
    private Metrics.Counter duplicates;

    KillRepeatProcessor(final IncidentSettings settings, final Metrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
    }

    static StoreBuilder<KeyValueStore<String, Long>> store() {
        return KafkaKillCountStore.builder(Names.KILL_IDS_STORE);
    }

    @Override
    public void init(final FixedKeyProcessorContext<String, Kill> context) {
        super.init(context);
        store = new KafkaKillCountStore(context.getStateStore(Names.KILL_IDS_STORE));
        dedup = new KillDeduplicator(store);
        duplicates = metrics.counter(DUPLICATES, "Kills emitted again (more detail, or a replayed log): not "
                + "counted again in incidents and kill counts");
        context.schedule(FORGET_EVERY, PunctuationType.WALL_CLOCK_TIME, this::forget);
    }

    @Override
    public void process(final FixedKeyRecord<String, Kill> record) {
        final Kill kill = record.value();
        // The id is kept under its own log time, not one capped at processing time: a capped (future-dated) kill
        // would be forgotten a retention after it was processed, and counted again if its log were replayed.
        final long time = KillCounter.clampedMillis(kill.time());
        final KillDeduplicator.Verdict verdict = dedup.check(kill.dedupKey(), time);
        if (verdict == KillDeduplicator.Verdict.DUPLICATE) {
            duplicates.inc();
        }
        // The horizon follows the newest kill, capped at processing time: a host clock running years ahead must
        // not make everyone else's kills "too old".
        final long capped = Math.min(time, context().currentSystemTimeMs());
        final Long newest = store.get(NEWEST);
        if (newest == null || newest < capped) {
            store.put(NEWEST, capped);
        }
        context().forward(record.withValue(kill.seen(verdict)));
    }

    private void forget(final long wallNow) {
        final Long newest = store.get(NEWEST);
        if (newest != null) {
            dedup.forgetBefore(newest - settings.killCountRetention().toMillis());
        }
    }
}
