package io.oomstream.topology;

import io.oomstream.count.KillLedger;
import io.oomstream.incident.IncidentSettings;
import io.oomstream.incident.Kill;
import io.oomstream.metrics.Metrics;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Marks each kill with whether its event id was seen before ({@link Kill#seen}, {@link KillLedger#see}), for
 * incidents and kill counts alike. Runs on the by-host stream: event ids derive from the host, so one id always
 * reaches the same task. Ids are forgotten by {@link KillCountFeedProcessor}, the ledger's other stage.
 */
final class KillRepeatProcessor extends ContextualFixedKeyProcessor<String, Kill, Kill> {

    static final String DUPLICATES = "oomstream_kill_duplicates_total";

    private final IncidentSettings settings;
    private final Metrics metrics;
    private KillLedger ledger;
    private Metrics.Counter duplicates;

    KillRepeatProcessor(final IncidentSettings settings, final Metrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
    }

    @Override
    public void init(final FixedKeyProcessorContext<String, Kill> context) {
        super.init(context);
        // This stage sends nothing to the counter: only see() is called.
        ledger = new KillLedger(settings, new KafkaLedgerStore(context), (dimensions, item, time) -> { });
        duplicates = metrics.counter(DUPLICATES, "Kills emitted again (more detail, or a replayed log): not "
                + "counted again in incidents and kill counts");
    }

    @Override
    public void process(final FixedKeyRecord<String, Kill> record) {
        final Kill.Seen seen = ledger.see(record.value(), context().currentSystemTimeMs());
        if (seen == Kill.Seen.DUPLICATE) {
            duplicates.inc();
        }
        context().forward(record.withValue(record.value().seen(seen)));
    }
}
