package io.oomstream.topology;

import io.oomstream.incident.HostIncidents;
import io.oomstream.incident.Incident;
import io.oomstream.incident.IncidentRecord;
import io.oomstream.incident.IncidentSettings;
import io.oomstream.incident.IncidentTracker;
import io.oomstream.metrics.Metrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Runs the {@link IncidentTracker} per host on the by-host stream, its state in a changelogged store.
 * The tracker's clock is processing time (see its Javadoc for how log time and processing time combine);
 * a wall-clock punctuator closes incidents of hosts that went quiet. Records leave keyed by incident id and
 * stamped with processing time.
 */
final class IncidentProcessor extends ContextualProcessor<String, HostSignal, String, IncidentRecord> {

    /** How often quiet hosts are checked; incidents close at most this late. */
    static final Duration TICK = Duration.ofSeconds(10);
    static final String EMITTED = "oomstream_incidents_emitted_total";

    private final IncidentTracker tracker;
    private final Metrics metrics;
    private KeyValueStore<String, HostIncidents> store;

    IncidentProcessor(final IncidentSettings settings, final Metrics metrics) {
        this.tracker = new IncidentTracker(settings);
        this.metrics = metrics;
    }

    static StoreBuilder<KeyValueStore<String, HostIncidents>> store() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Names.HOST_INCIDENTS_STORE),
                Serdes.String(), new JsonSerde<>(HostIncidents.class));
    }

    @Override
    public void init(final ProcessorContext<String, IncidentRecord> context) {
        super.init(context);
        store = context.getStateStore(Names.HOST_INCIDENTS_STORE);
        context.schedule(TICK, PunctuationType.WALL_CLOCK_TIME, this::advanceAll);
    }

    @Override
    public void process(final Record<String, HostSignal> record) {
        final HostSignal signal = record.value();
        final Instant now = Instant.ofEpochMilli(context().currentSystemTimeMs());
        // Keyed by incident key (host, or host and pod): each pod's kills form incidents of their own.
        final String host = signal.kill() != null ? signal.kill().incidentKey() : signal.flag().incidentKey();
        final HostIncidents state = store.get(host);
        apply(host, state, signal.kill() != null ? tracker.onKill(state, signal.kill(), now)
                : tracker.onFleetFlag(state, signal.flag(), now));
    }

    private void advanceAll(final long wallNow) {
        final List<KeyValue<String, HostIncidents>> states = new ArrayList<>();
        try (KeyValueIterator<String, HostIncidents> it = store.all()) {
            it.forEachRemaining(states::add);
        }
        // Written after the iteration: the store is not modified under an open iterator.
        for (final KeyValue<String, HostIncidents> kv : states) {
            apply(kv.key, kv.value, tracker.advance(kv.value, Instant.ofEpochMilli(wallNow)));
        }
    }

    private void apply(final String host, final HostIncidents before, final IncidentTracker.Step step) {
        if (step.state() == null) {
            store.delete(host);
        } else if (step.state() != before) {
            // An unchanged state is not written again: every tick would otherwise rewrite every host's changelog.
            store.put(host, step.state());
        }
        for (final Incident i : step.emitted()) {
            metrics.counter(EMITTED, "Incident records emitted (updates included)", "scope", "host", "status",
                    i.status().json()).inc();
            context().forward(new Record<>(i.incidentId(), i, context().currentSystemTimeMs()));
        }
    }
}
