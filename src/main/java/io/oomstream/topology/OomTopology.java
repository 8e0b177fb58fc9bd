package io.oomstream.topology;

import io.oomstream.config.AppConfig;
import io.oomstream.enrich.EnrichedEvent;
import io.oomstream.event.OomEvent;
import io.oomstream.incident.IncidentRecord;
import io.oomstream.incident.IncidentSettings;
import io.oomstream.incident.Kill;
import io.oomstream.count.KillCount;
import io.oomstream.count.KillCountKey;
import io.oomstream.metrics.Metrics;
import io.oomstream.reorder.ArrivalDisorder;
import io.oomstream.reorder.HeldLine;
import io.oomstream.reorder.HostMark;
import io.oomstream.reorder.ReorderConfig;
import io.oomstream.reorder.SeenLine;
import io.oomstream.stitch.ReportLine;
import io.oomstream.stitch.StitcherConfig;
import io.oomstream.syslog.DecoderOptions;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds oomstream's Kafka Streams topology, read top to bottom as the data flows: decode, stitch, enrich,
 * incidents, kill counts, sink rows. Every node, store and internal topic is named ({@link Names}); topics come
 * from {@link AppConfig}; the stages' detail is in {@link FleetTopology} and {@link SinkTopology}.
 *
 * <pre>
 *   input topic ─ decode ─┬─ dead letters ──────────────────────────────────────── deadletter topic
 *                          └─ lines ─ repartition by host ─ reorder (3 stores) ─ stitch (3 stores) ─ oom.events
 *   events ─ enrich (fleet metadata) ─ oom.events.enriched
 *          └─ kills ─ repartition by host ─ repeats ─┬─ incidents (host, fleet-wide) ─ oom.incidents
 *                                                     └─ kill counts ─ oom.kill-counts
 *   enriched events, incidents, kill counts (read back) ─ sink rows ─ oom.sink.*
 * </pre>
 * The repartition is skipped when the input is already keyed by host
 * ({@code oomstream.input.keyed.by.host=true}, as the shipped rsyslog configuration does); so, by default, is the
 * reorder stage ({@code oomstream.reorder=auto}): keyed input is already in order.
 */
public final class OomTopology {

    private OomTopology() {
    }

    public static Topology build(final AppConfig config, final Metrics metrics) {
        return build(config, metrics, config.reorderOn() ? BrokerInputEnds.of(config, metrics) : null);
    }

