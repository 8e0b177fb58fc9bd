package io.oomstream.bench;

import io.oomstream.loadgen.FleetLogGenerator;
import io.oomstream.loadgen.FleetRecord;
import io.oomstream.loadgen.GeneratorConfig;
import io.oomstream.loadgen.OutputFormat;
import io.oomstream.metrics.Metrics;
import io.oomstream.topology.OrdinaryRecordFilter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/**
 * The end-to-end bench's input as the main consumer's polls, and one pass of {@link OrdinaryRecordFilter} over them:
 * what {@link OrdinaryFilterBench} and {@link SideBySideFilterBench} time. It touches only the filter's public face
 * (its config keys, {@code onConsume}) and the generator, so a class loader over an older jar followed by this one
 * runs this class against the older jar's filter (the older jar has no class of this name).
 */
public final class FilterPasses {

    static final String TOPIC = "bench.syslog";
    static final int PARTITIONS = 4;

    private FilterPasses() {
    }

    /**
     * The bench's end-to-end input (rsyslog omkafka JSON keyed by host, 10,000 hosts, seed 1), {@code records} of it,
     * spread over 4 partitions as the default partitioner spreads keys, cut into polls of {@code pollSize}.
     */
    public static List<ConsumerRecords<byte[], byte[]>> polls(final int records, final int pollSize) {
        final List<List<ConsumerRecord<byte[], byte[]>>> byPartition = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            byPartition.add(new ArrayList<>());
        }
        final FleetLogGenerator g = new FleetLogGenerator(GeneratorConfig.defaults().withLines(records)
                .withHosts(10_000).withFormat(OutputFormat.JSON).withSeed(1));
        final long appended = System.currentTimeMillis();
        while (g.hasNext()) {
            final FleetRecord r = g.next();
            final int p = Math.floorMod(r.host().hashCode(), PARTITIONS);
            final List<ConsumerRecord<byte[], byte[]>> part = byPartition.get(p);
            final byte[] value = r.value().getBytes(StandardCharsets.UTF_8);
            part.add(new ConsumerRecord<>(TOPIC, p, part.size(), appended + part.size() / 50, TimestampType.LOG_APPEND_TIME,
                    r.host().length(), value.length, r.host().getBytes(StandardCharsets.UTF_8), value,
                    new RecordHeaders(), java.util.Optional.empty()));
        }
        return polls(byPartition, pollSize);
    }

    /**
     * One pass of a new filter over the polls, each poll's values copied into fresh arrays first, as the consumer
     * copies them out of its fetch buffer right before the interceptor sees them (so the filter reads bytes as warm
     * as in the stream thread); the copy is part of the pass. Returns the records the filter kept.
     */
    public static long pass(final List<ConsumerRecords<byte[], byte[]>> polls) {
        final OrdinaryRecordFilter filter = new OrdinaryRecordFilter();
        filter.configure(Map.of("oomstream.ordinary.filter.topic", TOPIC,
                "oomstream.ordinary.filter.metrics", new Metrics()));
        long kept = 0;
        for (final ConsumerRecords<byte[], byte[]> poll : polls) {
            kept += filter.onConsume(fresh(poll)).count();
        }
        drainHandoff();
        return kept;
    }

    /** The filter hands its kept records' decode on (a per-thread table): a new filter's pass starts again at 0. */
    private static void drainHandoff() {
        try {
            final Class<?> handoff = Class.forName("io.oomstream.topology.DecodeHandoff");
            final java.lang.reflect.Method reset = handoff.getDeclaredMethod("reset", TopicPartition.class);
            reset.setAccessible(true);
            for (int p = 0; p < PARTITIONS; p++) {
                reset.invoke(null, new TopicPartition(TOPIC, p));
            }
        } catch (final ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The poll with each record's value in a fresh array, as the consumer hands a poll to its interceptors. */
    private static ConsumerRecords<byte[], byte[]> fresh(final ConsumerRecords<byte[], byte[]> poll) {
        final Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> out = new LinkedHashMap<>();
        for (final TopicPartition tp : poll.partitions()) {
            final List<ConsumerRecord<byte[], byte[]>> records = poll.records(tp);
            final List<ConsumerRecord<byte[], byte[]>> copied = new ArrayList<>(records.size());
            for (final ConsumerRecord<byte[], byte[]> r : records) {
                copied.add(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.timestamp(), r.timestampType(),
                        r.serializedKeySize(), r.serializedValueSize(), r.key(), r.value().clone(), r.headers(),
                        r.leaderEpoch()));
            }
            out.put(tp, copied);
        }
        return new ConsumerRecords<>(out, poll.nextOffsets());
    }

    /** Polls of up to {@code size} records, taken from the partitions in turn as a fetch would. */
    private static List<ConsumerRecords<byte[], byte[]>> polls(final List<List<ConsumerRecord<byte[], byte[]>>> parts,
                                                               final int size) {
        final List<ConsumerRecords<byte[], byte[]>> polls = new ArrayList<>();
        final int[] at = new int[parts.size()];
        final int per = Math.max(1, size / parts.size());
        boolean more = true;
        while (more) {
            more = false;
            final Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> poll = new LinkedHashMap<>();
            final Map<TopicPartition, OffsetAndMetadata> next = new LinkedHashMap<>();
            for (int p = 0; p < parts.size(); p++) {
                final List<ConsumerRecord<byte[], byte[]>> part = parts.get(p);
                final int to = Math.min(part.size(), at[p] + per);
                if (to > at[p]) {
                    final TopicPartition tp = new TopicPartition(TOPIC, p);
                    poll.put(tp, part.subList(at[p], to));
                    next.put(tp, new OffsetAndMetadata(to));
                    at[p] = to;
                    more = true;
                }
            }
            if (!poll.isEmpty()) {
                polls.add(new ConsumerRecords<>(poll, next));
            }
        }
        return polls;
    }
}
