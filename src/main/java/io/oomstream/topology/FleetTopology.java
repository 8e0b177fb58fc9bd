package io.oomstream.topology;

import io.oomstream.config.AppConfig;
import io.oomstream.count.CountFeed;
import io.oomstream.count.KillCount;
import io.oomstream.count.KillCountKey;
import io.oomstream.count.KillDimensions;
import io.oomstream.enrich.EnrichedEvent;
import io.oomstream.enrich.FleetHost;
import io.oomstream.enrich.HostNames;
import io.oomstream.enrich.PodMetadata;
import io.oomstream.event.OomEvent;
import io.oomstream.incident.FleetGroup;
import io.oomstream.incident.IncidentRecord;
import io.oomstream.incident.IncidentSettings;
import io.oomstream.incident.Kill;
import io.oomstream.metrics.Metrics;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.GlobalKTable;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * The stages behind the stitched events: fleet enrichment, incidents and kill counts, called in the order of
 * the data by {@link OomTopology#build}.
 *
 * <pre>
 *   fleet topic ── GlobalKTable (oom-fleet-metadata)   pods topic ── GlobalKTable (oom-pod-metadata)
 *   events ── enrich: leftJoin fleet, leftJoin pods ──┬── enriched events topic
 *                                      └── kills ── repartition by host ── mark repeats (the kill ledger)
 *   kills by host ──┬── incidents (oom-host-incidents) ──────────────────────────┬── incidents topic
 *                   ├── repartition by group ── fleetwide (oom-fleetwide-groups) ─┘ (fleet-wide incidents)
 *                   │                                   └── flags ── repartition by host ── incidents
 *                   └── count feed (the kill ledger) ── repartition by dimensions ── kill counts
 *                       (oom-kill-windows: closed windows, then corrections) ── kill counts topic
 *   the kill ledger: oom-kill-ids, oom-kills-counted, oom-kill-feed-clock, shared by its two stages
 * </pre>
 * Topics from {@link AppConfig}; every node and store named in {@link Names}. Time: windows use the kills'
 * log time and close on stream time, which ticks keep moving in quiet periods ({@link io.oomstream.count.KillLedger#tick});
 * incidents use log time for membership and processing time for closing quiet ones; every output record is
 * stamped with processing time.
 *
 * <p>The fleet topic must be keyed by {@link HostNames#key} ({@code oomstream fleet load} does this); a
 * record under another key is never matched.
 */
public final class FleetTopology {

    private FleetTopology() {
    }

    /** The settings of {@code config}. */
    public static IncidentSettings settings(final AppConfig config) {
        return new IncidentSettings(config.incidentQuietGap(), config.fleetWideMinHosts(), config.fleetWideSpan(),
                config.killCountsWindow(), config.killCountsGrace(), config.killCountsRetention());
    }

    /**
     * The kills of the enriched events, by host, each marked when it repeats one already seen.
     *
     * <p>The repartition by host costs the incident one more commit interval under exactly_once_v2 (a record in a
     * repartition topic is read downstream once its transaction commits), yet it stays even when the input is keyed
     * by host: the stitch task holds a partition the shipper chose (its own partitioner over the raw host name, or
     * {@link io.oomstream.stitch.Stitcher#hostKey}), while incidents and the fleet-wide flags that come back to them
     * ({@link Names#FLAGS_BY_HOST_REPARTITION}) go by {@link HostNames#key}, the short name: two names of one host
     * may sit in two input partitions, and a flag could not be routed to the partition a shipper picked.
     */
    static KStream<String, Kill> kills(final KStream<String, EnrichedEvent> enriched, final IncidentSettings settings,
                                       final Metrics metrics) {
        return enriched
                .processValues(fixedKey(KillSummaryProcessor::new, Set.of()), Named.as(Names.KILL_SUMMARY))
                .selectKey((id, kill) -> kill.hostKey(), Named.as(Names.KILLS_KEY_BY_HOST))
                .repartition(Repartitioned.with(Serdes.String(), new JsonSerde<>(Kill.class))
                        .withName(Names.KILLS_BY_HOST_REPARTITION))
                .processValues(fixedKey(() -> new KillRepeatProcessor(settings, metrics), Set.of()),
                        Named.as(Names.KILL_REPEATS), KafkaLedgerStore.STORES);
    }

    /**
     * The events joined with the fleet metadata (a global table of the fleet topic), then with the pod metadata
     * (a global table of the pods topic, found by the memcg path's pod uid, else its container id).
     */
    static KStream<String, EnrichedEvent> enrich(final StreamsBuilder builder,
                                                        final KStream<String, OomEvent> events,
                                                        final AppConfig config) {
        final Serde<FleetHost> fleetSerde = new JsonSerde<>(FleetHost.class);
        final GlobalKTable<String, FleetHost> fleet = builder.globalTable(config.fleetTopic(),
                Consumed.with(Serdes.String(), fleetSerde).withName(Names.FLEET_SOURCE),
                Materialized.<String, FleetHost, KeyValueStore<Bytes, byte[]>>as(Names.FLEET_STORE)
                        .withKeySerde(Serdes.String()).withValueSerde(fleetSerde));
        final Serde<PodMetadata> podSerde = new JsonSerde<>(PodMetadata.class);
        final GlobalKTable<String, PodMetadata> pods = builder.globalTable(config.podsTopic(),
                Consumed.with(Serdes.String(), podSerde).withName(Names.PODS_SOURCE),
                Materialized.<String, PodMetadata, KeyValueStore<Bytes, byte[]>>as(Names.PODS_STORE)
                        .withKeySerde(Serdes.String()).withValueSerde(podSerde));
        return events.leftJoin(fleet, (id, event) -> HostNames.key(event.host()), EnrichedEvent::of,
                        Named.as(Names.ENRICH))
                .leftJoin(pods, (id, enriched) -> enriched.podLookupKey(), EnrichedEvent::withPod,
                        Named.as(Names.ENRICH_PODS));
    }

    /** Host incidents, fed by kills and by the fleet-wide detector's flags, merged with fleet-wide incidents. */
    static KStream<String, IncidentRecord> incidents(final KStream<String, Kill> kills,
                                                            final IncidentSettings settings, final Metrics metrics) {
        final KStream<String, FleetWideOutput> fleetWide = kills
                // Repeats are in a fleet-wide incident already; a report without a kill is no kill at all.
                .filterNot((host, kill) -> kill.isRepeat() || kill.withoutKill(), Named.as(Names.KILLS_NOT_REPEATED))
                .flatMap((host, kill) -> FleetGroup.of(kill).stream()
                        .map(g -> KeyValue.pair(g.key(), new GroupedKill(g, kill))).toList(),
                        Named.as(Names.KILLS_KEY_BY_GROUP))
                .repartition(Repartitioned.with(Serdes.String(), new JsonSerde<>(GroupedKill.class))
                        .withName(Names.KILLS_BY_GROUP_REPARTITION))
                .process(supplier(() -> new FleetWideProcessor(settings, metrics), FleetWideProcessor.store()),
                        Named.as(Names.FLEETWIDE));
        final KStream<String, HostSignal> flags = fleetWide
                .filterNot((key, out) -> out.isIncident(), Named.as(Names.FLEETWIDE_FLAGS))
                .mapValues(out -> HostSignal.of(out.flag()), Named.as(Names.INCIDENT_FLAG_SIGNAL))
                .repartition(Repartitioned.with(Serdes.String(), new JsonSerde<>(HostSignal.class))
                        .withName(Names.FLAGS_BY_HOST_REPARTITION));
        final KStream<String, IncidentRecord> hostIncidents = kills
                .mapValues(HostSignal::of, Named.as(Names.INCIDENT_KILL_SIGNAL))
                .merge(flags, Named.as(Names.INCIDENT_SIGNALS))
                .process(supplier(() -> new IncidentProcessor(settings, metrics), IncidentProcessor.store()),
                        Named.as(Names.INCIDENTS));
        return hostIncidents.merge(fleetWide
                .filter((key, out) -> out.isIncident(), Named.as(Names.FLEETWIDE_INCIDENTS))
                .mapValues(out -> (IncidentRecord) out.incident(), Named.as(Names.FLEETWIDE_INCIDENT_VALUE)),
                Named.as(Names.INCIDENTS_MERGE));
    }

    /**
     * Tumbling windows of log time per dimensions, each kill once, emitted when the window closes and again,
     * corrected, when a late kill arrives.
     */
    static KStream<KillCountKey, KillCount> killCounts(final KStream<String, Kill> kills,
                                                              final IncidentSettings settings, final Metrics metrics) {
        final Serde<KillDimensions> dimensions = new JsonSerde<>(KillDimensions.class);
        return kills
                .process(supplier(() -> new KillCountFeedProcessor(settings, metrics)),
                        Named.as(Names.KILL_COUNT_FEED), KafkaLedgerStore.STORES)
                .repartition(Repartitioned.<KillDimensions, CountFeed>with(dimensions, new CountFeedSerde())
                        .withStreamPartitioner(new KillCountPartitioner(dimensions.serializer()))
                        .withName(Names.KILL_COUNTS_BY_DIMENSIONS))
                .process(supplier(() -> new KillCountProcessor(settings, metrics), KillCountProcessor.store()),
                        Named.as(Names.KILL_COUNTS));
    }

    /** Output values over the producer's request size are skipped and counted instead of failing the transaction. */
    static <T> Serde<T> outputSerde(final Class<T> type, final AppConfig config) {
        return ContinueOnRecordErrorHandler.limitSize(new JsonSerde<>(type), config.maxOutputValueBytes());
    }

    private static <KI, VI, KO, VO> ProcessorSupplier<KI, VI, KO, VO> supplier(
            final java.util.function.Supplier<Processor<KI, VI, KO, VO>> make, final StoreBuilder<?>... stores) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<KI, VI, KO, VO> get() {
                return make.get();
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(stores);
            }
        };
    }

    private static <K, VI, VO> FixedKeyProcessorSupplier<K, VI, VO> fixedKey(
            final java.util.function.Supplier<FixedKeyProcessor<K, VI, VO>> make, final Set<StoreBuilder<?>> stores) {
        return new FixedKeyProcessorSupplier<>() {
            @Override
            public FixedKeyProcessor<K, VI, VO> get() {
                return make.get();
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return stores.isEmpty() ? null : stores;
            }
        };
    }
}