    /**
     * @param inputEnds the input partitions' end offsets for the reorder stage's clock ({@link InputEnds#SYNCHRONOUS}
     *                  under TopologyTestDriver), null when the stage is off
     */
    static Topology build(final AppConfig config, final Metrics metrics, final InputEnds inputEnds) {
        final StreamsBuilder builder = new StreamsBuilder();
        final IncidentSettings settings = FleetTopology.settings(config);
        final DecoderOptions decoderOptions = decoderOptions();
        // One per instance: the reorder stage's held kills, and the commits it asks for (decode and reorder tasks).
        final CommitRequests commits = new CommitRequests();

        // decode: records to lines; what cannot be read goes to the dead-letter topic as it came
        final Map<String, KStream<String, DecodeOutcome>> decoded = builder
                .stream(config.inputTopic(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withName(Names.SYSLOG_SOURCE)
                        .withTimestampExtractor(new SafeTimestampExtractor()))
                .process(() -> new DecodeProcessor(decoderOptions, metrics, config.reorderOn() ? inputEnds : null,
                                commits),
                        Named.as(Names.DECODE))
                .split(Named.as(Names.DECODED_BRANCH))
                .branch((host, outcome) -> outcome.isDeadLetter(), Branched.<String, DecodeOutcome>withConsumer(
                        deadLetters -> deadLetters
                                .mapValues(DecodeOutcome::raw, Named.as(Names.DEADLETTER_RAW))
                                .to(config.deadletterTopic(), Produced.with(Serdes.String(),
                                                ContinueOnRecordErrorHandler.limitSize(Serdes.ByteArray(), config.maxOutputValueBytes()))
                                        .withName(Names.DEADLETTER_SINK)))
                        .withName(Names.DEADLETTER_BRANCH))
                .defaultBranch(Branched.as(Names.LINES_BRANCH));
        final KStream<String, DecodeOutcome> lines = decoded.get(Names.DECODED_BRANCH + Names.LINES_BRANCH);

        // stitch: a host's lines into events
        final KStream<String, OomEvent> events = stitch(reorder(byHost(lines, config), config, metrics, inputEnds, commits),
                stitcherConfig(config), metrics);
        // Under exactly_once_v2 a record the broker refuses aborts the transaction and kills the
        // thread (KAFKA-15259); an oversized value must fail in the serializer, where it is skipped.
        events.to(config.eventsTopic(), Produced.with(Serdes.String(),
                        ContinueOnRecordErrorHandler.limitSize(new JsonSerde<>(OomEvent.class, EventJson.MAPPER),
                                config.maxOutputValueBytes()))
                .withName(Names.EVENTS_SINK));

        // enrich: fleet metadata and service attribution
        final KStream<String, EnrichedEvent> enriched = FleetTopology.enrich(builder, events, config);
        enriched.to(config.enrichedTopic(), Produced.with(Serdes.String(),
                        ContinueOnRecordErrorHandler.limitSize(new JsonSerde<>(EnrichedEvent.class, EventJson.MAPPER),
                                config.maxOutputValueBytes()))
                .withName(Names.ENRICHED_SINK));

        // incidents: the kills, by host, repeats marked; host and fleet-wide incidents
        KafkaLedgerStore.addTo(builder);
        final KStream<String, Kill> kills = FleetTopology.kills(enriched, settings, metrics);
        FleetTopology.incidents(kills, settings, metrics)
                .to(config.incidentsTopic(), Produced.with(Serdes.String(),
                                FleetTopology.outputSerde(IncidentRecord.class, config))
                        .withName(Names.INCIDENTS_SINK));

        // counts: kills per window of log time and dimensions
        FleetTopology.killCounts(kills, settings, metrics)
                .to(config.killCountsTopic(), Produced.with(new JsonSerde<>(KillCountKey.class),
                        FleetTopology.outputSerde(KillCount.class, config)).withName(Names.KILL_COUNTS_SINK));

        // sink: flat rows of the three outputs for the JDBC sink
        SinkTopology.build(builder, config);
        return builder.build();
    }

    /** How the input is decoded (by the decode processor, and by {@link OrdinaryRecordFilter} ahead of it). */
    static DecoderOptions decoderOptions() {
        return new DecoderOptions(null, ZoneOffset.UTC);
    }

    private static KStream<String, DecodeOutcome> byHost(final KStream<String, DecodeOutcome> lines,
                                                        final AppConfig config) {
        if (config.inputKeyedByHost()) {
            return lines;
        }
        return lines.repartition(Repartitioned.with(Serdes.String(), new JsonSerde<>(DecodeOutcome.class))
                .withStreamPartitioner(new ByHostPartitioner(Serdes.String().serializer()))
                .withName(Names.BY_HOST_REPARTITION));
    }

    /** Puts each host's lines back in order when input may be out of order ({@link AppConfig#reorderOn()}). */
    private static KStream<String, DecodeOutcome> reorder(final KStream<String, DecodeOutcome> byHost,
                                                         final AppConfig config, final Metrics metrics,
                                                         final InputEnds inputEnds, final CommitRequests commits) {
        if (!config.reorderOn()) {
            return byHost;
        }
        final ReorderConfig reorderConfig = new ReorderConfig(config.reorderWindow(), config.reorderMaxLinesPerHost());
        // One per instance: its reorder tasks learn the input's disorder together.
        final ArrivalDisorder disorder = new ArrivalDisorder(config.reorderWindow());
        final ProcessorSupplier<String, DecodeOutcome, String, DecodeOutcome> supplier = new ProcessorSupplier<>() {
            @Override
            public ReorderProcessor get() {
                return new ReorderProcessor(reorderConfig, metrics, disorder, !config.inputKeyedByHost(), commits, inputEnds);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return reorderStores();
            }
        };
        return byHost.process(supplier, Named.as(Names.REORDER));
    }

    /**
     * The reorder stage's stores, persistent and changelogged; cached, so a line held and passed on within one commit
     * interval costs the changelog nothing.
     */
    static Set<StoreBuilder<?>> reorderStores() {
        return Set.of(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Names.REORDER_HELD_STORE),
                        Serdes.String(), new JsonSerde<>(HeldLine.class)).withCachingEnabled(),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Names.REORDER_SEEN_STORE),
                        Serdes.String(), new JsonSerde<>(SeenLine.class)).withCachingEnabled(),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Names.REORDER_HOSTS_STORE),
                        Serdes.String(), new JsonSerde<>(HostMark.class)).withCachingEnabled());
    }

    private static KStream<String, OomEvent> stitch(final KStream<String, DecodeOutcome> byHost,
                                                   final StitcherConfig stitcherConfig, final Metrics metrics) {
        final ProcessorSupplier<String, DecodeOutcome, String, OomEvent> supplier = new ProcessorSupplier<>() {
            @Override
            public StitchProcessor get() {
                return new StitchProcessor(stitcherConfig, metrics);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return stitchStores();
            }
        };
        return byHost.process(supplier, Named.as(Names.STITCH));
    }

    /** The stitcher's three stores, persistent and changelogged (logging is on by default). */
    static Set<StoreBuilder<?>> stitchStores() {
        return Set.of(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Names.STITCH_OPEN_STORE),
                        Serdes.String(), new HostStateSerde()),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Names.STITCH_LINES_STORE),
                        Serdes.String(), new JsonSerde<>(ReportLine.class)),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Names.STITCH_RECENT_STORE),
                        Serdes.String(), new JsonSerde<>(RecentEvents.class, EventJson.MAPPER)));
    }

    static StitcherConfig stitcherConfig(final AppConfig config) {
        return new StitcherConfig(config.idleTimeout(), config.reaperGrace(), config.linger(),
                config.maxReportLines(), config.maxReportBytes(), StitcherConfig.DEFAULT_MAX_TASKS_IN_EVENT);
    }
}
