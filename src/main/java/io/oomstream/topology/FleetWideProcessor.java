package io.oomstream.topology;

import io.oomstream.enrich.HostNames;
import io.oomstream.incident.FleetFlag;
import io.oomstream.incident.FleetIncident;
import io.oomstream.incident.FleetWideDetector;
import io.oomstream.incident.GroupState;
import io.oomstream.incident.IncidentSettings;
import io.oomstream.metrics.Metrics;
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
 * Runs the {@link FleetWideDetector} per fleet group on the by-group stream, its state in a changelogged
 * store. Emits fleet-wide incidents keyed by their id and flags keyed by host key (for the incident
 * processor, through a repartition), stamped with processing time.
 */
final class FleetWideProcessor extends ContextualProcessor<String, GroupedKill, String, FleetWideOutput> {

    private final FleetWideDetector detector;
    private final Metrics metrics;
    private KeyValueStore<String, GroupState> store;

    FleetWideProcessor(final IncidentSettings settings, final Metrics metrics) {
        this.detector = new FleetWideDetector(settings);
        this.metrics = metrics;
    }

    static StoreBuilder<KeyValueStore<String, GroupState>> store() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Names.FLEETWIDE_STORE),
                Serdes.String(), new JsonSerde<>(GroupState.class));
    }

    @Override
    public void init(final ProcessorContext<String, FleetWideOutput> context) {
        super.init(context);
        store = context.getStateStore(Names.FLEETWIDE_STORE);
        context.schedule(IncidentProcessor.TICK, PunctuationType.WALL_CLOCK_TIME, this::advanceAll);
    }

    @Override
    public void process(final Record<String, GroupedKill> record) {
        final GroupedKill g = record.value();
        final String key = g.group().key();
        final GroupState state = store.get(key);
        final Instant now = Instant.ofEpochMilli(context().currentSystemTimeMs());
        apply(key, state, detector.onKill(state, g.group(), g.kill(), now));
    }

    private void advanceAll(final long wallNow) {
        final List<KeyValue<String, GroupState>> states = new ArrayList<>();
        try (KeyValueIterator<String, GroupState> it = store.all()) {
            it.forEachRemaining(states::add);
        }
        for (final KeyValue<String, GroupState> kv : states) {
            apply(kv.key, kv.value, detector.advance(kv.value, Instant.ofEpochMilli(wallNow)));
        }
    }

    private void apply(final String key, final GroupState before, final FleetWideDetector.Step step) {
        if (step.state() == null) {
            store.delete(key);
        } else if (step.state() != before) {
            store.put(key, step.state());
        }
        final long now = context().currentSystemTimeMs();
        for (final FleetIncident i : step.incidents()) {
            metrics.counter(IncidentProcessor.EMITTED, "Incident records emitted (updates included)", "scope", "fleet",
                    "status", i.status().json()).inc();
            context().forward(new Record<>(i.incidentId(), new FleetWideOutput(i, null), now));
        }
        for (final FleetFlag f : step.flags()) {
            context().forward(new Record<>(HostNames.key(f.host()), new FleetWideOutput(null, f), now));
        }
    }
}
