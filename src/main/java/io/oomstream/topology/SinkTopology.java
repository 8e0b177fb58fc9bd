package io.oomstream.topology;

import com.fasterxml.jackson.databind.JsonNode;
import io.oomstream.config.AppConfig;
import io.oomstream.enrich.EnrichedEvent;
import io.oomstream.incident.IncidentRecord;
import io.oomstream.count.KillCount;
import io.oomstream.sink.SinkRows;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * The feed of the JDBC sink (docs/sink.md): reads the enriched-events, incidents and kill-counts topics back
 * and writes each record as one flat row in a Kafka Connect JSON envelope ({@link SinkRows}) to its sink topic,
 * under the same key. Kafka Connect's JsonConverter and the Debezium JDBC sink upsert the rows into PostgreSQL
 * by their primary keys (deploy/connect/), so a record written twice (replay, re-emitted event, incident
 * update) overwrites its row.
 *
 * <pre>
 *   oom.events.enriched ─ rows ─ oom.sink.events
 *   oom.incidents       ─ rows ─ oom.sink.incidents
 *   oom.kill-counts     ─ rows ─ oom.sink.kill-counts
 * </pre>
 * Reading the topics (rather than tapping the streams inside {@link FleetTopology}) keeps this stage to the
 * topics' contracts (schemas/) and needs no state; timestamps are kept (processing time, as written).
 * A record that cannot be read is skipped and counted by the deserialization handler.
 */
public final class SinkTopology {

    static final String EVENTS_SOURCE = "sink-events-source";
    static final String EVENTS_ROWS = "sink-events-rows";
    static final String EVENTS_SINK = "sink-events-sink";
    static final String INCIDENTS_SOURCE = "sink-incidents-source";
    static final String INCIDENTS_ROWS = "sink-incidents-rows";
    static final String INCIDENTS_SINK = "sink-incidents-sink";
    static final String KILL_COUNTS_SOURCE = "sink-kill-counts-source";
    static final String KILL_COUNTS_ROWS = "sink-kill-counts-rows";
    static final String KILL_COUNTS_SINK = "sink-kill-counts-sink";

    private SinkTopology() {
    }

    /** Adds the three row stages to {@code builder}. */
    public static void build(final StreamsBuilder builder, final AppConfig config) {
        final Serde<JsonNode> rows = ContinueOnRecordErrorHandler.limitSize(new JsonSerde<>(JsonNode.class),
                config.maxOutputValueBytes());
        builder.stream(config.enrichedTopic(), Consumed.with(Serdes.String(), new JsonSerde<>(EnrichedEvent.class))
                        .withName(EVENTS_SOURCE))
                .processValues(rows(SinkRows.EVENTS, SinkRows::event), Named.as(EVENTS_ROWS))
                .to(config.sinkEventsTopic(), Produced.with(Serdes.String(), rows).withName(EVENTS_SINK));
        builder.stream(config.incidentsTopic(), Consumed.with(Serdes.String(), new JsonSerde<>(IncidentRecord.class))
                        .withName(INCIDENTS_SOURCE))
                .processValues(rows(SinkRows.INCIDENTS, SinkRows::incident), Named.as(INCIDENTS_ROWS))
                .to(config.sinkIncidentsTopic(), Produced.with(Serdes.String(), rows).withName(INCIDENTS_SINK));
        builder.stream(config.killCountsTopic(), Consumed.with(Serdes.String(), new JsonSerde<>(KillCount.class))
                        .withName(KILL_COUNTS_SOURCE))
                .processValues(rows(SinkRows.KILL_COUNTS, SinkRows::killCount), Named.as(KILL_COUNTS_ROWS))
                .to(config.sinkKillCountsTopic(), Produced.with(Serdes.String(), rows).withName(KILL_COUNTS_SINK));
    }

    private static <V> FixedKeyProcessorSupplier<String, V, JsonNode> rows(
            final SinkRows.Table table, final BiFunction<V, Long, Map<String, Object>> row) {
        return () -> new ContextualFixedKeyProcessor<>() {
            @Override
            public void process(final FixedKeyRecord<String, V> record) {
                if (record.value() == null) {
                    return; // a tombstone deletes nothing downstream: rows are kept
                }
                context().forward(record.withValue(table.envelope(row.apply(record.value(), record.timestamp()))));
            }
        };
    }
}
