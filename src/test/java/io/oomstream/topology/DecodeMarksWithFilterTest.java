package io.oomstream.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.loadgen.FleetLogGenerator;
import io.oomstream.loadgen.GeneratorConfig;
import io.oomstream.loadgen.OutputFormat;
import io.oomstream.metrics.Metrics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reorder stage's progress marks with {@link OrdinaryRecordFilter} on the main consumer: a decode task that gets
 * only the records the filter keeps (the report lines, and each poll's last record) sends, after every poll, the same
 * lines and the same marks as one that reads every record. A mark claims that every line appended before it has been
 * sent; the records the filter drops carry no line, and the poll's last record, which the task does read, gives its
 * position and time.
 */
class DecodeMarksWithFilterTest {

    private static final String INPUT = "syslog";
    private static final TopicPartition TP = new TopicPartition(INPUT, 0);
    private static final long APPENDED = 1_796_000_000_000L;

    /** Caught up once the task's position reaches the end of what has been polled so far, as the broker would say. */
    private static final class PolledEnd implements InputEnds {
        long end;

        @Override
        public long caughtUpAt(final int partition, final long position, final long wallNow) {
            return position >= end ? wallNow : Long.MIN_VALUE;
        }

        @Override
        public int partitions() {
            return 1;
        }

        @Override
        public void open() {
        }

        @Override
        public void close() {
        }
    }

    @AfterEach
    void forgetHandoff() {
        DecodeHandoff.reset(TP);
    }

    @Test
    void shouldSendTheLinesAndMarksOfATaskThatReadsEveryRecord() {
        final FleetLogGenerator g = new FleetLogGenerator(GeneratorConfig.defaults().withLines(8_000).withHosts(40)
                .withFormat(OutputFormat.JSON).withSeed(15));
        final List<String> records = new ArrayList<>();
        while (g.hasNext()) {
            records.add(g.next().value());
        }
        final OrdinaryRecordFilter filter = new OrdinaryRecordFilter();
        final Metrics filterMetrics = new Metrics();
        filter.configure(Map.of(OrdinaryRecordFilter.TOPIC, INPUT, OrdinaryRecordFilter.METRICS, filterMetrics));
        // Far behind the end of the partition (a backlog), and read up to it (caught up): marks of both kinds.
        final PolledEnd filteredEnd = new PolledEnd();
        final PolledEnd everyEnd = new PolledEnd();
        final DecodeProcessor filtered = new DecodeProcessor(OomTopology.decoderOptions(), new Metrics(), filteredEnd);
        final DecodeProcessor every = new DecodeProcessor(OomTopology.decoderOptions(), new Metrics(), everyEnd);
        final MockProcessorContext<String, DecodeOutcome> filteredContext = new MockProcessorContext<>();
        final MockProcessorContext<String, DecodeOutcome> everyContext = new MockProcessorContext<>();
        filtered.init(filteredContext);
        every.init(everyContext);

        final Random random = new Random(3);
        final int[] pollSizes = {1, 13, 250, 1_000};
        long wall = APPENDED + 100_000;
        int offset = 0;
        int polls = 0;
        long dropped = 0;
        while (offset < records.size()) {
            final int size = Math.min(pollSizes[random.nextInt(pollSizes.length)], records.size() - offset);
            final List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
            for (int i = offset; i < offset + size; i++) {
                batch.add(new ConsumerRecord<>(INPUT, 0, i, APPENDED + 10L * i, TimestampType.LOG_APPEND_TIME, -1, -1,
                        null, records.get(i).getBytes(StandardCharsets.UTF_8), new RecordHeaders(), Optional.empty()));
            }
            final List<ConsumerRecord<byte[], byte[]>> kept = filter.onConsume(new ConsumerRecords<>(
                    Map.of(TP, batch), Map.of(TP, new OffsetAndMetadata(offset + size)))).records(TP);
            dropped += size - kept.size();
            kept.forEach(r -> feed(filtered, filteredContext, r));
            batch.forEach(r -> feed(every, everyContext, r));
            offset += size;
            polls++;

            // Behind: the end is further on (what a later poll brings); then read to the end.
            filteredEnd.end = offset + 1_000;
            everyEnd.end = offset + 1_000;
            wall += 50;
            assertEquals(sent(everyContext, wall), sent(filteredContext, wall), "behind, after poll " + polls);
            filteredEnd.end = offset;
            everyEnd.end = offset;
            wall += 50;
            assertEquals(sent(everyContext, wall), sent(filteredContext, wall), "at the end, after poll " + polls);
        }
        assertTrue(dropped > 0.9 * records.size(), "the filter dropped " + dropped + " of " + records.size());
    }

    private static void feed(final DecodeProcessor decode, final MockProcessorContext<String, DecodeOutcome> context,
                             final ConsumerRecord<byte[], byte[]> r) {
        context.setRecordMetadata(r.topic(), r.partition(), r.offset());
        decode.process(new Record<>(r.key(), r.value(), r.timestamp()));
    }

    /** The lines forwarded since the last look, then the marks the task's punctuation sends at {@code wall}. */
    private static List<Object> sent(final MockProcessorContext<String, DecodeOutcome> context, final long wall) {
        final List<Object> out = new ArrayList<>();
        context.forwarded().forEach(f -> out.add(f.record().value().line() != null ? f.record().value().line()
                : f.record().value().progress() != null ? f.record().value().progress() : "dead letter"));
        context.resetForwards();
        context.scheduledPunctuators().forEach(p -> p.getPunctuator().punctuate(wall));
        context.forwarded().forEach(f -> out.add(f.record().value().progress()));
        context.resetForwards();
        return out;
    }
}
