package io.oomstream.topology;

import io.oomstream.config.AppConfig;
import io.oomstream.metrics.Metrics;
import io.oomstream.syslog.DecodeResult;
import io.oomstream.syslog.OrdinaryLine;
import io.oomstream.syslog.ProgramFilter;
import io.oomstream.syslog.SyslogDecoder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Keeps the ordinary 99% of the input out of Kafka Streams' loop: an interceptor on the main consumer decodes each
 * input record as the {@link DecodeProcessor} would (same decoder, same {@link ProgramFilter#OOM_REPORT_LINES} rule,
 * one decoder per partition seeing every record in order) and drops, right after the poll, the records it finds
 * {@link OrdinaryLine ordinary}, counting them exactly as the processor counts them (outcome {@code ordinary}, lines
 * decoded and pre-filtered, paste repairs). Everything else goes on, its decode handed to the processor
 * ({@link DecodeHandoff}); so does the last input record of each partition in every poll, whatever it is, so the
 * task still sees its input advance: its stream time (the stitcher's STREAM_TIME tick) and its consumed offset.
 *
 * <p>Offsets stay right: with a partition's buffer empty, Streams commits the consumer's position (the next offset
 * of the poll, {@code ConsumerRecords.nextOffsets()}, which this filter passes on), and it commits a task whose
 * consumer position moved past its last processed record ({@code StreamTask.commitNeeded}); the dropped records are
 * committed with the transaction of the records around them and the lag ends at 0.
 *
 * <p>With the reorder stage on too ({@link AppConfig#reorderOn()}): its progress marks claim what the decode task has
 * read, from the position and time of the records it processed; every record the filter drops is ordinary (no line to
 * send) and lies before the poll's last record, which the task does process, so a mark claims no less and no more
 * than without the filter.
 */
public final class OrdinaryRecordFilter implements ConsumerInterceptor<byte[], byte[]> {

    /** The input topic (main consumer config, prefixed by Streams' {@code main.consumer.}). */
    static final String TOPIC = "oomstream.ordinary.filter.topic";
    /** The application's {@link Metrics} instance (an object in the config map). */
    static final String METRICS = "oomstream.ordinary.filter.metrics";

    /** Records per poll with the filter on (unless configured): about 30 come through for Streams to process. */
    static final int MAX_POLL_RECORDS = 10_000;

    private String topic;
    private Metrics metrics;
    private OrdinaryCounting counters;
    private final Map<TopicPartition, PartitionDecoder> decoders = new HashMap<>();

    /**
     * The Streams properties of the application: {@link AppConfig#streamsProperties()} with this filter on the main
     * consumer (after any interceptor the configuration names itself).
     */
    public static Properties streamsProperties(final AppConfig config, final Metrics metrics) {
        final Properties p = config.streamsProperties();
        final String key = StreamsConfig.mainConsumerPrefix(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG);
        String own = p.getProperty(key);
        if (own == null) {
            own = p.getProperty(StreamsConfig.consumerPrefix(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG));
        }
        if (own == null) {
            own = p.getProperty(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG);
        }
        final String filter = OrdinaryRecordFilter.class.getName();
        p.put(key, own == null || own.isBlank() ? filter : own + "," + filter);
        final String maxPoll = StreamsConfig.mainConsumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG);
        if (!p.containsKey(maxPoll) && !p.containsKey(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG))
                && !p.containsKey(ConsumerConfig.MAX_POLL_RECORDS_CONFIG)) {
            // Nearly all of a poll's records end here, so a poll may be larger than Streams' 1,000: each turn of the
            // stream thread's loop (poll, every task asked for a record, punctuation and commit checks) then serves
            // more input.
            p.put(maxPoll, Integer.toString(MAX_POLL_RECORDS));
        }
        p.put(StreamsConfig.mainConsumerPrefix(TOPIC), config.inputTopic());
        p.put(StreamsConfig.mainConsumerPrefix(METRICS), metrics);
        return p;
    }

    @Override
    public void configure(final Map<String, ?> configs) {
        topic = (String) configs.get(TOPIC);
        final Object metrics = configs.get(METRICS);
        if (topic == null || !(metrics instanceof Metrics m)) {
            throw new IllegalArgumentException(OrdinaryRecordFilter.class.getSimpleName() + " needs " + TOPIC + " and "
                    + METRICS + " (set by OrdinaryRecordFilter.streamsProperties)");
        }
        this.metrics = m;
        counters = new OrdinaryCounting(m);
    }

    @Override
    public ConsumerRecords<byte[], byte[]> onConsume(final ConsumerRecords<byte[], byte[]> records) {
        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> kept = null;
        for (final TopicPartition tp : records.partitions()) {
            if (!tp.topic().equals(topic)) {
                continue;
            }
            if (kept == null) {
                kept = new LinkedHashMap<>();
            }
            kept.put(tp, filter(tp, records.records(tp)));
        }
        if (kept == null) {
            return records; // no input records in this poll (repartition, changelog-free sources)
        }
        for (final TopicPartition tp : records.partitions()) {
            kept.putIfAbsent(tp, records.records(tp));
        }
        final Map<TopicPartition, OffsetAndMetadata> next = records.nextOffsets();
        return new ConsumerRecords<>(kept, next);
    }

    private List<ConsumerRecord<byte[], byte[]>> filter(final TopicPartition tp,
                                                         final List<ConsumerRecord<byte[], byte[]>> batch) {
        final PartitionDecoder partition = decoders.computeIfAbsent(tp, p -> new PartitionDecoder(metrics));
        if (batch.get(0).offset() != partition.nextOffset) {
            // Read from another offset than where this partition stopped: a seek (rebalance, restart, a task
            // recovering from a failure). Its task starts with a fresh decoder; so does this one.
            partition.restart();
            DecodeHandoff.reset(tp);
        }
        final List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>(Math.max(16, batch.size() / 16));
        final int last = batch.size() - 1;
        long otherProgram = 0;
        long notAReportLine = 0;
        long lastMillis = Long.MIN_VALUE;
        Instant received = null;
        for (int i = 0; i <= last; i++) {
            final ConsumerRecord<byte[], byte[]> r = batch.get(i);
            if (r.value() == null) {
                out.add(r); // the processor's dead letter; it decodes nothing
                continue;
            }
            final long timestamp = r.timestamp() >= 0 ? r.timestamp() : partition.maxTimestamp;
            partition.maxTimestamp = Math.max(partition.maxTimestamp, r.timestamp());
            if (timestamp != lastMillis) { // records appended in the same millisecond share one
                lastMillis = timestamp;
                received = timestamp > 0 ? Instant.ofEpochMilli(timestamp) : null;
            }
            final DecodeResult result = partition.decoder.decode(r.value(), received, ProgramFilter.OOM_REPORT_LINES);
            if (result instanceof OrdinaryLine ordinary && i < last) {
                if (ordinary.ofProgramThatMayMatter()) {
                    notAReportLine++;
                } else {
                    otherProgram++;
                }
            } else {
                DecodeHandoff.put(tp, r.offset(), result);
                out.add(r);
            }
        }
        counters.count(otherProgram, notAReportLine);
        // The decoder's running totals: what it repaired in the whole poll, added once (it summed its table per record).
        partition.repairs.add(partition.decoder.repairs());
        partition.nextOffset = batch.get(last).offset() + 1;
        return out;
    }

    @Override
    public void onCommit(final Map<TopicPartition, OffsetAndMetadata> offsets) {
    }

    @Override
    public void close() {
    }

    /** One input partition's decoder, as the partition's task would hold it. */
    private static final class PartitionDecoder {
        SyslogDecoder decoder;
        long nextOffset = -1;
        long maxTimestamp = -1;
        final RepairCounting repairs;

        PartitionDecoder(final Metrics metrics) {
            repairs = new RepairCounting(metrics);
            restart();
        }

        void restart() {
            decoder = new SyslogDecoder(OomTopology.decoderOptions());
            maxTimestamp = -1;
            repairs.restart();
        }
    }
}
