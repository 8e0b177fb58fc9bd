package io.oomstream.topology;

import io.oomstream.count.CountFeed;
import io.oomstream.count.KillDimensions;
import io.oomstream.count.KillLedger;
import io.oomstream.incident.IncidentSettings;
import io.oomstream.incident.Kill;
import io.oomstream.metrics.Metrics;
import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the kill counts from the {@link KillLedger} ({@link KillLedger#count}): first kills, moves of re-emitted
 * ones, and ticks in quiet periods ({@link KillLedger#tick}, sent to every partition by
 * {@link KillCountPartitioner}), keyed by dimensions and stamped with the ledger's time. Forgets the ledger's old
 * ids hourly. Runs on the by-host stream, behind {@link KillRepeatProcessor}.
 */
final class KillCountFeedProcessor extends ContextualProcessor<String, Kill, KillDimensions, CountFeed> {

    /** Kills not counted, by reason: {@link #OLDER_THAN_RETENTION} or {@link #BEFORE_1970}. */
    static final String REFUSED = "oomstream_kill_counts_refused_total";
    static final String OLDER_THAN_RETENTION = "older_than_retention";
    static final String BEFORE_1970 = "before_1970";
    static final String MOVED = "oomstream_kill_counts_reattributed_total";
    /** How often ids past the retention are forgotten (a scan of the kept ids). */
    static final Duration FORGET_EVERY = Duration.ofHours(1);

    private static final Logger LOG = LoggerFactory.getLogger(KillCountFeedProcessor.class);

    private final IncidentSettings settings;
    private final Metrics metrics;
    private KillLedger ledger;
    private Metrics.Counter tooOld;
    private Metrics.Counter before1970;
    private Metrics.Counter moved;

    KillCountFeedProcessor(final IncidentSettings settings, final Metrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
    }

    static Metrics.Counter refused(final Metrics metrics, final String reason) {
        return metrics.counter(REFUSED, "Kills not counted in kill counts (still in events and incidents), by reason",
                "reason", reason);
    }

    @Override
    public void init(final ProcessorContext<KillDimensions, CountFeed> context) {
        super.init(context);
        ledger = new KillLedger(settings, new KafkaLedgerStore(context),
                (dimensions, item, time) -> context.forward(new Record<>(dimensions, item, time)));
        moved = metrics.counter(MOVED, "Kills emitted again with another service or fleet fields: moved from "
                + "their first dimensions to the new ones in kill counts");
        tooOld = refused(metrics, OLDER_THAN_RETENTION);
        before1970 = refused(metrics, BEFORE_1970);
        context.schedule(KillLedger.TICK_EVERY, PunctuationType.WALL_CLOCK_TIME, ledger::tick);
        context.schedule(FORGET_EVERY, PunctuationType.WALL_CLOCK_TIME, wallNow -> ledger.forget());
    }

    @Override
    public void process(final Record<String, Kill> record) {
        final Kill kill = record.value();
        switch (ledger.count(kill, context().currentSystemTimeMs())) {
            case MOVED -> moved.inc();
            case TOO_OLD -> {
                tooOld.inc();
                LOG.warn("kill {} on {} at {} is older than the kill-count retention ({}): not counted",
                        kill.summary().eventId(), kill.summary().host(), kill.summary().time(),
                        settings.killCountRetention());
            }
            case BEFORE_1970 -> {
                before1970.inc();
                LOG.warn("kill {} on {} at {} is dated before 1970 (a reset clock?): not counted",
                        kill.summary().eventId(), kill.summary().host(), kill.summary().time());
            }
            default -> { }
        }
    }
}
