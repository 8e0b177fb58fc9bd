package io.oomstream.topology;

import io.oomstream.count.CountFeed;
import io.oomstream.count.KillCounter;
import io.oomstream.count.KillDimensions;
import io.oomstream.incident.IncidentSettings;
import io.oomstream.count.KillCount;
import io.oomstream.count.KillCountKey;
import io.oomstream.metrics.Metrics;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kill counts, on the feed partitioned by dimensions: {@link KillCounter#apply} over a persistent store.
 * Emitted counts are keyed by dimensions plus window start and stamped with processing time (the window's log
 * time may be far in the past, or wrong).
 */
final class KillCountProcessor extends ContextualProcessor<KillDimensions, CountFeed, KillCountKey, KillCount> {

    static final String CORRECTIONS = "oomstream_kill_counts_corrections_total";

    private static final Logger LOG = LoggerFactory.getLogger(KillCountProcessor.class);

    private final IncidentSettings settings;
    private final Metrics metrics;
    private KillCounter counter;
    private Metrics.Counter corrections;
    private Metrics.Counter tooOld;

    KillCountProcessor(final IncidentSettings settings, final Metrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
    }

    static StoreBuilder<KeyValueStore<String, Long>> store() {
        return KafkaKillCountStore.builder(Names.KILL_WINDOWS_STORE);
    }

    @Override
    public void init(final ProcessorContext<KillCountKey, KillCount> context) {
        super.init(context);
        counter = new KillCounter(settings, new KafkaKillCountStore(context.getStateStore(Names.KILL_WINDOWS_STORE)));
        corrections = metrics.counter(CORRECTIONS, "Kills counted after their window was emitted: the window was "
                + "emitted again with the corrected count");
        tooOld = KillCountFeedProcessor.refused(metrics, KillCountFeedProcessor.OLDER_THAN_RETENTION);
    }

    @Override
    public void process(final Record<KillDimensions, CountFeed> record) {
        final Instant time = Instant.ofEpochMilli(record.timestamp());
        final KillCounter.Counted counted = counter.apply(record.key(), record.value(), time);
        if (counted.arrival() == KillCounter.Arrival.CORRECTION && record.value() instanceof CountFeed.Count) {
            corrections.inc();
        } else if (counted.arrival() == KillCounter.Arrival.TOO_OLD) {
            tooOld.inc();
            LOG.warn("kill {} at {} is older than the kill-count retention ({}) behind stream time {}: not counted",
                    record.value(), time, settings.killCountRetention(), counter.streamTime());
        }
        final long now = context().currentSystemTimeMs();
        for (final KillCount c : counted.emitted()) {
            context().forward(new Record<>(c.key(), c, now));
        }
    }
}
