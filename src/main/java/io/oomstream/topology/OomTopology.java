package io.oomstream.topology;

import io.oomstream.config.AppConfig;
import io.oomstream.event.OomEvent;
import io.oomstream.metrics.Metrics;
import io.oomstream.stitch.HostState;
import io.oomstream.stitch.ReportLine;
import io.oomstream.stitch.StitcherConfig;
import io.oomstream.syslog.DecoderOptions;
import java.time.ZoneOffset;
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
 * Builds oomstream's Kafka Streams topology; every node, store and internal topic is named
 * ({@link Names}), topics come from {@link AppConfig}.
 *
 * <pre>
 *   input topic ─ decode ─┬─ dead letters ──────────────────────────────────────── deadletter topic
 *                          └─ prefilter ─ repartition by host ─ stitch (3 stores) ─ oom.events
 *                                                                                    └─ FleetTopology: enrichment,
 *                                                                                       incidents, kill counts
 * </pre>
 * The repartition is skipped when the input is already keyed by host
 * ({@code oomstream.input.keyed.by.host=true}, as the shipped rsyslog configuration does).
 */
public final class OomTopology {

    private OomTopology() {
    }

    public static Topology build(final AppConfig config, final Metrics metrics) {
        final StreamsBuilder builder = new StreamsBuilder();
        final StitcherConfig stitcherConfig = stitcherConfig(config);
        final DecoderOptions decoderOptions = new DecoderOptions(null, ZoneOffset.UTC);

        final KStream<String, DecodeOutcome> decoded = builder
                .stream(config.inputTopic(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withName(Names.SYSLOG_SOURCE)
                        .withTimestampExtractor(new SafeTimestampExtractor()))
                .process(() -> new DecodeProcessor(decoderOptions, metrics), Named.as(Names.DECODE));

        decoded.split(Named.as(Names.DECODED_BRANCH))
                .branch((host, outcome) -> outcome.isDeadLetter(), Branched.<String, DecodeOutcome>withConsumer(
                        deadLetters -> deadLetters
                                .mapValues(DecodeOutcome::raw, Named.as(Names.DEADLETTER_RAW))
                                .to(config.deadletterTopic(), Produced.with(Serdes.String(),
                                                ContinueOnRecordErrorHandler.limitSize(Serdes.ByteArray(), config.maxOutputValueBytes()))
                                        .withName(Names.DEADLETTER_SINK)))
                        .withName(Names.DEADLETTER_BRANCH))
                .defaultBranch(Branched.<String, DecodeOutcome>withConsumer(lines -> {
                    final KStream<String, OomEvent> events = stitch(byHost(lines, config), stitcherConfig, metrics);
                    // Under exactly_once_v2 a record the broker refuses aborts the transaction and kills the
                    // thread (KAFKA-15259); an oversized value must fail in the serializer, where it is skipped.
                    events.to(config.eventsTopic(), Produced.with(Serdes.String(),
                                    ContinueOnRecordErrorHandler.limitSize(new JsonSerde<>(OomEvent.class),
                                            config.maxOutputValueBytes()))
                            .withName(Names.EVENTS_SINK));
                    FleetTopology.build(builder, events, config, metrics);
                    SinkTopology.build(builder, config);
                }).withName(Names.LINES_BRANCH));
        return builder.build();
    }

    private static KStream<String, DecodeOutcome> byHost(final KStream<String, DecodeOutcome> lines,
                                                        final AppConfig config) {
        if (config.inputKeyedByHost()) {
            return lines;
        }
        return lines.repartition(Repartitioned.with(Serdes.String(), new JsonSerde<>(DecodeOutcome.class))
                .withName(Names.BY_HOST_REPARTITION));
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
                        Serdes.String(), new JsonSerde<>(RecentEvents.class)));
    }

    static StitcherConfig stitcherConfig(final AppConfig config) {
        return new StitcherConfig(config.idleTimeout(), config.reaperGrace(), config.linger(),
                config.maxReportLines(), config.maxReportBytes(), StitcherConfig.DEFAULT_MAX_TASKS_IN_EVENT);
    }
}
