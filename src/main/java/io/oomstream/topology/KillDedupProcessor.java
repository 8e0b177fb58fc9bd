package io.oomstream.topology;

import io.oomstream.incident.Kill;
import io.oomstream.metrics.Metrics;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * In front of the kill counts: passes each kill once by event id (the stitcher re-emits an event when it
 * learns more) and moves it to its log time, so the windows are windows of log time.
 *
 * <p>The log time is capped at processing time: a host whose clock runs ahead would otherwise push stream
 * time into the future, making every other host's kills late, and the repartition topic refuses records more
 * than an hour ahead. A kill dated in the future is therefore counted in the window of when it was processed.
 *
 * <p>Runs on the by-host stream: event ids derive from the host, so one id always reaches the same task.
 */
final class KillDedupProcessor extends ContextualFixedKeyProcessor<String, Kill, Kill> {

    /** Re-emissions come within the stitcher's linger (10 min by default); a day is ample and cheap. */
    static final Duration RETENTION = Duration.ofDays(1);
    static final String DUPLICATES = "oomstream_kill_duplicates_total";

    private final Metrics metrics;
    private WindowStore<String, Long> seen;
    private Metrics.Counter duplicates;

    KillDedupProcessor(final Metrics metrics) {
        this.metrics = metrics;
    }

    static StoreBuilder<WindowStore<String, Long>> store() {
        return Stores.windowStoreBuilder(Stores.persistentWindowStore(Names.KILL_DEDUP_STORE, RETENTION, RETENTION,
                false), Serdes.String(), Serdes.Long());
    }

    @Override
    public void init(final FixedKeyProcessorContext<String, Kill> context) {
        super.init(context);
        seen = context.getStateStore(Names.KILL_DEDUP_STORE);
        duplicates = metrics.counter(DUPLICATES, "Re-emitted kills not counted again in kill counts");
    }

    @Override
    public void process(final FixedKeyRecord<String, Kill> record) {
        final String id = record.value().summary().eventId();
        final long now = record.timestamp();
        try (WindowStoreIterator<Long> it = seen.fetch(id, now - RETENTION.toMillis(), now + RETENTION.toMillis())) {
            if (it.hasNext()) {
                duplicates.inc();
                return;
            }
        }
        seen.put(id, now, now);
        final long logTime = record.value().time().toEpochMilli();
        context().forward(record.withTimestamp(Math.min(logTime, context().currentSystemTimeMs())));
    }
}
